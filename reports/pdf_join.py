"""Joining tagged PDFs that WeasyPrint wrote in parts into one document (issue 13).

A report of many rooms is rendered in parts (:func:`reports.pdf.progress_report_pdf`), so
WeasyPrint holds only one part's boxes at a time. :func:`join_parts` puts the parts' pages
in one PDF with pikepdf (qpdf, whose objects live in C++: a join of hundreds of tagged
pages stays small, where pypdf's Python objects took over 500 MB for 100 rooms), keeping
what each part's WeasyPrint wrote and what a single render would have had:

- the first part's catalog: language, metadata (Info and XMP), viewer preferences, the
  PDF/UA marks;
- one structure tree (tagged PDF): every part's structure elements under the first part's
  ``Document`` element, the parent tree keys of later parts shifted past the earlier ones;
- the named destinations of every part in one name tree, so a link in one part (the table of
  contents) leads to its section in another;
- one outline (bookmarks), built from every part's bookmarks with WeasyPrint's own nesting
  rule, as if they had been one document;
- "page n of m" stamped on every page (a page-numbers PDF rendered once the page count is
  known: :func:`stamp_pages`), as marked-content artifacts outside the structure tree.

Pure functions of their input bytes: the same parts give the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf, String

#: A bookmark as WeasyPrint's pages list it: (level, label, (x, y), state).
Bookmark = tuple[int, str, tuple[float, float], str]


@dataclass
class Part:
    """One part as WeasyPrint rendered it.

    ``pdf``: the part's PDF bytes (tagged); ``bookmarks``: per page of the part, the
    bookmarks WeasyPrint found on it (``Document.pages[i].bookmarks``) in order;
    ``heights``: per page its height in CSS pixels (``Document.pages[i].height``), for the
    outline's coordinates; ``placeholders``: names of destinations this part defines only so
    that its links are kept (the section is in another part): another part's destination
    of that name wins.
    """

    pdf: bytes
    bookmarks: list[list[Bookmark]]
    heights: list[float]
    placeholders: frozenset[str] = field(default_factory=frozenset)


def join_parts(parts: Sequence[Part], *, numbers: bytes | None = None) -> bytes:
    """One PDF of ``parts`` in order (at least one).

    In: the parts (:class:`Part`); ``numbers``: a PDF with one page per page of the result
    whose content is drawn over it (the page numbers: :func:`stamp_pages`), or None.
    Out: the joined PDF's bytes: the first part's catalog and metadata, one structure tree,
    one name tree of destinations, one outline (module docstring); written with object
    streams and a file identifier computed from the content, so the same parts give the
    same bytes.
    """
    joined = Pdf.open(BytesIO(parts[0].pdf))
    tree_root = joined.Root.StructTreeRoot
    document = tree_root.K[0]
    parent_nums = tree_root.ParentTree.Nums
    next_key = _next_key(parent_nums)
    found: dict[str, Any] = {}
    stand_ins: dict[str, Any] = {}
    _collect_destinations(joined, joined, parts[0].placeholders, found, stand_ins)
    for part in parts[1:]:
        source = Pdf.open(BytesIO(part.pdf))
        shift = next_key
        first_page = len(joined.pages)
        joined.pages.extend(source.pages)
        for page in joined.pages[first_page:]:
            if "/StructParents" in page.obj:
                page.obj.StructParents = int(page.obj.StructParents) + shift
            for annotation in page.obj.get("/Annots", Array()):
                if "/StructParent" in annotation:
                    annotation.StructParent = int(annotation.StructParent) + shift
        # The part's whole tree, copied at once (its pages were copied above, so the
        # elements point at the joined pages); its root and Document element are left
        # unreferenced, and qpdf does not write them.
        part_root = joined.copy_foreign(source.Root.StructTreeRoot)
        part_document = part_root.K[0]
        for kid in part_document.K:
            kid.P = document
            document.K.append(kid)
        nums = part_root.ParentTree.Nums
        for index in range(0, len(nums), 2):
            parent_nums.append(int(nums[index]) + shift)
            parent_nums.append(nums[index + 1])
            _reparent(nums[index + 1], part_document, document)
        next_key = shift + _next_key(nums)
        _collect_destinations(joined, source, part.placeholders, found, stand_ins)
    tree_root.ParentTreeNextKey = next_key
    _write_destinations(joined, found, stand_ins)
    _write_outline(joined, parts)
    if numbers is not None:
        stamp_pages(joined, Pdf.open(BytesIO(numbers)))
    out = BytesIO()
    joined.save(
        out,
        fix_metadata_version=False,  # the XMP metadata as WeasyPrint wrote it
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
        deterministic_id=True,
    )
    return out.getvalue()


def _next_key(nums: Any) -> int:
    """The first parent tree key past those in the flat ``/Nums`` array ``nums``."""
    keys = [int(nums[index]) for index in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _elements(value: Any) -> Iterable[Any]:
    """The structure elements of a parent tree entry: one element or an array of them."""
    return list(value) if isinstance(value, Array) else [value]


def _reparent(value: Any, old: Any, new: Any) -> None:
    """Point every element reached by climbing from parent tree entry ``value`` whose parent
    is the part's Document element ``old`` at ``new`` (WeasyPrint parents a margin box's
    elements to the Document without listing them in its kids)."""
    for element in _elements(value):
        for _step in range(1000):
            parent = element.get("/P")
            if not isinstance(parent, Dictionary):
                break
            if parent.objgen == new.objgen:
                break
            if parent.objgen == old.objgen:
                element.P = new
                break
            element = parent


def _collect_destinations(
    joined: Pdf,
    source: Pdf,
    placeholders: frozenset[str],
    found: dict[str, Any],
    stand_ins: dict[str, Any],
) -> None:
    """Add ``source``'s named destinations (copied into ``joined``) to ``found`` (the first
    definition of a name wins), those named in ``placeholders`` to ``stand_ins``."""
    names = source.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return
    array = names.Dests.Names
    for index in range(0, len(array), 2):
        name = str(array[index])
        into = stand_ins if name in placeholders else found
        if name not in into:
            value = array[index + 1]
            into[name] = value if source is joined else _copied(joined, value)


def _copied(joined: Pdf, value: Any) -> Any:
    """``value`` of another PDF as an object of ``joined`` (a direct array is copied item by
    item, so its page references point at the joined pages)."""
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return joined.copy_foreign(value)
    if isinstance(value, Array):
        return Array([_copied(joined, item) for item in value])
    if isinstance(value, Dictionary):
        return Dictionary({key: _copied(joined, item) for key, item in value.items()})
    return value


def _write_destinations(joined: Pdf, found: dict[str, Any], stand_ins: dict[str, Any]) -> None:
    """Replace the catalog's named destinations by ``found``, sorted as a name tree must be;
    a placeholder no part defined for real keeps its stand-in."""
    resolved = {**stand_ins, **found}
    array = Array()
    for name in sorted(resolved):
        array.append(String(name))
        array.append(resolved[name])
    if "/Names" not in joined.Root:
        joined.Root.Names = Dictionary()
    joined.Root.Names.Dests = Dictionary(Names=array)


class _Page:
    """What WeasyPrint's bookmark tree reads of a page: its bookmarks and height."""

    def __init__(self, bookmarks: list[Bookmark], height: float) -> None:
        self.bookmarks = bookmarks
        self.height = height


def _write_outline(joined: Pdf, parts: Sequence[Part]) -> None:
    """Replace the first part's outline by one over every part's bookmarks, nested by
    WeasyPrint's rule (``Document.make_bookmark_tree``, as ``write_pdf`` calls it: 0.75 PDF
    points per CSS pixel, the origin at the bottom left)."""
    from weasyprint.document import Document

    pages = [
        _Page(bookmarks, height)
        for part in parts
        for bookmarks, height in zip(part.bookmarks, part.heights, strict=True)
    ]
    holder = type("Pages", (), {"pages": pages})()
    tree = Document.make_bookmark_tree(holder, 0.75, transform_pages=True)
    with joined.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(_outline_items(tree))


def _outline_items(subtrees: list[Any]) -> list[pikepdf.OutlineItem]:
    """Outline items of WeasyPrint bookmark ``subtrees`` ``(label, (page, x, y), children,
    state)``, with their children."""
    items = []
    for label, (page, x, y), children, state in subtrees:
        item = pikepdf.OutlineItem(label, page, "XYZ", left=x, top=y, zoom=0)
        item.children.extend(_outline_items(children))
        item.is_closed = state == "closed"
        items.append(item)
    return items


#: A marked-content operator with properties (``/P <</MCID 3>> BDC``) in WeasyPrint's output.
_MARKED = re.compile(rb"/(\w+)\s*<<[^>]*>>\s*BDC")


def stamp_pages(joined: Pdf, numbers: Pdf) -> None:
    """Draw page ``i`` of ``numbers`` over page ``i`` of ``joined`` (as many pages in both).

    Each numbers page becomes a form XObject drawn last on its page, inside an ``/Artifact``
    marked-content sequence (a page number is pagination, not content, for a screen reader);
    its own marked content loses its structure ids, so the page's structure is untouched.
    Only streams are added: the page's own content is not parsed or rewritten.
    """
    if len(numbers.pages) != len(joined.pages):
        raise ValueError(f"{len(numbers.pages)} number pages for {len(joined.pages)} pages")
    for index, (page, stamp) in enumerate(zip(joined.pages, numbers.pages, strict=True)):
        stamp.contents_coalesce()
        form = pikepdf.Stream(
            joined,
            _MARKED.sub(rb"/\1 BMC", stamp.obj.Contents.read_bytes()),
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array(stamp.mediabox),
            Resources=_copied(joined, stamp.obj.Resources),
        )
        name = page.add_resource(
            joined.make_indirect(form), Name.XObject, Name(f"/BwkPageNumber{index}")
        )
        page.contents_add(b"q\n", prepend=True)
        page.contents_add(f"\nQ /Artifact BMC q {name} Do Q EMC\n".encode())
