"""Joining tagged PDFs that WeasyPrint wrote in parts into one document (issue 13).

A report of many rooms is rendered in parts (:func:`reports.pdf.progress_report_pdf`), so
WeasyPrint holds only one part's boxes at a time. :func:`join_parts` puts the parts' pages
in one PDF with pypdf, keeping what each part's WeasyPrint wrote and what a single render
would have had:

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
from collections.abc import Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

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
    one name tree of destinations, one outline (module docstring).
    """
    readers = [PdfReader(BytesIO(part.pdf)) for part in parts]
    writer = PdfWriter(clone_from=readers[0])
    tree_root = _dict(writer.root_object["/StructTreeRoot"])
    document_ref = _array(tree_root["/K"])[0]
    document = _dict(document_ref)
    parent_nums = _array(_dict(tree_root["/ParentTree"])["/Nums"])
    next_key = _next_key(parent_nums)
    found: dict[str, PdfObject] = {}
    stand_ins: dict[str, PdfObject] = {}
    _collect_destinations(writer, readers[0], parts[0].placeholders, found, stand_ins)
    for part, reader in zip(parts[1:], readers[1:], strict=True):
        shift = next_key
        for page in reader.pages:
            added = writer.add_page(page)
            if "/StructParents" in page:
                added[NameObject("/StructParents")] = NumberObject(
                    int(page["/StructParents"]) + shift  # type: ignore[call-overload]
                )
            for reference in added.get("/Annots", ArrayObject()):
                annotation = _dict(reference)
                if "/StructParent" in annotation:
                    annotation[NameObject("/StructParent")] = NumberObject(
                        int(annotation["/StructParent"]) + shift  # type: ignore[call-overload]
                    )
        part_root = _dict(reader.root_object["/StructTreeRoot"])
        part_document = _dict(_array(part_root["/K"])[0])
        nums = _array(_dict(part_root["/ParentTree"])["/Nums"])
        part_kids = _array(part_document["/K"])
        values = [nums[index + 1] for index in range(0, len(nums), 2)]
        for element in _children_of(part_document, _elements([*part_kids, *values])):
            element[NameObject("/P")] = NullObject()  # so cloning leaves the part's root
        kids = [kid.clone(writer) for kid in part_kids]
        _array(document["/K"]).extend(kids)
        cloned = [value.clone(writer) for value in values]
        for index, value in zip(range(0, len(nums), 2), cloned, strict=True):
            parent_nums.append(NumberObject(int(nums[index]) + shift))
            parent_nums.append(value)
        for element in _orphans(_elements([*kids, *cloned])):
            element[NameObject("/P")] = document_ref
        next_key = shift + _next_key(nums)
        _collect_destinations(writer, reader, part.placeholders, found, stand_ins)
    tree_root[NameObject("/ParentTreeNextKey")] = NumberObject(next_key)
    _write_destinations(writer, found, stand_ins)
    _write_outline(writer, parts)
    if numbers is not None:
        stamp_pages(writer, PdfReader(BytesIO(numbers)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _dict(value: Any) -> DictionaryObject:
    """``value`` (a reference or the object) as the dictionary it must be."""
    resolved = value.get_object()
    if not isinstance(resolved, DictionaryObject):
        raise ValueError(f"not a PDF dictionary: {resolved!r}")
    return resolved


def _array(value: Any) -> ArrayObject:
    """``value`` (a reference or the object) as the array it must be."""
    resolved = value.get_object()
    if not isinstance(resolved, ArrayObject):
        raise ValueError(f"not a PDF array: {resolved!r}")
    return resolved


def _indirect(writer: PdfWriter, stream: DecodedStreamObject) -> Any:
    """``stream`` added to ``writer`` as an indirect object (a stream must be one); pypdf
    offers no public call for it."""
    return writer._add_object(stream)


def _next_key(nums: Sequence[Any]) -> int:
    """The first parent tree key past those in the flat ``/Nums`` array ``nums``."""
    keys = [int(nums[index]) for index in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _elements(values: Sequence[Any]) -> list[DictionaryObject]:
    """The structure elements in ``values``: elements, references to them, or arrays of
    either (a parent tree's entries)."""
    elements: list[DictionaryObject] = []
    for value in values:
        value = value.get_object()
        for item in value if isinstance(value, ArrayObject) else [value]:
            item = item.get_object()
            if isinstance(item, DictionaryObject):
                elements.append(item)
    return elements


def _orphans(elements: list[DictionaryObject]) -> list[DictionaryObject]:
    """The elements found climbing from each of ``elements`` whose parent is null (those
    :func:`_children_of` cut from their part's document)."""
    found: dict[int, DictionaryObject] = {}
    seen: set[int] = set()
    for element in elements:
        while id(element) not in seen:
            seen.add(id(element))
            parent = element.get("/P")
            if parent is None:
                break
            if isinstance(parent.get_object(), NullObject):
                found[id(element)] = element
                break
            element = parent.get_object()
    return list(found.values())


def _children_of(document: DictionaryObject, elements: list[DictionaryObject]) -> list[Any]:
    """The elements whose parent is ``document``, found by climbing from each of
    ``elements`` (WeasyPrint parents a margin box's elements to the document without
    listing them in its kids)."""
    children: dict[int, DictionaryObject] = {}
    seen: set[int] = set()
    for element in elements:
        while id(element) not in seen:
            seen.add(id(element))
            parent = element.get("/P")
            if parent is None or isinstance(parent, NullObject):
                break
            parent = parent.get_object()
            if parent is document:
                children[id(element)] = element
                break
            element = parent
    return list(children.values())


def _collect_destinations(
    writer: PdfWriter,
    reader: PdfReader,
    placeholders: frozenset[str],
    found: dict[str, PdfObject],
    stand_ins: dict[str, PdfObject],
) -> None:
    """Add ``reader``'s named destinations (cloned into ``writer``) to ``found`` (the first
    definition of a name wins), those named in ``placeholders`` to ``stand_ins``."""
    names = reader.root_object.get("/Names")
    if names is None or "/Dests" not in names:
        return
    array = names["/Dests"]["/Names"]
    for index in range(0, len(array), 2):
        name = str(array[index])
        into = stand_ins if name in placeholders else found
        if name not in into:
            into[name] = array[index + 1].clone(writer)


def _write_destinations(
    writer: PdfWriter, found: dict[str, PdfObject], stand_ins: dict[str, PdfObject]
) -> None:
    """Replace the catalog's named destinations by ``found``, sorted as a name tree must be;
    a placeholder no part defined for real keeps its stand-in."""
    resolved = {**stand_ins, **found}
    array = ArrayObject()
    for name in sorted(resolved):
        array.append(TextStringObject(name))
        array.append(resolved[name])
    catalog = writer.root_object
    if "/Names" not in catalog:
        catalog[NameObject("/Names")] = DictionaryObject()
    _dict(catalog["/Names"])[NameObject("/Dests")] = DictionaryObject({NameObject("/Names"): array})


class _Page:
    """What WeasyPrint's bookmark tree reads of a page: its bookmarks and height."""

    def __init__(self, bookmarks: list[Bookmark], height: float) -> None:
        self.bookmarks = bookmarks
        self.height = height


def _write_outline(writer: PdfWriter, parts: Sequence[Part]) -> None:
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
    if "/Outlines" in writer.root_object:
        del writer.root_object["/Outlines"]
    _add_outline(writer, tree, None)


def _add_outline(writer: PdfWriter, subtrees: list[Any], parent: Any) -> None:
    """Add WeasyPrint bookmark ``subtrees`` ``(label, (page, x, y), children, state)`` under
    outline item ``parent`` (None: the top)."""
    from pypdf.generic import Fit

    for label, (page, x, y), children, state in subtrees:
        item = writer.add_outline_item(
            title=label,
            page_number=page,
            parent=parent,
            fit=Fit.xyz(FloatObject(x), FloatObject(y), 0),
            is_open=state != "closed",
        )
        _add_outline(writer, children, item)


#: A marked-content operator with properties (``/P <</MCID 3>> BDC``) in WeasyPrint's output.
_MARKED = re.compile(rb"/(\w+)\s*<<[^>]*>>\s*BDC")


def stamp_pages(writer: PdfWriter, numbers: PdfReader) -> None:
    """Draw page ``i`` of ``numbers`` over page ``i`` of ``writer`` (as many pages in both).

    Each numbers page becomes a form XObject drawn last on its page, inside an ``/Artifact``
    marked-content sequence (a page number is pagination, not content, for a screen reader);
    its own marked content loses its structure ids, so the page's structure is untouched.
    Only streams are appended: the page's own content is not parsed or rewritten.
    """
    if len(numbers.pages) != len(writer.pages):
        raise ValueError(f"{len(numbers.pages)} number pages for {len(writer.pages)} pages")
    for index, (page, stamp) in enumerate(zip(writer.pages, numbers.pages, strict=True)):
        form = DecodedStreamObject()
        content = stamp.get_contents()
        form.set_data(_MARKED.sub(rb"/\1 BMC", content.get_data() if content is not None else b""))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(stamp.mediabox),
                NameObject("/Resources"): stamp["/Resources"].clone(writer),
            }
        )
        name = f"/BwkPageNumber{index}"
        resources = _dict(page["/Resources"])
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        _dict(resources["/XObject"])[NameObject(name)] = _indirect(writer, form)
        before, after = DecodedStreamObject(), DecodedStreamObject()
        before.set_data(b"q\n")
        after.set_data(f"\nQ /Artifact BMC q {name} Do Q EMC\n".encode())
        contents = page.raw_get("/Contents")
        streams = (
            contents.get_object() if isinstance(contents.get_object(), ArrayObject) else [contents]
        )
        page[NameObject("/Contents")] = ArrayObject(
            [_indirect(writer, before), *streams, _indirect(writer, after)]
        )
