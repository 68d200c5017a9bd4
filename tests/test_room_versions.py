"""Issue 12, "'light' and 'full' versions of a room (a label with dates)": a format-2 file
states a room's versions; they load per agreement, come back in the downloaded file, and the
report shows the versions its period overlaps beside the room's name (web page, PDF, Excel).
A format-1 file may not state them; bad dates are refused with their line."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.loader import LoaderError, load_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement, RoomVersion
from locations.periods import parse_period
from reports.excel import progress_report_xlsx
from reports.pdf import progress_report_pdf
from reports.selectors import progress_report
from tests.test_agreement_regions import UTRECHT_2021, UTRECHT_2021_OFFER, write

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

ROOM = "  - {code: top, name: TOP, city: Utrecht}\n"
VERSIONS = """\
  - code: top
    name: TOP
    city: Utrecht
    versions:
      - {label: licht, from: 2021-01-01, until: 2021-06-30}
      - {label: volledig, from: 2021-07-01}
"""


assert ROOM in UTRECHT_2021  # the room line the tests replace


def _load(tmp_path, text, offer=UTRECHT_2021_OFFER):
    paths = [write(tmp_path, "offer.yaml", offer), write(tmp_path, "utrecht.yaml", text)]
    return load_agreement_files(paths=paths), paths[1]


def test_versions_load_per_agreement_and_come_back_in_the_file(tmp_path):
    _load(tmp_path, UTRECHT_2021.replace(ROOM, VERSIONS))
    agreement = Agreement.objects.get(region="utrecht", kind="agreement")
    rows = list(
        RoomVersion.objects.filter(agreement=agreement).values_list("label", "starts_on", "ends_on")
    )
    assert rows == [
        ("licht", datetime.date(2021, 1, 1), datetime.date(2021, 6, 30)),
        ("volledig", datetime.date(2021, 7, 1), None),
    ]
    # The offer states none: versions belong to the agreement that states them.
    offer = Agreement.objects.get(region="utrecht", kind="offer")
    assert not RoomVersion.objects.filter(agreement=offer).exists()
    dumped = dump_agreement(agreement)
    assert "versions:" in dumped and "label: licht" in dumped and "until: 2021-06-30" in dumped
    # Loading the downloaded file again changes nothing; a file without versions removes them.
    again = write(tmp_path, "again.yaml", dumped)
    load_agreement_files(paths=[again])
    assert (
        list(
            RoomVersion.objects.filter(agreement=agreement).values_list(
                "label", "starts_on", "ends_on"
            )
        )
        == rows
    )
    _load(tmp_path, UTRECHT_2021)
    assert not RoomVersion.objects.filter(agreement=agreement).exists()


@pytest.mark.usefixtures("english")
@pytest.mark.parametrize(
    ("versions", "message"),
    [
        ("      - {label: licht, from: 2021-03-01, until: 2021-02-01}\n", "until is before from"),
        (
            "      - {label: licht, from: 2021-01-01, until: 2021-06-30}\n"
            "      - {label: volledig, from: 2021-06-01}\n",
            "starts before the previous one ends",
        ),
        ("      - {label: licht}\n", "from"),
    ],
)
def test_bad_versions_are_refused_and_nothing_loads(tmp_path, versions, message):
    text = UTRECHT_2021.replace(
        ROOM, "  - code: top\n    name: TOP\n    city: Utrecht\n    versions:\n" + versions
    )
    with pytest.raises(LoaderError) as excinfo:
        _load(tmp_path, text)
    problems = [str(problem) for problem in excinfo.value.problems]
    assert any(message in p and "locations[0].versions" in p for p in problems), problems
    assert not Agreement.objects.filter(region="utrecht").exists()


@pytest.mark.usefixtures("english")
def test_a_format_1_file_may_not_state_versions(tmp_path):
    text = UTRECHT_2021.replace(ROOM, VERSIONS).replace("format: 2\n", "format: 1\n")
    # (format 1 has no offers either: load the agreement alone, without follows_offer)
    text = text.replace("follows_offer: 2021\n", "")
    path = write(tmp_path, "utrecht-1.yaml", text)
    with pytest.raises(LoaderError) as excinfo:
        load_agreement_files(paths=[path])
    assert any("versions" in str(p) for p in excinfo.value.problems)


def test_the_report_shows_the_versions_its_period_overlaps(tmp_path):
    _load(tmp_path, UTRECHT_2021.replace(ROOM, VERSIONS))
    agreement = Agreement.objects.get(region="utrecht", kind="agreement")
    q1 = progress_report(user=None, agreement=agreement, period=parse_period("2021-Q1"))
    q4 = progress_report(user=None, agreement=agreement, period=parse_period("2021-Q4"))
    # Q1 (1 January - 31 March) overlaps the light version only; Q4's year to date both.
    assert [v.label for v in q1.locations[0].versions] == ["licht"]
    assert [v.label for v in q4.locations[0].versions] == ["licht", "volledig"]
    assert q4.totals.versions == []
    text = " ".join(
        " ".join(
            page.extract_text() for page in PdfReader(BytesIO(progress_report_pdf(q4))).pages
        ).split()
    )
    assert "Versie: licht van 01-01-2021 t/m 30-06-2021 · volledig vanaf 01-07-2021" in text
    facts = {
        row[0]: row[1]
        for row in load_workbook(BytesIO(progress_report_xlsx(q1)))["Rapportage"].iter_rows(
            values_only=True
        )
    }
    assert facts["Versie TOP"] == "licht van 01-01-2021 t/m 30-06-2021"
