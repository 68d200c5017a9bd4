"""A PDF of many rooms is rendered in parts and joined (issue 13): one PDF with every room's
table in order, "Pagina n van m" running on over the parts, the table of contents' page
numbers and links pointing at the right pages, one outline, one structure tree (tagged),
the metadata of a single render, and the same bytes for the same report."""

import re
import shutil
import subprocess
from dataclasses import replace
from io import BytesIO

import pytest
from pypdf import PdfReader

from locations.periods import Period
from reports import pdf as pdf_module
from reports.pdf import progress_report_pdf
from reports.selectors import progress_report

pytestmark = pytest.mark.usefixtures("system")

ROOMS = 30
PER_PART = 10


@pytest.fixture
def report(world):
    """The world's 2019-Q2 report with ``ROOMS`` rooms: copies of its first room named
    "Kamer 01" to "Kamer 30", each with its own figure for the jobs row (1000 plus the
    room's number), and their visits."""
    report = progress_report(user=None, agreement=world.agreement, period=Period(2019, 2))
    first = report.locations[0]
    blocks = []
    for i in range(1, ROOMS + 1):
        rows = [
            replace(row, realised=1000 + i, realised_text=str(1000 + i))
            if row.indicator_code == "jobs"
            else row
            for row in first.rows
        ]
        blocks.append(replace(first, code=f"kamer-{i:02d}", name=f"Kamer {i:02d}", rows=rows))
    template = [v for v in report.visits if v.location_code == first.code]
    others = [v for v in report.visits if v.location_code not in {b.code for b in report.locations}]
    visits = [
        replace(v, location_code=b.code, location_name=b.name) for b in blocks for v in template
    ]
    return replace(report, locations=blocks, visits=visits + others)


@pytest.fixture
def parted(report):
    return progress_report_pdf(report, blocks_per_part=PER_PART)


def _texts(reader):
    return [" ".join(page.extract_text().split()) for page in reader.pages]


def _room_pages(texts):
    """The index of the page on which each room's table starts (its heading), by room."""
    found = {}
    for index, text in enumerate(texts):
        for match in re.finditer(r"Kamer (\d\d) 2e kwartaal 2019", text):
            found.setdefault(int(match.group(1)), index)
    return found


def test_a_small_report_is_one_render(report, monkeypatch):
    calls = []
    monkeypatch.setattr(pdf_module, "join_parts", lambda *a, **k: calls.append(a))
    small = replace(report, locations=report.locations[:3])
    assert progress_report_pdf(small, blocks_per_part=PER_PART).startswith(b"%PDF")
    assert calls == []


def test_every_room_in_order_with_continuous_page_numbers(parted, report):
    reader = PdfReader(BytesIO(parted))
    texts = _texts(reader)
    total = len(texts)
    for number, text in enumerate(texts, start=1):
        assert f"Pagina {number} van {total}" in text, (number, text[-200:])
        assert len(re.findall(r"Pagina \d+ van \d+", text)) == 1
    rooms = _room_pages(texts)
    assert sorted(rooms) == list(range(1, ROOMS + 1))
    assert [rooms[i] for i in range(1, ROOMS + 1)] == sorted(rooms.values())
    # Each room's table carries its own jobs figure; the totals and the visits follow.
    for i in range(1, ROOMS + 1):
        assert str(1000 + i) in texts[rooms[i]]
    last_room = rooms[ROOMS]
    assert any("Totaal" in text for text in texts[last_room + 1 :])
    assert any("Bezoeken" in text for text in texts[last_room + 1 :])


def test_the_same_pages_as_a_single_render(report):
    """Rendered in parts or at once, the PDF has the same pages with the same text."""
    single = PdfReader(BytesIO(progress_report_pdf(report, blocks_per_part=ROOMS + 10)))
    parts = PdfReader(BytesIO(progress_report_pdf(report, blocks_per_part=PER_PART)))
    assert _texts(parts) == _texts(single)


def _outline(reader, items=None, depth=0):
    items = reader.outline if items is None else items
    flat = []
    for item in items:
        if isinstance(item, list):
            flat.extend(_outline(reader, item, depth + 1))
        else:
            flat.append((depth, item.title, reader.get_destination_page_number(item)))
    return flat


def test_the_outline_and_the_contents_lead_to_every_section(parted, report):
    reader = PdfReader(BytesIO(parted))
    texts = _texts(reader)
    rooms = _room_pages(texts)
    outline = _outline(reader)
    # One outline of the whole report: the title on top, the sections under it.
    assert outline[0][0] == 0 and outline[0][2] == 0
    entries = {title: page for depth, title, page in outline if depth == 1}
    for i in range(1, ROOMS + 1):
        assert entries[f"Kamer {i:02d}"] == rooms[i]
    assert entries["Bezoeken"] > rooms[ROOMS]
    # The table of contents states each room's page, and its links go there.
    destinations = reader.named_destinations
    contents = " ".join(texts[1:3])
    for i in range(1, ROOMS + 1):
        assert re.search(rf"Kamer {i:02d} \.+ ?{rooms[i] + 1}\b", contents), i
        assert reader.get_destination_page_number(destinations[f"blok-{i}"]) == rooms[i]
    links = [
        annotation.get_object()
        for page in reader.pages[1:3]
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
    ]
    assert {str(link["/Dest"]) for link in links} >= {f"blok-{i}" for i in range(1, ROOMS + 1)}


def test_tagged_with_one_structure_tree_and_the_metadata(parted, report, tmp_path):
    reader = PdfReader(BytesIO(parted))
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    # Every page's marked content maps to structure elements in the one tree.
    nums = tree["/ParentTree"]["/Nums"]
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert len(keys) == len(set(keys))
    assert int(tree["/ParentTreeNextKey"]) > max(keys)
    page_keys = [int(page["/StructParents"]) for page in reader.pages]
    assert len(set(page_keys)) == len(reader.pages) and set(page_keys) <= set(keys)

    document_id = tree["/K"][0].idnum

    def reaches_document(element):
        for _step in range(50):
            parent = element.raw_get("/P")
            if parent.idnum == document_id:
                return True
            element = parent.get_object()
        return False

    for index in range(0, len(nums), 2):
        value = nums[index + 1].get_object()
        for element in value if isinstance(value, list) else [value]:
            element = element.get_object()
            assert reaches_document(element)
    assert root["/Lang"] == "nl"
    assert root["/MarkInfo"]["/Marked"]
    assert reader.metadata.title == f"{report.agreement_title} · {report.period.label}"
    assert "WeasyPrint" in reader.metadata.producer
    pdfinfo = shutil.which("pdfinfo")
    assert pdfinfo, "poppler-utils' pdfinfo is installed by bin/setup --test"
    path = tmp_path / "parts.pdf"
    path.write_bytes(parted)
    info = subprocess.run([pdfinfo, str(path)], capture_output=True, text=True, check=True)
    assert re.search(r"^Tagged:\s+yes$", info.stdout, re.MULTILINE)


def test_the_same_report_gives_the_same_bytes(report, parted):
    assert progress_report_pdf(report, blocks_per_part=PER_PART) == parted
