"""Tagged PDF (PDF/UA-1) for every printout: a structure tree a screen reader can follow.

reportlab draws well but writes no structure, so tagging is done in two steps:

1. **While reportlab draws**, :class:`TaggedCanvas` wraps each piece of real content in a
   marked-content sequence (``/P <</MCID 3>> BDC … EMC``, written with the canvas's own
   ``addLiteral``) and notes which structure element it belongs to. Everything else on a
   page (rules, frames, QR modules' background, running header and footer, page numbers)
   sits in ``/Artifact`` sequences: a page opens as an artifact and real content interrupts
   it, so nothing can be left unmarked. Flowables take part by being wrapped in
   :class:`Marked`; the element tree (:class:`Node`) is built with the story, in reading
   order, before anything is drawn.
2. **After the build**, :func:`finish_tagged_pdf` writes the structure tree, the ParentTree,
   ``/StructParents`` of pages, ``/StructParent`` and ``/Contents`` of link annotations,
   ``/MarkInfo``, ``/Lang``, ``DisplayDocTitle`` and XMP metadata with ``pdfuaid:part 1``,
   using pikepdf (qpdf).

Why this way: it keeps reportlab's layout (steps kept whole or split after their action,
pictures fitted to what is left of a page, booklets with a contents page) and its tests, and
adds about 5 ms of CPU per sheet. A renderer that tags by itself would mean writing every
layout rule again in another engine, and the ones that do (WeasyPrint, LibreOffice, Typst)
bring native libraries or a second program into the Windows bundle. pikepdf (MPL-2.0) ships
wheels for Windows, macOS and Linux, and is imported only when a PDF is finished (~0.3 s the
first time), never at start.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus.flowables import Flowable

Attributes = dict[str, Any]


@dataclass(eq=False)
class Node:
    """One structure element (a standard role: H1, P, L, LI, Figure, Link, Table …). Leaves
    own marked content; containers (Document, Sect, L, LI, LBody, Table, TR, TOC, TOCI) only
    group. ``alt`` is read instead of the content (figures); ``lang`` when it differs from
    the document's; ``attributes`` (owner -> {key: value}) for lists and tables."""

    role: str
    parent: Node | None = None
    alt: str | None = None
    lang: str | None = None
    attributes: dict[str, Attributes] = field(default_factory=dict)
    children: list[Node] = field(default_factory=list)

    def add(
        self,
        role: str,
        *,
        alt: str | None = None,
        lang: str | None = None,
        attributes: dict[str, Attributes] | None = None,
    ) -> Node:
        child = Node(role, self, alt, lang, attributes or {})
        self.children.append(child)
        return child

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True)
class ContentRef:
    page: int  # 0-based
    mcid: int


@dataclass(frozen=True)
class LinkRef:
    page: int
    index: int  # position in the page's /Annots
    contents: str


@dataclass
class Marks:
    """What one canvas marked: content and link annotations per structure element."""

    content: dict[int, list[ContentRef]] = field(default_factory=dict)
    links: dict[int, list[LinkRef]] = field(default_factory=dict)


class TaggedCanvas(Canvas):  # type: ignore[misc]
    """A canvas whose pages are artifacts except where :meth:`tagged` marks real content."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.marks = Marks()
        self._page_index = 0
        self._next_mcid = 0
        self._current: tuple[Node, str] | None = None  # element and link text being drawn
        super().__init__(*args, **kwargs)

    def _startPage(self) -> None:
        super()._startPage()
        self._page_index += 1
        self._next_mcid = 0

    def showPage(self) -> None:
        # The page opened as an artifact (see the module docstring); close it last.
        self._code.insert(0, "/Artifact BMC")
        self._code.append("EMC")
        super().showPage()

    @contextmanager
    def tagged(self, node: Node, link_text: str = "") -> Iterator[None]:
        """Marks what is drawn inside as content of ``node``; ``link_text`` describes any
        link annotation made meanwhile."""
        if self._current is not None:
            raise RuntimeError("marked content cannot nest: tag the leaves of the story")
        mcid = self._next_mcid
        self._next_mcid += 1
        self.marks.content.setdefault(id(node), []).append(ContentRef(self._page_index, mcid))
        self._current = (node, link_text)
        self.addLiteral(f"EMC /{node.role} <</MCID {mcid}>> BDC")
        try:
            yield
        finally:
            self.addLiteral("EMC /Artifact BMC")
            self._current = None

    @contextmanager
    def artifact(self, subtype: str) -> Iterator[None]:
        """A running header or footer (``subtype`` Header or Footer)."""
        self.addLiteral(f"EMC /Artifact <</Type /Pagination /Subtype /{subtype}>> BDC")
        try:
            yield
        finally:
            self.addLiteral("EMC /Artifact BMC")

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> None:
        super()._addAnnotation(annotation, name, addtopage)
        if not addtopage:
            return
        if self._current is None:
            raise RuntimeError("a link must be drawn inside tagged content")
        node, text = self._current
        index = len(self._annotationrefs) - 1
        self.marks.links.setdefault(id(node), []).append(LinkRef(self._page_index, index, text))


@contextmanager
def tagged(canvas: Any, node: Node | None, link_text: str = "") -> Iterator[None]:
    """:meth:`TaggedCanvas.tagged` where the canvas tags, else nothing (``node`` None: an
    artifact, left as the page's default)."""
    if node is not None and isinstance(canvas, TaggedCanvas):
        with canvas.tagged(node, link_text):
            yield
    else:
        yield


class Marked(Flowable):  # type: ignore[misc]
    """A flowable whose drawing is content of ``node`` (``None``: an artifact, e.g. a
    "continued" label). ``url`` makes the whole flowable a link to that address;
    ``link_text`` describes links made inside it (default: the address)."""

    def __init__(
        self, content: Flowable, node: Node | None, *, url: str = "", link_text: str = ""
    ) -> None:
        super().__init__()
        self.content = content
        self.node = node
        self.url = url
        self.link_text = link_text or url
        self.hAlign = getattr(content, "hAlign", "LEFT")

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = self.content.wrap(avail_width, avail_height)
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        parts = self.content.split(avail_width, avail_height)
        return [Marked(part, self.node, link_text=self.link_text) for part in parts]

    def getSpaceBefore(self) -> float:
        return float(self.content.getSpaceBefore())

    def getSpaceAfter(self) -> float:
        return float(self.content.getSpaceAfter())

    def draw(self) -> None:
        with tagged(self.canv, self.node, self.link_text):
            self.content.drawOn(self.canv, 0, 0)
            if self.url:
                self.canv.linkURL(self.url, (0, 0, self.width, self.height), relative=1)


def finish_tagged_pdf(
    data: bytes, root: Node, marks: Marks, *, title: str, language: str, author: str = ""
) -> bytes:
    """Adds the structure tree for ``root`` (content as ``marks`` recorded it) and the
    document-level PDF/UA entries to a PDF reportlab wrote."""
    import pikepdf  # only when a PDF is finished: it takes ~0.3 s to import
    from pikepdf import Array, Dictionary, Name, String

    pdf = pikepdf.open(io.BytesIO(data))
    pages = pdf.pages
    parent_tree: dict[int, list[Any]] = {}  # page -> element per MCID
    next_key = len(pages)
    numbers: list[Any] = []

    def has_content(node: Node) -> bool:
        return any(id(n) in marks.content for n in node.walk())

    def element(node: Node, parent: Any) -> Any:
        entries: dict[str, Any] = {"/Type": Name.StructElem, "/S": Name("/" + node.role)}
        entries["/P"] = parent
        if node.alt:
            entries["/Alt"] = String(node.alt)
        if node.lang:
            entries["/Lang"] = String(node.lang)
        if node.attributes:
            owned = [
                Dictionary({"/O": Name("/" + owner), **_pdf_values(values)})
                for owner, values in node.attributes.items()
            ]
            entries["/A"] = owned[0] if len(owned) == 1 else Array(owned)
        made = pdf.make_indirect(Dictionary(entries))
        kids: list[Any] = []
        for child in node.children:
            if has_content(child):
                kids.append(element(child, made))
        for ref in marks.content.get(id(node), []):
            page = pages[ref.page].obj
            kids.append(Dictionary(Type=Name.MCR, Pg=page, MCID=ref.mcid))
            slots = parent_tree.setdefault(ref.page, [])
            slots.extend([None] * (ref.mcid + 1 - len(slots)))
            slots[ref.mcid] = made
        nonlocal next_key
        for link in marks.links.get(id(node), []):
            annotation = pages[link.page].obj.Annots[link.index]
            annotation.Contents = String(link.contents)
            annotation.StructParent = next_key
            numbers.append((next_key, made))
            next_key += 1
            kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=pages[link.page].obj))
        made.K = kids[0] if len(kids) == 1 else Array(kids)  # a single kid stands alone
        return made

    tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = element(root, tree_root)
    tree_root.K = Array([document])
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S  # annotations in structure order
        numbers.append((index, pdf.make_indirect(Array(parent_tree.get(index, [])))))
    nums: list[Any] = []
    for key, value in sorted(numbers, key=lambda item: item[0]):
        nums += [key, value]
    tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    tree_root.ParentTreeNextKey = next_key
    tree_root.RoleMap = Dictionary()

    catalog = pdf.Root
    catalog.StructTreeRoot = tree_root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(language)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo.Title = String(title)
    if author:
        pdf.docinfo.Author = String(author)
    producer = str(pdf.docinfo.get("/Producer", ""))
    metadata = xmp_packet(title=title, language=language, author=author, producer=producer)
    catalog.Metadata = pdf.make_stream(metadata, Type=Name.Metadata, Subtype=Name.XML)
    out = io.BytesIO()
    # Streams reportlab compressed are copied as they are; the metadata stays plain text and
    # is not parsed again (that would need lxml, which the bundle leaves out).
    pdf.save(
        out,
        fix_metadata_version=False,
        compress_streams=False,
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    return out.getvalue()


def xmp_packet(*, title: str, language: str, author: str, producer: str) -> bytes:
    """The XMP metadata PDF/UA asks for: the title (as in the document information), the
    language and the PDF/UA part; written as text (pikepdf's XMP editor costs ~5 ms)."""
    creator = f"<dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>"
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
{creator if author else ""}
<dc:format>application/pdf</dc:format>
<pdf:Producer>{escape(producer)}</pdf:Producer>
<xmp:CreatorTool>HomeSupport</xmp:CreatorTool>
<pdfuaid:part>1</pdfuaid:part>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def _pdf_values(values: Attributes) -> dict[str, Any]:
    from pikepdf import Name

    return {
        "/" + key: Name("/" + value) if isinstance(value, str) else value
        for key, value in values.items()
    }
