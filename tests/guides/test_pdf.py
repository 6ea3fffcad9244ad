"""Guide sheets read back with pypdf and pdfplumber: the print-quality rules of issue 4."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import itertools

import pdfplumber
import pytest
from PIL import Image
from pypdf import PdfReader

from homesupport.domain.guides import GuideError, GuideStep
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import translation
from homesupport.pdf import render
from homesupport.pdf.render import GuideRenderer, PrintOptions
from tests.guides.conftest import make_guide

A4 = (595.2756, 841.8898)
SUPPORTER = SupporterProfile(
    name="Maija Meikäläinen", organisation="Digituki Åbo", contact="040 123 4567"
)
OPTIONS = PrintOptions(client="Aino", supporter=SUPPORTER, printed=dt.date(2026, 11, 22))
OPTIONS_SIZED = {
    size: PrintOptions(size=size, supporter=SUPPORTER, printed=dt.date(2026, 11, 10))
    for size in ("normal", "large")
}


@pytest.fixture(scope="module")
def renderer() -> GuideRenderer:
    return GuideRenderer()


def L(msgid: str, **params: object) -> str:
    """A printed label as the Finnish fixture guides show it: from the one catalogue."""
    return translation("fi").gettext(msgid).format(**params)


# The footer wraps, so only its first words are matched.
SCREENS_MAY_CHANGE = L("Screens may change: look for similar words.").split(":")[0]


def pdf_fonts(data: bytes) -> set[tuple[str, bool]]:
    fonts = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = descriptor is not None and "/FontFile2" in descriptor.get_object()
            fonts.add((str(font["/BaseFont"]), embedded))
    return fonts


def words_by_page(data: bytes) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_words(extra_attrs=["size", "fontname"]) for page in pdf.pages]


def page_texts(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@pytest.mark.parametrize("size", ["normal", "large"])
def test_every_font_is_embedded_and_only_atkinson_is_used(renderer, guide_folder, size):
    guide = make_guide(title="Tekstin suurentaminen 2026")  # a bold zero
    data = renderer.render_guide(guide, guide_folder, OPTIONS_SIZED[size])
    fonts = pdf_fonts(data)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert {name.split("+")[1] for name, _ in fonts} == {
        "AtkinsonHyperlegible-Regular",
        "AtkinsonHyperlegible-Bold",
        "Lexend-Regular",  # zeros only, never slashed
        "Lexend-Bold",
    }
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        chars = [c for page in pdf.pages for c in page.chars]
    zeros = {c["fontname"].split("+")[1] for c in chars if c["text"] == "0"}
    others = {c["fontname"].split("+")[1] for c in chars if c["text"] != "0"}
    assert zeros == {"Lexend-Regular", "Lexend-Bold"}  # "Sivu 1 / 10" bold, dates regular
    assert others == {"AtkinsonHyperlegible-Regular", "AtkinsonHyperlegible-Bold"}


@pytest.mark.parametrize(("size", "body"), [("normal", 16), ("large", 20)])
def test_type_sizes_line_spacing_and_a4(renderer, guide_folder, size, body):
    data = renderer.render_guide(make_guide(), guide_folder, PrintOptions(size=size))
    reader = PdfReader(io.BytesIO(data))
    for page in reader.pages:
        assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A4)
    words = [w for page in words_by_page(data) for w in page]
    assert min(w["size"] for w in words) >= body - 0.01  # header, captions, footer included
    step_words = [w for w in words if w["text"] == "Asetukset"]
    assert step_words and all(w["size"] == pytest.approx(body) for w in step_words)
    # consecutive lines of one step paragraph: baseline distance ≥ 1.4 × size
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = [
            line
            for line in pdf.pages[0].extract_text_lines()
            if abs(line["chars"][0]["size"] - body) < 0.01
        ]
    gaps = [b["top"] - a["top"] for a, b in itertools.pairwise(lines)]
    assert gaps and min(gaps) >= 1.4 * body - 0.01


def test_text_is_left_aligned_black_and_in_reading_order(renderer, guide_folder):
    data = renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    text = "\n".join(page_texts(data))
    positions = [text.index(L("Step {number}", number=n) + "\n") for n in range(1, 9)]
    assert positions == sorted(positions)
    assert (
        text.index("Tekstin suurentaminen puhelimessa") < positions[0] < text.index(L("My notes"))
    )
    assert "Åbo äöå ÄÖÅ" in text
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            colours = {tuple(c["non_stroking_color"] or (0,)) for c in page.chars}
            assert colours <= {(0,), (0, 0, 0), (0.0,)}, colours
            starts = [line["x0"] for line in page.extract_text_lines()]
            # every line starts at the margin or the step indent: nothing centred or right
            # aligned except the page number
            assert len({round(x) for x in starts}) <= 4


def test_steps_are_never_split_across_pages(renderer, guide_folder):
    data = renderer.render_guide(make_guide(), guide_folder, PrintOptions(size="large"))
    texts = page_texts(data)
    assert len(texts) > 1
    for n in range(1, 9):
        holding = [i for i, t in enumerate(texts) if L("Step {number}", number=n) + "\n" in t]
        assert len(holding) == 1
        page = texts[holding[0]]
        assert f"Vaihe {n}: Avaa Asetukset ja valitse Näyttö." in page.replace("\n", " ")


def test_header_and_page_number_sit_in_the_same_place_on_every_page(renderer, guide_folder):
    data = renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    pages = words_by_page(data)
    assert len(pages) >= 3
    headers = {(round(p[0]["x0"], 1), round(p[0]["top"], 1), p[0]["text"]) for p in pages}
    assert len(headers) == 1
    numbers = set()
    for i, words in enumerate(pages, start=1):
        label = [w for w in words if w["text"] == f"{i}"] and [
            w for w in words if w["text"] == L("Page {page} / {pages}", page=0, pages=0).split()[0]
        ]
        assert label
        page_word = label[-1]
        numbers.add((round(page_word["x0"]), round(page_word["top"])))
        assert L("Page {page} / {pages}", page=i, pages=len(pages)) in page_texts(data)[i - 1]
    # The label is right-aligned: it moves only by the width of a digit, never down the page.
    lefts, tops = {x for x, _ in numbers}, {top for _, top in numbers}
    assert max(lefts) - min(lefts) <= 4 and len(tops) == 1


def test_metadata_title_and_language(renderer, guide_folder):
    data = renderer.render_guide(make_guide("sv"), guide_folder, OPTIONS)
    reader = PdfReader(io.BytesIO(data))
    assert reader.metadata.title == "Gör texten större på telefonen"
    assert reader.trailer["/Root"]["/Lang"] == "sv"


def test_personal_details_notes_warning_and_address(renderer, guide_folder):
    data = renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    texts = page_texts(data)
    flat = "\n".join(texts)
    assert L("Made for {name}", name="Aino") in texts[0]
    assert "https://www.suomi.fi" in texts[0] and L("Type this address yourself:") in texts[0]
    assert L("Never write passwords, PIN codes or bank codes here.") in flat.replace("\n", " ")
    for text in texts:  # the contact on every page, beside the page number
        assert "Maija Meikäläinen, Digituki Åbo," in text and "\n040 123 4567" in text
    # the date printed and "screens may change" once, after the steps
    closing = L("Printed {date}.", date="22.11.2026") + " " + SCREENS_MAY_CHANGE
    assert flat.replace("\n", " ").count(closing) == 1
    assert flat.index(closing.split()[0]) > flat.index(L("Step {number}", number=8))
    assert L("Guide checked {date}", date="1.11.2026") in texts[0]


def test_the_footer_never_breaks_a_phone_number(renderer, guide_folder):
    for organisation in ("Digituki", "Digituki Åbo", "Seniorernas digitala stöd Åbo"):
        supporter = SupporterProfile("Maija Meikäläinen", organisation, "+358 40 123 4567")
        data = renderer.render_guide(
            make_guide(), guide_folder, PrintOptions(size="large", supporter=supporter)
        )
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines = [line["text"] for line in pdf.pages[0].extract_text_lines()]
        assert any("+358 40 123 4567" in line for line in lines), lines


def test_without_profile_or_client_the_sheet_leaves_them_out(renderer, guide_folder):
    data = renderer.render_guide(make_guide(), guide_folder, PrintOptions(notes_box=False))
    flat = "\n".join(page_texts(data))
    assert L("Your digital supporter") not in flat and L("Made for {name}", name="") not in flat
    assert L("My notes") not in flat and SCREENS_MAY_CHANGE in flat


def test_qr_code_is_drawn_next_to_the_address(renderer, guide_folder, tmp_path):
    with_qr = renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    without = renderer.render_guide(make_guide(address=None), guide_folder, OPTIONS)
    with pdfplumber.open(io.BytesIO(with_qr)) as pdf:
        squares = [r for r in pdf.pages[0].rects if r["fill"] and r["width"] < 20]
    with pdfplumber.open(io.BytesIO(without)) as pdf:
        assert not [r for r in pdf.pages[0].rects if r["fill"] and r["width"] < 20]
    assert len(squares) > 100
    assert "https://www.suomi.fi" not in "\n".join(page_texts(without))


def test_images_are_scaled_to_fit_and_embedded(renderer, guide_folder):
    data = renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        images = [i for page in pdf.pages for i in page.images]
        assert len(images) == 3
        for image in images:
            assert image["x0"] >= 56 and image["x1"] <= pdf.pages[0].width - 56
            assert image["height"] <= 0.5 * pdf.pages[0].height


def test_labels_come_from_the_catalogue_of_the_guide_language(monkeypatch, guide_folder):
    asked = []

    class Finnish(gettext.NullTranslations):
        def gettext(self, message: str) -> str:
            return {
                "Step {number}": "Vaihe {number}",
                "My notes": "Omat muistiinpanot",
                "Page {page} / {pages}": "Sivu {page} / {pages}",
            }.get(message, message)

    def fake_translation(language: str) -> gettext.NullTranslations:
        asked.append(language)
        return Finnish()

    monkeypatch.setattr(render, "translation", fake_translation)
    data = GuideRenderer().render_guide(make_guide("fi"), guide_folder, OPTIONS)
    flat = "\n".join(page_texts(data))
    assert asked == ["fi"]
    assert "Vaihe 1\n" in flat and "Omat muistiinpanot" in flat and "Sivu 1 / " in flat


def test_a_broken_image_names_file_and_field(renderer, guide_folder):
    (guide_folder / "phone.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    (problem,) = caught.value.problems
    assert problem.field == "steps[3].image"
    assert problem.file.endswith("text-size-phone/fi.toml")


def test_a_truncated_image_is_refused_when_decoded(renderer, guide_folder):
    data = (guide_folder / "screen.jpg").read_bytes()
    (guide_folder / "screen.jpg").write_bytes(data[: len(data) // 3])
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    assert [p.field for p in caught.value.problems] == ["steps[6].image"]
    assert "broken" in caught.value.problems[0].describe()


def test_absurd_images_are_refused_before_decoding(renderer, guide_folder):
    Image.new("L", (12000, 10)).save(guide_folder / "icon.png")
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    assert "12000 × 10 pixels" in caught.value.problems[0].describe()
    (guide_folder / "icon.png").write_bytes(b"\x89PNG" + b"\0" * (21 * 1024 * 1024))
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    assert "too large" in caught.value.problems[0].describe()


def test_a_missing_image_names_file_and_field(renderer, guide_folder):
    (guide_folder / "icon.png").unlink()
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(make_guide(), guide_folder, OPTIONS)
    assert caught.value.problems[0].field == "steps[1].image"
    assert "icon.png not found" in caught.value.problems[0].describe()


def test_an_overlong_step_is_split_after_its_action_or_refused(renderer, guide_folder):
    long = "Lue tämä huolellisesti ennen kuin jatkat eteenpäin. " * 7
    split_step = GuideStep(long[:400], image="phone.png", tip=long[:300], warning=long[:300])
    guide = make_guide(steps=(split_step,))
    data = renderer.render_guide(guide, guide_folder, PrintOptions(size="large"))
    texts = page_texts(data)
    assert any(L("Step {number}, continued", number=1) in t for t in texts)
    first = next(i for i, t in enumerate(texts) if L("Step {number}", number=1) + "\n" in t)
    assert L("Tip:") not in texts[first] and L("Tip:") in texts[first + 1]

    crowded = GuideStep("\n".join(["Rivi."] * 40))
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(make_guide(steps=(crowded,)), guide_folder, OPTIONS)
    assert caught.value.problems[0].field == "steps[1].text"
    assert "does not fit on one page" in caught.value.problems[0].describe()


def test_characters_the_font_lacks_are_replaced_or_refused(renderer, guide_folder):
    arrows = make_guide(steps=(GuideStep("Valitse Asetukset → Näyttö ✓"),))
    flat = "\n".join(page_texts(renderer.render_guide(arrows, guide_folder, OPTIONS)))
    assert "Asetukset › Näyttö (OK)" in flat
    emoji = make_guide(steps=(GuideStep("Paina 📞 ja odota."),))
    with pytest.raises(GuideError) as caught:
        renderer.render_guide(emoji, guide_folder, OPTIONS)
    assert caught.value.problems[0].field == "steps[1].text"


def test_booklet_has_cover_contents_and_each_guide_on_a_new_page(renderer, guide_folder):
    guides = [
        (make_guide("fi"), guide_folder),
        (make_guide("fi", title="Toinen opas", address=None), guide_folder),
        (make_guide("fi", title="Kolmas opas", steps=(GuideStep("Vain yksi askel."),)), None),
    ]
    data = renderer.render_booklet(guides, "fi", OPTIONS)
    texts = page_texts(data)
    assert L("My guides") in texts[0] and L("Made for {name}", name="Aino") in texts[0]
    assert L("Contents") in texts[1]
    starts = {}
    for i, text in enumerate(texts):
        body = text.split("\n", 1)[1]  # below the running header
        for title in ("Tekstin suurentaminen puhelimessa", "Toinen opas", "Kolmas opas"):
            if body.startswith(title):
                starts[title] = i + 1
    assert list(starts.values()) == sorted(starts.values()) and len(starts) == 3
    contents = texts[1]
    for title, page in starts.items():
        assert f"{title}" in contents and contents.split(title)[1].split("\n")[0].endswith(
            str(page)
        )
    for i, text in enumerate(texts, start=1):
        assert L("Page {page} / {pages}", page=i, pages=len(texts)) in text
    # the running header follows the guide on its pages
    assert texts[starts["Toinen opas"] - 1].startswith("Toinen opas")
    assert all(embedded for _, embedded in pdf_fonts(data))
    assert PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "fi"
    outline = [item.title for item in PdfReader(io.BytesIO(data)).outline]
    assert outline == list(starts)


def test_an_empty_booklet_is_refused(renderer):
    with pytest.raises(ValueError):
        renderer.render_booklet([], "fi", OPTIONS)
