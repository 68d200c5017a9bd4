"""Issue 12: the municipality's explicit items are defined per agreement in its file.

Hand-built files of another region (``testregio``, rooms ``noord`` and ``zuid``), report
2019-Q2 (01-01..30-06):

- a ``format: 1`` file keeps the built-in items (a)-(d), as every agreement showed them;
- a ``format: 2`` file lists its own (``municipality_items``): here "1. Aanvragen Stadspas"
  (minima applications) and "2." partners with the kind's own title, so the report shows
  those two and no referrals or debt support, even when such records exist;
- a ``format: 2`` file without the key shows none: no section on the page or in the PDF and
  an empty ``municipality_items`` sheet (header only);
- a dumped file keeps the items and loads back to the same ones.

Registrations at noord: 2 minima applications "Stadspas" (10-03, 05-05), 1 referral to
Wijkteam Noord (10-02), 1 debt support to Kredietbank Zuid (01-06); a partner agreement
"Samen DOEN" from 01-06-2018.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from agreements.choices import BUILT_IN_MUNICIPALITY_ITEMS
from agreements.loader import LoaderError, load_agreement_files, read_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement
from locations.models import Location
from locations.periods import Period
from registrations.models import DebtSupport, MinimaApplication, OutgoingReferral, PartnerAgreement
from reports.excel import MUNICIPALITY_COLUMNS, progress_report_xlsx
from reports.pdf import progress_report_html
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json
from reports.tables import municipality_tables

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

Q2 = Period(2019, 2)

BASE = """\
format: {format}
organisation:
  slug: org-x
  name: Organisatie X
region: testregio
region_name: Testregio
year: 2019
title: Testafspraak 2019
locations:
  - code: noord
    name: Noord
  - code: zuid
    name: Zuid
indicators:
  - code: key_holders
    section: OUTPUT
    description: Sleutelbeheerders
    method: count
    targets:
      noord: "> 10"
      zuid: "> 5"
"""

OWN_ITEMS = """\
municipality_items:
  - letter: "1"
    title: Aanvragen Stadspas
    counts: minima
  - letter: "2"
    counts: partners
"""


def _write(tmp_path: Path, text: str, name: str = "afspraak.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, text: str) -> Agreement:
    load_agreement_files(paths=[_write(tmp_path, text)])
    return Agreement.objects.get(region="testregio")


def _registrations() -> None:
    noord = Location.objects.get(code="noord")
    for day in (date(2019, 3, 10), date(2019, 5, 5)):
        MinimaApplication.objects.create(location=noord, date=day, scheme="Stadspas")
    OutgoingReferral.objects.create(
        location=noord, date=date(2019, 2, 10), organisation_name="Wijkteam Noord"
    )
    DebtSupport.objects.create(
        location=noord, date=date(2019, 6, 1), organisation_name="Kredietbank Zuid"
    )
    PartnerAgreement.objects.create(
        location=noord, partner_name="Samen DOEN", agreed_on=date(2018, 6, 1)
    )


def _sheet_rows(report) -> list[dict]:
    sheet = load_workbook(BytesIO(progress_report_xlsx(report)))["municipality_items"]
    assert [cell.value for cell in sheet[1]] == MUNICIPALITY_COLUMNS
    return [
        dict(zip(MUNICIPALITY_COLUMNS, row, strict=True))
        for row in sheet.iter_rows(2, values_only=True)
    ]


def test_a_format_1_file_keeps_the_built_in_items(tmp_path):
    agreement = _load(tmp_path, BASE.format(format=1))
    assert agreement.municipality_items == [
        {"letter": "a", "counts": "referrals", "title": ""},
        {"letter": "b", "counts": "minima", "title": ""},
        {"letter": "c", "counts": "partners", "title": ""},
        {"letter": "d", "counts": "debt_support", "title": ""},
    ]
    _registrations()
    report = progress_report(user=None, agreement=agreement, period=Q2)
    tables = municipality_tables(report.municipality)
    assert [(t.letter, t.kind) for t in tables] == list(BUILT_IN_MUNICIPALITY_ITEMS)
    assert [str(t.title) for t in tables][0] == (
        "Doorverwijzingen naar formele zorg- en welzijnsorganisaties"
    )
    assert {row["item"] for row in _sheet_rows(report)} == {
        "a_referrals",
        "b_minima",
        "c_partners",
        "d_debt_support",
    }


def test_a_format_2_file_shows_its_own_items_only(tmp_path):
    agreement = _load(tmp_path, BASE.format(format=2) + OWN_ITEMS)
    assert agreement.municipality_items == [
        {"letter": "1", "counts": "minima", "title": "Aanvragen Stadspas"},
        {"letter": "2", "counts": "partners", "title": ""},
    ]
    _registrations()
    report = progress_report(user=None, agreement=agreement, period=Q2)
    items = report.municipality
    # The minima applications: 2 at noord, 0 at zuid; referrals and debt support are not
    # asked for, so they are not counted even though noord has one of each.
    assert items.minima_total.counts == {"noord": 2, "zuid": 0}
    assert items.referrals == [] and items.referrals_total.total == 0
    assert items.debt_support == [] and items.debt_support_total.total == 0
    assert [p.partner_name for p in items.partners] == ["Samen DOEN"]
    tables = municipality_tables(items)
    assert [(t.letter, str(t.title), t.kind) for t in tables] == [
        ("1", "Aanvragen Stadspas", "minima"),
        (
            "2",
            "Organisaties waarmee de buurtwerkkamer samenwerkt op basis van een afspraak",
            "partners",
        ),
    ]
    rows = _sheet_rows(report)
    assert {row["item"] for row in rows} == {"1_minima", "2_partners"}
    by_key = {(r["item"], r["location"], r["label"] or ""): r["count"] for r in rows}
    assert by_key[("1_minima", "noord", "Stadspas")] == 2
    assert by_key[("1_minima", "all", "")] == 2
    assert by_key[("2_partners", "noord", "Samen DOEN")] == 1
    html = progress_report_html(report)
    assert "1. Aanvragen Stadspas" in html and "Samen DOEN" in html
    assert "Wijkteam Noord" not in html and "Kredietbank Zuid" not in html
    assert "Doorverwijzingen naar formele" not in html
    assert "Voor de gemeente: doorverwijzingen" not in html  # the heading names no items
    assert "<h2>Voor de gemeente</h2>" in html
    # A stored report rebuilds with the same items.
    assert report_from_json(report_to_json(report)).municipality == items


def test_a_format_2_file_without_the_key_shows_none(tmp_path):
    agreement = _load(tmp_path, BASE.format(format=2))
    assert agreement.municipality_items == []
    _registrations()
    report = progress_report(user=None, agreement=agreement, period=Q2)
    assert report.municipality is None
    assert municipality_tables(report.municipality) == []
    assert _sheet_rows(report) == []
    html = progress_report_html(report)
    assert "municipality-items" not in html and "Samen DOEN" not in html


def test_an_empty_list_also_shows_none(tmp_path):
    agreement = _load(tmp_path, BASE.format(format=2) + "municipality_items: []\n")
    assert agreement.municipality_items == []


@pytest.mark.parametrize(
    "text",
    [
        BASE.format(format=1),
        BASE.format(format=2),
        BASE.format(format=2) + OWN_ITEMS,
    ],
    ids=["format-1", "format-2-none", "format-2-own"],
)
def test_a_dumped_file_keeps_the_items(tmp_path, text):
    agreement = _load(tmp_path, text)
    before = agreement.municipality_items
    dumped = dump_agreement(agreement)
    data = yaml.safe_load(dumped)
    assert data["municipality_items"] == [
        {"letter": item["letter"], "counts": item["counts"]}
        | ({"title": item["title"]} if item["title"] else {})
        for item in before
    ]
    (summary,) = load_agreement_files(paths=[_write(tmp_path, dumped, "dump.yaml")])
    assert summary.agreements.updated == 0
    agreement.refresh_from_db()
    assert agreement.municipality_items == before


def _problems(tmp_path: Path, text: str) -> list[tuple[int, int, str, str]]:
    with pytest.raises(LoaderError) as caught:
        read_agreement_files([_write(tmp_path, text)])
    return [(p.line, p.column, p.where, p.message) for p in caught.value.problems]


@pytest.mark.usefixtures("english")  # the loader's problems in English
def test_the_key_is_refused_in_a_format_1_file(tmp_path):
    # BASE has 21 lines; the key is line 22, column 1.
    problems = _problems(tmp_path, BASE.format(format=1) + OWN_ITEMS)
    assert problems == [
        (
            22,
            1,
            "municipality_items",
            "'municipality_items' is a key of format 2; this file says format: 1 "
            "(write format: 2 to use it)",
        )
    ]


@pytest.mark.usefixtures("english")  # the loader's problems in English
def test_bad_items_are_reported_where_they_are(tmp_path):
    text = BASE.format(format=2) + (
        "municipality_items:\n"  # 22
        "  - {letter: a, counts: referrals}\n"  # 23
        "  - {letter: a, counts: minima}\n"  # 24: letter again
        "  - {letter: b, counts: referrals}\n"  # 25: kind again
        "  - {letter: c, counts: visits}\n"  # 26: unknown kind
        "  - {letter: d}\n"  # 27: no counts
    )
    problems = _problems(tmp_path, text)
    assert problems == [
        (
            24,
            14,
            "municipality_items[1].letter",
            "duplicate item letter 'a' (also municipality_items[0])",
        ),
        (
            25,
            25,
            "municipality_items[2].counts",
            "'referrals' is already counted by municipality_items[0]",
        ),
        (
            26,
            25,
            "municipality_items[3].counts",
            "'visits' is not allowed here (allowed: referrals, minima, partners, debt_support)",
        ),
        (27, 5, "municipality_items[4]", "missing required key 'counts'"),
    ]
