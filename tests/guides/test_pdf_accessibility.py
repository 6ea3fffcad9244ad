"""Every bundled guide, in every language and both print sizes, and the booklets: tagged
PDF/UA-1 files, checked with the `pdfua` checker and read back (the structure tree against
the page content, artifacts, alt texts, links, type sizes, zeros, page 1 in large print).

All PDFs are rendered once per session (~100 files)."""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf
import pytest
from pdfua import validate

from homesupport.domain.codes import CodeList
from homesupport.domain.guides import GUIDE_LANGUAGES, Guide, GuideStep
from homesupport.domain.profile import SupporterProfile
from homesupport.i18n import translation
from homesupport.pdf.access_content import Section
from homesupport.pdf.access_report import AccessContent, render_access_report
from homesupport.pdf.document import BODY_TOP, FOOTER_BOTTOM, PAGE_HEIGHT, footer_height
from homesupport.pdf.fonts import register_fonts
from homesupport.pdf.recovery import write_recovery_sheet
from homesupport.pdf.render import GuideRenderer, PrintOptions
from homesupport.pdf.styles import make_styles, print_size
from homesupport.resources import resource
from homesupport.services.guides import GuideLibrary
from tests.guides.conftest import make_guide, write_guide_folder

SIZES = ("normal", "large")
MIN_SIZE = {"normal": 16.0, "large": 20.0}
SUPPORTER = SupporterProfile("Maija Meikäläinen", "Digituki Åbo", "020 333 4050")
PRINTED = dt.date(2026, 12, 10)
CONTENT_OPERATORS = {"Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*"}


@dataclass
class Element:
    role: str
    obj: pikepdf.Dictionary
    children: list[Element] = field(default_factory=list)
    content: list[tuple[int, int]] = field(default_factory=list)  # (page, MCID)
    annotations: list[pikepdf.Dictionary] = field(default_factory=list)
    text: str = ""

    def find(self, role: str) -> list[Element]:
        found = [self] if self.role == role else []
        for child in self.children:
            found += child.find(role)
        return found

    def all_text(self) -> str:
        return " ".join([self.text, *(child.all_text() for child in self.children)]).strip()


@dataclass
class Printout:
    name: str
    data: bytes
    path: Path
    guide: Guide | None
    size: str
    language: str


@dataclass
class ReadBack:
    root: Element
    chars: list[list[dict]]  # per page
    page_count: int
    pdf: pikepdf.Pdf  # kept open: the elements' objects live in it


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


@pytest.fixture(scope="session")
def printouts(tmp_path_factory) -> list[Printout]:
    folder = tmp_path_factory.mktemp("printouts")
    codes = CodeList.from_csv(resource("data", "codes.csv"))
    library = GuideLibrary.open(tmp_path_factory.mktemp("data"), codes)
    renderer = GuideRenderer()
    made = []
    for size in SIZES:
        options = PrintOptions(size=size, client="Aino", supporter=SUPPORTER, printed=PRINTED)
        for language in GUIDE_LANGUAGES:
            entries = library.guides(language)
            for entry in entries:
                data = renderer.render_guide(entry.guide, entry.folder, options)
                name = f"{entry.guide.slug}-{language}-{size}"
                made.append(
                    Printout(name, data, folder / f"{name}.pdf", entry.guide, size, language)
                )
            if size == "large":
                booklet = [(e.guide, e.folder) for e in entries]
                data = renderer.render_booklet(booklet, language, options)
                made.append(
                    Printout(
                        f"booklet-{language}",
                        data,
                        folder / f"b-{language}.pdf",
                        None,
                        size,
                        language,
                    )
                )
    # one with pictures: their Figures need alt text too
    pictures = tmp_path_factory.mktemp("bundled")
    guide_folder = write_guide_folder(pictures)
    data = renderer.render_guide(make_guide(), guide_folder, PrintOptions(size="large"))
    made.append(Printout("pictures", data, folder / "pictures.pdf", make_guide(), "large", "fi"))
    for printout in made:
        printout.path.write_bytes(printout.data)
    assert len(made) == 15 * 3 * 2 + 3 + 1
    return made


@pytest.fixture(scope="session")
def read_back(printouts) -> dict[str, ReadBack]:
    return {p.name: read_structure(p.data) for p in printouts}


def read_structure(data: bytes) -> ReadBack:
    """The structure tree with each element's own text (from the marked content it points
    to), after checking that tree, ParentTree and page content agree."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = [page.obj for page in pdf.pages]
    page_index = {page.objgen: i for i, page in enumerate(pages)}
    tree = pdf.Root.StructTreeRoot
    parent_tree = dict(_number_tree(tree.ParentTree))
    with pdfplumber.open(io.BytesIO(data)) as plumber:
        chars = [page.chars for page in plumber.pages]
    text_by_mcid: dict[tuple[int, int], str] = defaultdict(str)
    line_of: dict[tuple[int, int], float] = {}
    for number, page_chars in enumerate(chars):
        for char in page_chars:
            if char.get("mcid") is not None:
                where = (number, char["mcid"])
                baseline = round(char["matrix"][5], 1)  # the zeros' font has its own top
                if line_of.setdefault(where, baseline) != baseline:
                    line_of[where] = baseline
                    text_by_mcid[where] += " "  # a line break is a space
                text_by_mcid[where] += char["text"]

    seen_mcids: set[tuple[int, int]] = set()

    def build(obj: pikepdf.Dictionary) -> Element:
        element = Element(str(obj.S)[1:], obj)
        for kid in _kids(obj):
            kind = kid.get("/Type")
            if kind == "/MCR":
                where = (page_index[kid.Pg.objgen], int(kid.MCID))
                assert where not in seen_mcids, "an MCID belongs to one element"
                seen_mcids.add(where)
                element.content.append(where)
                element.text += text_by_mcid[where]
                # the ParentTree leads from the content back to this element
                assert (
                    parent_tree[int(pages[where[0]].StructParents)][where[1]].objgen == obj.objgen
                )
            elif kind == "/OBJR":
                annotation = kid.Obj
                element.annotations.append(annotation)
                assert parent_tree[int(annotation.StructParent)].objgen == obj.objgen
            else:
                assert kind == "/StructElem" and kid.P.objgen == obj.objgen
                element.children.append(build(kid))
        return element

    (document,) = _kids(tree)
    assert document.P.objgen == tree.objgen
    root = build(document)
    # every marked-content item on every page is reachable from the tree; everything else
    # that puts ink on paper is an artifact
    for number, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None]] = []
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                mcid = None
                if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary):
                    mcid = operands[1].get("/MCID")
                if mcid is not None:
                    assert not stack, "real content is never nested in other marked content"
                    assert (number, int(mcid)) in seen_mcids, (number, int(mcid))
                stack.append((tag, mcid))
            elif op == "EMC":
                stack.pop()
            elif op in CONTENT_OPERATORS:
                assert stack, f"page {number + 1}: {op} outside marked content"
                assert stack[0][0] == "/Artifact" or stack[0][1] is not None
        assert not stack
        for annotation in page.obj.get("/Annots", []):
            assert str(annotation.get("/Contents", "")), "every link says where it leads"
            assert "/StructParent" in annotation
    return ReadBack(root, chars, len(pdf.pages), pdf)


def _kids(node: pikepdf.Dictionary) -> list:
    kids = node.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _number_tree(node: pikepdf.Dictionary):
    if "/Nums" in node:
        nums = list(node.Nums)
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            yield int(key), value
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def test_every_printout_passes_the_pdfua_checker(printouts):
    failures = {}
    for printout in printouts:
        report = validate(str(printout.path))
        # every rule ran (a rule that cannot read the file is skipped, not passed)
        assert len(report.outcomes) == 12
        problems = [f"{f.rule_id}: {f.message}" for f in report.findings]
        problems += [f"{o.rule_id} skipped: {o.skipped_reason}" for o in report.skipped]
        if problems:
            failures[printout.name] = problems
    assert failures == {}


def test_document_entries_for_pdfua(printouts):
    for printout in printouts:
        pdf = pikepdf.open(io.BytesIO(printout.data))
        root = pdf.Root
        assert root.MarkInfo.Marked is True
        assert str(root.Lang) == printout.language
        assert root.ViewerPreferences.DisplayDocTitle is True
        xmp = root.Metadata.read_bytes().decode()
        assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
        title = str(pdf.docinfo.Title)
        assert f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in xmp.replace("&amp;", "&")
        if printout.guide:
            assert title == printout.guide.title
        # links are visited in structure order; each page leads to its part of the tree
        assert all(page.obj.Tabs == "/S" for page in pdf.pages)
        assert [int(page.obj.StructParents) for page in pdf.pages] == list(range(len(pdf.pages)))


@pytest.mark.parametrize("size", SIZES)
def test_each_guide_is_a_heading_an_ordered_list_of_steps_figures_and_a_link(
    printouts, read_back, size
):
    for printout in printouts:
        guide = printout.guide
        if printout.size != size or guide is None or printout.name == "pictures":
            continue
        gettext = translation(guide.language).gettext
        root = read_back[printout.name].root
        assert root.role == "Document"
        (title,) = root.find("H1")
        assert _words(title.text) == _words(guide.title), printout.name
        (notes,) = root.find("H2")
        assert _words(notes.text) == gettext("My notes")
        (steps,) = root.find("L")
        assert str(steps.obj.A.ListNumbering) == "/Decimal"
        assert [c.role for c in steps.children] == ["LI"] * len(guide.steps)
        for number, (item, step) in enumerate(zip(steps.children, guide.steps, strict=True), 1):
            label, body = item.children
            assert (label.role, body.role) == ("Lbl", "LBody")
            assert _words(label.text) == gettext("Step {number}").format(number=number)
            assert _words(body.children[0].text) == _words(step.text), printout.name
            if step.warning:
                warning = gettext("Warning:") + " " + step.warning
                assert _words(warning) in [_words(p.text) for p in body.children]
        if guide.address:
            (qr,) = root.find("Figure")
            assert str(qr.obj.Alt) == gettext("QR code: {address}").format(address=guide.address)
            assert guide.address in str(qr.obj.Alt) and qr.content
            (link,) = root.find("Link")
            assert _words(link.text) == guide.address
            (annotation,) = link.annotations
            assert str(annotation.A.URI) == guide.address
            assert str(annotation.Contents) == guide.address
        else:
            assert not root.find("Figure") and not root.find("Link")


def test_pictures_are_figures_with_alt_text_in_the_step_they_belong_to(read_back):
    root = read_back["pictures"].root
    gettext = translation("fi").gettext
    figures = {
        number: item.children[1].find("Figure")
        for number, item in enumerate(root.find("L")[0].children, 1)
    }
    for number in (1, 3, 6):
        (figure,) = figures[number]
        assert str(figure.obj.Alt) == gettext("Picture for step {number}").format(number=number)
        assert figure.content
    assert all(not figures[n] for n in (2, 4, 5, 7, 8))


def test_booklets_are_sections_under_one_title_with_linked_contents(printouts, read_back):
    for language in GUIDE_LANGUAGES:
        gettext = translation(language).gettext
        guides = [
            p.guide
            for p in printouts
            if p.guide and p.size == "large" and p.language == language and p.name != "pictures"
        ]
        root = read_back[f"booklet-{language}"].root
        (title,) = root.find("H1")
        assert _words(title.text) == gettext("My guides")
        sections = root.find("Sect")
        assert [_words(s.find("H2")[0].text) for s in sections] == [_words(g.title) for g in guides]
        assert all(
            s.find("H3") and len(s.find("LI")) == len(g.steps)
            for s, g in zip(sections, guides, strict=True)
        )
        (contents,) = root.find("TOC")
        entries = contents.find("TOCI")
        assert len(entries) == len(guides)
        for entry, guide in zip(entries, guides, strict=True):
            (link,) = entry.find("Link")
            assert _words(link.text).startswith(_words(guide.title))
            assert link.annotations and all(
                str(a.Contents) == guide.title for a in link.annotations
            )


def test_text_outside_the_tree_is_only_the_running_header_footer_and_continued_labels(
    printouts, read_back
):
    for printout in printouts:
        styles = make_styles(register_fonts(), print_size(printout.size))
        footer_top = PAGE_HEIGHT - (FOOTER_BOTTOM + footer_height(styles))
        gettext = translation(
            printout.guide.language if printout.guide else printout.language
        ).gettext
        continued = re.escape(gettext("Step {number}, continued")).replace(r"\{number\}", r"\d+")
        for chars in read_back[printout.name].chars:
            body_lines: dict[int, str] = defaultdict(str)
            for char in chars:
                if char.get("mcid") is not None:
                    continue
                assert char["tag"] == "Artifact", (printout.name, char["text"])
                if char["bottom"] < PAGE_HEIGHT - BODY_TOP or char["top"] > footer_top:
                    continue  # running header, footer, page number
                body_lines[round(char["matrix"][5])] += char["text"]
            for line in body_lines.values():
                assert re.fullmatch(continued, line), (printout.name, line)


def test_every_character_is_at_least_the_body_size_and_zeros_are_unslashed(printouts, read_back):
    smallest = {}
    for printout in printouts:
        chars = [c for page in read_back[printout.name].chars for c in page]
        smallest[printout.name] = min(c["size"] for c in chars)
        assert smallest[printout.name] >= MIN_SIZE[printout.size] - 0.01, printout.name
        zero_fonts = {c["fontname"].split("+")[1] for c in chars if c["text"] == "0"}
        assert zero_fonts <= {"Lexend-Regular", "Lexend-Bold"}, printout.name
        assert all("Lexend" not in c["fontname"] for c in chars if c["text"] != "0")


def test_in_large_print_page_one_starts_the_steps(printouts, read_back):
    pages = {}
    for printout in printouts:
        guide = printout.guide
        if printout.size != "large" or guide is None or printout.name == "pictures":
            continue
        readback = read_back[printout.name]
        first_step = readback.root.find("LI")[0]
        label, body = first_step.children
        assert {page for page, _ in label.content + body.children[0].content} == {0}, printout.name
        last_step = readback.root.find("LI")[-1]
        pages[printout.name] = 1 + max(page for page, _ in _all_content(last_step))
    # up to 10 steps with tips and warnings end on page four at the latest (the OmaKanta guide
    # took five when the steps waited for page 2); the notes box may follow on its own page
    assert max(pages.values()) <= 4, pages


def _all_content(element: Element) -> list[tuple[int, int]]:
    return [*element.content, *(c for child in element.children for c in _all_content(child))]


def test_the_recovery_sheet_is_tagged(tmp_path):
    key = "ABCD-EFGH-JKMN-PQRS-TVWX-YZ23-4567-89AB"
    path = write_recovery_sheet(
        tmp_path / "key.pdf", key, "Maija", "/home/maija/data", dt.date(2026, 12, 10)
    )
    report = validate(str(path))
    assert not report.findings and not report.skipped
    root = read_structure(path.read_bytes()).root
    assert [child.role for child in root.children][:4] == ["H1", "P", "P", "H2"]
    assert _words(root.children[2].text) == key.replace("-", " ")
    (advice,) = root.find("L")
    assert len(advice.find("LI")) == 3 and all(item.all_text() for item in advice.find("LI"))
    assert _words(root.find("P")[-1].text).endswith("10.12.2026")


def test_the_access_report_is_tagged_with_row_headers(tmp_path):
    content = AccessContent(
        language="sv",
        title="Uppgifter om Aino",
        intro="Allt som finns sparat om kunden.",
        sections=(
            Section("Kund", (("Smeknamn", "Aino"), ("Kommun", "Åbo"))),
            Section("Besök", ()),
        ),
    )
    path = render_access_report(content, tmp_path / "access.pdf")
    report = validate(str(path))
    assert not report.findings and not report.skipped
    readback = read_structure(path.read_bytes())
    assert str(readback.pdf.Root.Lang) == "sv"
    root = readback.root
    assert [c.role for c in root.children] == ["H1", "P", "H2", "Table", "H2", "P"]
    (table,) = root.find("Table")
    cells = [[(c.role, _words(c.text)) for c in row.children] for row in table.children]
    assert cells == [[("TH", "Smeknamn"), ("TD", "Aino")], [("TH", "Kommun"), ("TD", "Åbo")]]
    assert all(str(th.obj.A.Scope) == "/Row" for th in table.find("TH"))


def test_a_guide_in_another_language_is_a_section_in_that_language():
    steps = (GuideStep("Avaa Asetukset."),)  # no pictures: the guides have no folder
    guides = [(make_guide("fi", steps=steps), None), (make_guide("sv", steps=steps), None)]
    data = GuideRenderer().render_booklet(guides, "fi", PrintOptions())
    readback = read_structure(data)
    assert str(readback.pdf.Root.Lang) == "fi"
    finnish, swedish = readback.root.find("Sect")
    assert "/Lang" not in finnish.obj and str(swedish.obj.Lang) == "sv"
    assert _words(swedish.find("H2")[0].text) == "Gör texten större på telefonen"


def test_printing_needs_no_lxml(monkeypatch, tmp_path):
    """The bundle leaves lxml out (13 MB): finishing a PDF must not use pikepdf's XMP editor."""
    for module in [m for m in sys.modules if m.startswith(("lxml", "pikepdf.models.metadata"))]:
        monkeypatch.delitem(sys.modules, module)
    for module in ("lxml", "lxml.etree", "pikepdf.models.metadata"):
        monkeypatch.setitem(sys.modules, module, None)  # importing it now fails
    data = GuideRenderer().render_guide(make_guide(steps=(GuideStep("Soita 020 333."),)), None)
    assert b"<pdfuaid:part>1</pdfuaid:part>" in data
