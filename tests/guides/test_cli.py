"""``guides list`` and ``guides pdf``, called through their parsers and handlers."""

from __future__ import annotations

import argparse
import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from homesupport.cli import guides as guides_cli
from homesupport.cli.context import CliContext
from homesupport.cli.errors import EXIT_OK, EXIT_USAGE, CliError
from homesupport.domain.codes import CodeList, Municipalities
from homesupport.domain.guides import months_before
from homesupport.domain.profile import SupporterProfile
from homesupport.resources import resource
from homesupport.services.guides import GuideLibrary, guide_text
from tests.guides.conftest import make_guide, write_guide_folder


class FakeStore:
    def profile(self) -> SupporterProfile:
        return SupporterProfile(name="Maija Meikäläinen", contact="maija@example.fi")


def no_store():
    raise RuntimeError("no key for the store here")


def context(data_dir: Path, open_store=no_store, language: str = "fi") -> CliContext:
    return CliContext(
        data_dir=data_dir,
        language=language,
        codes=CodeList.from_csv(resource("data", "codes.csv")),
        municipalities=Municipalities(()),
        out=io.StringIO(),
        err=io.StringIO(),
        open_store=open_store,
    )


def run(ctx: CliContext, *argv: str) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang")  # the global option, which ours must not overwrite
    guides_cli.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["--lang", "sv", *argv])
    assert args.lang == "sv"
    return args.func(args, ctx)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    write_guide_folder(tmp_path / "data" / "guides", "my-own-guide", languages=("fi", "en"))
    return tmp_path / "data"


def test_list_prints_slug_language_title_for_bundled_and_user_guides(data_dir):
    ctx = context(data_dir)
    assert run(ctx, "guides", "list") == EXIT_OK
    lines = ctx.out.getvalue().splitlines()
    assert "my-own-guide\tfi\tTekstin suurentaminen puhelimessa" in lines
    assert "my-own-guide\ten\tMake the text bigger on a phone" in lines
    assert all(len(line.split("\t")) == 3 for line in lines)
    bundled = {line.split("\t")[0] for line in lines} - {"my-own-guide"}
    assert len(bundled) >= 15


def test_list_filters_by_language_and_reports_skipped_files(data_dir):
    (data_dir / "guides" / "my-own-guide" / "sv.toml").write_text("not toml at all")
    ctx = context(data_dir)
    assert run(ctx, "guides", "list", "--lang", "en") == EXIT_OK
    lines = ctx.out.getvalue().splitlines()
    assert lines and all(line.split("\t")[1] == "en" for line in lines)
    assert "my-own-guide/sv.toml" in ctx.err.getvalue()


def test_list_stale_shows_only_guides_due_a_check_with_their_date(data_dir):
    today = dt.date.today()
    old = make_guide("fi", "my-own-guide", checked=months_before(today, 13))
    (data_dir / "guides" / "my-own-guide" / "fi.toml").write_text(guide_text(old))
    fresh = make_guide("en", "my-own-guide", checked=today)
    (data_dir / "guides" / "my-own-guide" / "en.toml").write_text(guide_text(fresh))
    ctx = context(data_dir)
    assert run(ctx, "guides", "list", "--stale") == EXIT_OK
    lines = ctx.out.getvalue().splitlines()
    expected = f"my-own-guide\tfi\t{old.title}\t{old.checked.isoformat()}"
    assert expected in lines
    assert not any(line.startswith("my-own-guide\ten") for line in lines)
    assert all(len(line.split("\t")) == 4 for line in lines)
    library = GuideLibrary.open(data_dir, ctx.codes)
    assert len(lines) == len(library.stale(today))
    plain = context(data_dir)
    assert run(plain, "guides", "list", "--lang", "fi") == EXIT_OK
    assert f"my-own-guide\tfi\t{old.title}" in plain.out.getvalue().splitlines()


def test_pdf_of_one_guide_without_a_store_omits_the_supporter(data_dir, tmp_path):
    ctx = context(data_dir)
    out = tmp_path / "sheet.pdf"
    code = run(
        ctx,
        "guides",
        "pdf",
        "my-own-guide",
        "-o",
        str(out),
        "--lang",
        "en",
        "--size",
        "large",
        "--client",
        "Aino",
    )
    assert code == EXIT_OK
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert reader.metadata.title == "Make the text bigger on a phone"
    assert "Made for Aino" in text and "Your digital supporter" not in text
    assert not list(tmp_path.glob(".*"))  # no temporary file left behind


def test_pdf_booklet_with_the_profile_in_the_footer(data_dir, tmp_path):
    ctx = context(data_dir, open_store=FakeStore)
    out = tmp_path / "booklet.pdf"
    assert run(ctx, "guides", "pdf", "my-own-guide", "connect-wifi", "-o", str(out)) == EXIT_OK
    reader = PdfReader(out)
    text = "\n".join(page.extract_text() for page in reader.pages)
    # the labels follow the guides' language (Finnish here), from the one catalogue
    assert "Sisällys" in text and "Digitukijasi: Maija Meikäläinen" in text
    # no --lang: the message language (fi here) picks the guides' language
    assert reader.trailer["/Root"]["/Lang"] == "fi"


def test_pdf_when_the_store_returns_no_profile(data_dir, tmp_path):
    class EmptyStore:
        def profile(self) -> None:
            return None

    ctx = context(data_dir, open_store=EmptyStore)
    assert run(ctx, "guides", "pdf", "my-own-guide", "-o", str(tmp_path / "a.pdf")) == EXIT_OK


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["nothing-like-this"], "Unknown guide nothing-like-this"),
        (["my-own-guide", "--lang", "sv"], "not available in sv; it is in fi, en"),
        (["my-own-guide", "--client", "x" * 41], "at most 40"),
    ],
)
def test_pdf_usage_errors(data_dir, tmp_path, argv, message):
    ctx = context(data_dir)
    with pytest.raises(CliError) as caught:
        run(ctx, "guides", "pdf", *argv, "-o", str(tmp_path / "out.pdf"))
    assert caught.value.exit_code == EXIT_USAGE and message in str(caught.value)
    assert not (tmp_path / "out.pdf").exists()


def test_pdf_into_a_missing_folder_or_of_an_unprintable_guide(data_dir, tmp_path):
    ctx = context(data_dir)
    with pytest.raises(CliError, match="no folder"):
        run(ctx, "guides", "pdf", "my-own-guide", "-o", str(tmp_path / "no" / "out.pdf"))
    (data_dir / "guides" / "my-own-guide" / "phone.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(CliError) as caught:
        run(ctx, "guides", "pdf", "my-own-guide", "-o", str(tmp_path / "out.pdf"))
    assert caught.value.exit_code == EXIT_USAGE  # the library left the guide out, and says why
    assert "my-own-guide/fi.toml: steps[3].image: the PNG file is broken" in str(caught.value)
    jpeg = data_dir / "guides" / "my-own-guide" / "screen.jpg"
    (data_dir / "guides" / "my-own-guide" / "phone.png").unlink()
    write_guide_folder(data_dir / "guides", "my-own-guide", languages=("fi",))
    jpeg.write_bytes(jpeg.read_bytes()[:2000])  # a header that passes, data that does not
    with pytest.raises(CliError) as caught:
        run(ctx, "guides", "pdf", "my-own-guide", "-o", str(tmp_path / "out.pdf"))
    assert "steps[6].image: the image is broken" in str(caught.value)
    assert not (tmp_path / "out.pdf").exists()


def test_pdf_size_must_be_normal_or_large(data_dir, tmp_path):
    with pytest.raises(SystemExit):
        run(context(data_dir), "guides", "pdf", "x", "-o", "y.pdf", "--size", "huge")


def test_a_deeply_nested_user_guide_is_skipped_by_list_and_pdf(data_dir, tmp_path):
    nested = "x = " + "[" * 1000 + "]" * 1000 + "\n"
    (data_dir / "guides" / "my-own-guide" / "sv.toml").write_text(nested)
    ctx = context(data_dir)
    assert run(ctx, "guides", "list") == EXIT_OK
    assert "my-own-guide\tfi\t" in ctx.out.getvalue()
    assert "my-own-guide/sv.toml" in ctx.err.getvalue()
    assert "nested too deeply" in ctx.err.getvalue()
    out = tmp_path / "sheet.pdf"
    assert run(context(data_dir), "guides", "pdf", "my-own-guide", "-o", str(out)) == EXIT_OK
    assert PdfReader(out).pages
