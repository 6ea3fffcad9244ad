"""The guide library: bundled and user guides, bad files reported, search, suggestions,
user copies, export and import."""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from homesupport.domain.guides import GuideError, GuideStep
from homesupport.services.guides import GuideLibrary, UnknownGuideError, guide_text
from tests.guides.conftest import make_guide, write_guide_folder


@pytest.fixture
def roots(tmp_path: Path) -> tuple[Path, Path]:
    bundled, data = tmp_path / "bundled", tmp_path / "data"
    write_guide_folder(bundled, "text-size-phone")
    write_guide_folder(bundled, "omakanta-renew", languages=("fi", "sv"))
    for lang in ("fi", "sv"):
        guide = make_guide(
            lang,
            "omakanta-renew",
            title=f"OmaKanta resepti {lang}",
            topics=("omakanta", "device_settings"),
        )
        (bundled / "omakanta-renew" / f"{lang}.toml").write_text(guide_text(guide))
    return bundled, data


@pytest.fixture
def library(roots, codes) -> GuideLibrary:
    bundled, data = roots
    return GuideLibrary.open(data, codes, bundled_dir=bundled)


def test_loads_every_language_of_every_bundled_guide(library):
    assert library.slugs() == ["omakanta-renew", "text-size-phone"]
    assert library.languages("text-size-phone") == ("fi", "sv", "en")
    assert library.languages("omakanta-renew") == ("fi", "sv")
    assert [e.language for e in library.guides("sv")] == ["sv", "sv"]
    entry = library.require("text-size-phone", "en")
    assert entry.bundled and not entry.editable and entry.path.name == "en.toml"
    assert library.problems == ()


def test_invalid_files_are_reported_and_the_rest_still_load(roots, codes):
    bundled, data = roots
    (bundled / "text-size-phone" / "sv.toml").write_text('format = "homesupport.guide/1"\n')
    (bundled / "text-size-phone" / "de.toml").write_text("")
    (bundled / "Bad Folder").mkdir()
    (bundled / "omakanta-renew" / "icon.png").unlink()
    (bundled / "broken").mkdir()
    (bundled / "broken" / "fi.toml").write_bytes(b"\xff\xfe not utf-8")
    library = GuideLibrary.open(data, codes, bundled_dir=bundled)
    assert library.languages("text-size-phone") == ("fi", "en")
    assert library.languages("omakanta-renew") == ()
    described = "\n".join(p.describe() for p in library.problems)
    assert "text-size-phone/sv.toml: title: missing" in described
    assert "de.toml" in described and "Bad Folder" in described
    assert "omakanta-renew/fi.toml: steps[1].image: image file icon.png not found" in described
    assert "broken/fi.toml: save the file as UTF-8 text" in described


def test_search_by_words_topic_and_language(library):
    assert {e.slug for e in library.search("tekstin")} == {"text-size-phone"}
    assert {(e.slug, e.language) for e in library.search("resepti", language="sv")} == {
        ("omakanta-renew", "sv")
    }
    # topic labels in any language match too
    assert {e.slug for e in library.search("mittkanta")} == {"omakanta-renew"}
    assert {e.slug for e in library.search(topic="omakanta")} == {"omakanta-renew"}
    assert library.search("no such words") == []
    assert len(library.search("")) == 5


def test_suggestions_rank_by_shared_topics_and_fall_back_in_language(library):
    found = library.suggest(["omakanta", "device_settings"], "en")
    assert [e.slug for e in found] == ["omakanta-renew", "text-size-phone"]
    assert [e.language for e in found] == ["fi", "en"]  # no English omakanta guide
    assert library.suggest([], "fi") == []
    assert library.suggest(["wilma"], "fi") == []


def test_editing_a_bundled_guide_saves_an_overriding_user_copy(library, roots):
    _bundled, data = roots
    original = library.require("text-size-phone", "fi")
    edited = replace(original.guide, title="Oma versio")
    saved = library.save(edited)
    assert (
        saved.editable
        and saved.overrides_bundled
        and saved.folder == data / "guides" / ("text-size-phone")
    )
    assert (saved.folder / "phone.png").is_file()  # images come along from the bundled folder
    assert library.require("text-size-phone", "fi").title == "Oma versio"
    assert library.require("text-size-phone", "sv").bundled  # other languages untouched
    assert library.bundled("text-size-phone", "fi").title == original.title
    library.delete("text-size-phone", "fi")
    assert library.require("text-size-phone", "fi").title == original.title
    assert not (data / "guides" / "text-size-phone").exists()


def test_bundled_guides_are_read_only(library):
    with pytest.raises(GuideError, match="read-only"):
        library.delete("text-size-phone")
    with pytest.raises(UnknownGuideError):
        library.delete("nothing-here")


def test_save_validates_and_copies_new_images(library, tmp_path):
    picture = tmp_path / "my-photo.jpg"
    Image.new("RGB", (400, 300), "red").save(picture)
    guide = make_guide("fi", "my-guide", steps=(GuideStep("Avaa.", image="my-photo.jpg"),))
    saved = library.save(guide, {"my-photo.jpg": picture})
    assert (saved.folder / "my-photo.jpg").read_bytes() == picture.read_bytes()
    assert not saved.overrides_bundled
    with pytest.raises(GuideError) as caught:
        library.save(replace(guide, topics=("nope",), steps=(GuideStep("x", image="gone.png"),)))
    assert {p.field for p in caught.value.problems} == {"topics", "steps[1].image"}
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10" + b"junk")
    with pytest.raises(GuideError, match="broken"):
        library.save(
            replace(guide, steps=(GuideStep("x", image="broken.png"),)), {"broken.png": broken}
        )


def test_duplicate_copies_every_language_to_a_new_slug(library):
    new = library.duplicate("text-size-phone")
    assert new == "text-size-phone-copy"
    assert library.languages(new) == ("fi", "sv", "en")
    copy = library.require(new, "en")
    assert (
        copy.editable and copy.title.startswith("Make the text bigger") and "(copy)" in copy.title
    )
    assert library.duplicate("text-size-phone") == "text-size-phone-copy-2"


def test_deleting_one_language_keeps_the_images_the_others_use(library):
    new = library.duplicate("text-size-phone")
    library.delete(new, "fi")
    assert library.languages(new) == ("sv", "en")
    assert (library.user_dir / new / "phone.png").is_file()


def test_a_deleted_guide_comes_back_with_its_pictures(library):
    new = library.duplicate("text-size-phone")
    for language in ("sv", "en"):
        library.delete(new, language)
    entry = library.require(new, "fi")
    deleted = library.delete_undoably(entry)
    assert not (library.user_dir / new).exists()  # the last language took the pictures along
    restored = library.restore(deleted)
    assert restored.guide == entry.guide
    assert all((restored.folder / name).is_file() for name in entry.guide.images)
    assert not any(deleted.images()[name].exists() for name in entry.guide.images)
    with pytest.raises(GuideError):  # bundled guides are read-only, and nothing is kept
        library.delete_undoably(library.require("text-size-phone", "fi"))


def test_export_and_import_round_trip_under_a_new_slug(library, tmp_path):
    target = library.export("text-size-phone", tmp_path / "guide.zip")
    with zipfile.ZipFile(target) as archive:
        assert sorted(archive.namelist()) == sorted(
            f"text-size-phone/{n}"
            for n in ("fi.toml", "sv.toml", "en.toml", "icon.png", "phone.png", "screen.jpg")
        )
    imported = library.import_file(target)
    assert {e.slug for e in imported} == {"text-size-phone-2"}
    assert library.require("text-size-phone-2", "sv").guide == replace(
        library.require("text-size-phone", "sv").guide, slug="text-size-phone-2"
    )
    again = library.import_file(target, replace_existing=True)
    assert {e.slug for e in again} == {"text-size-phone"}
    assert library.require("text-size-phone", "fi").overrides_bundled


def zip_with(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_import_refuses_what_is_not_a_guide(library, tmp_path):
    good = guide_text(make_guide("fi", "my-guide", steps=(GuideStep("Avaa."),))).encode()
    cases = {
        "text.zip": (tmp_path / "text.zip", None),
        "escape": (zip_with(tmp_path / "a.zip", {"my-guide/../../evil.toml": good}), None),
        "two": (zip_with(tmp_path / "b.zip", {"a/fi.toml": good, "b/fi.toml": good}), None),
        "other": (zip_with(tmp_path / "c.zip", {"my-guide/run.exe": b"MZ"}), None),
        "bad": (zip_with(tmp_path / "d.zip", {"my-guide/fi.toml": b'title = "x"'}), None),
        "empty": (zip_with(tmp_path / "e.zip", {"my-guide/readme.png": b""}), None),
    }
    (tmp_path / "text.zip").write_text("hello")
    for name, (path, _) in cases.items():
        with pytest.raises(GuideError) as caught:
            library.import_file(path)
        assert caught.value.problems, name
        assert all(p.describe() for p in caught.value.problems)
    assert library.slugs() == ["omakanta-renew", "text-size-phone"]
    assert not any(p.name.startswith(".import") for p in library.user_dir.iterdir())
    with pytest.raises(GuideError) as caught:
        library.import_file(cases["bad"][0])
    bad = caught.value.problems
    assert {p.field for p in bad} >= {"format", "slug", "steps"}
    assert all("d.zip: my-guide/fi.toml" in p.file for p in bad)


def test_importing_several_files_leaves_out_only_the_bad_ones(library, tmp_path):
    good = library.export("text-size-phone", tmp_path / "good.zip")
    bad = zip_with(tmp_path / "bad.zip", {"my-guide/fi.toml": b'title = "x"'})
    added, problems = library.import_files([bad, tmp_path / "missing.zip", good])
    assert {e.slug for e in added} == {"text-size-phone-2"}
    assert {e.language for e in added} == {"fi", "sv", "en"}
    assert any("bad.zip" in p.file for p in problems)
    assert any("missing.zip" in p.file for p in problems)
    assert library.slugs() == ["omakanta-renew", "text-size-phone", "text-size-phone-2"]


def test_sources_resolve_slugs_in_order(library):
    entries = library.sources(["omakanta-renew", "text-size-phone"], "fi")
    assert [e.slug for e in entries] == ["omakanta-renew", "text-size-phone"]
    with pytest.raises(UnknownGuideError):
        library.sources(["omakanta-renew"], "en")


DEEPLY_NESTED = ("x = " + "[" * 1000 + "]" * 1000 + "\n").encode()


def test_a_deeply_nested_guide_file_is_an_invalid_file_not_a_crash(roots, codes, tmp_path):
    bundled, data = roots
    write_guide_folder(data / "guides", "my-own-guide", languages=("fi",))
    (data / "guides" / "my-own-guide" / "sv.toml").write_bytes(DEEPLY_NESTED)
    library = GuideLibrary.open(data, codes, bundled_dir=bundled)
    assert library.get("my-own-guide", "fi") is not None  # the other language still loads
    assert any("nested too deeply" in p.describe() for p in library.problems)

    nested = zip_with(tmp_path / "nested.zip", {"my-guide/fi.toml": DEEPLY_NESTED})
    good = library.export("text-size-phone", tmp_path / "good.zip")
    added, problems = library.import_files([nested, good])
    assert {e.slug for e in added} == {"text-size-phone-2"}
    assert any("nested.zip" in p.file and "nested too deeply" in p.describe() for p in problems)


def test_stale_lists_the_guides_checked_over_a_year_ago_per_language(library):
    old = make_guide("sv", "text-size-phone", checked=dt.date(2024, 5, 2))
    library.save(old)  # a user copy overrides the bundled Swedish guide only
    today = dt.date(2025, 11, 1)  # the bundled guides were checked on 2026-11-01
    assert [(e.slug, e.language) for e in library.stale(today)] == [("text-size-phone", "sv")]
    assert library.stale(today, "fi") == []
    later = dt.date(2027, 11, 2)
    assert {(e.slug, e.language) for e in library.stale(later)} == {
        (e.slug, e.language) for e in library.guides()
    }
