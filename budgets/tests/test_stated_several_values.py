"""Issue 12: a figure stated several times (format 2), each value with its source.

A hand-built format-2 file with one room (TOP, a budget of one line of € 50.000 and
€ 45.000 of financing) states TOP's total twice (€ 50.000 in the budget, which agrees, and
€ 52.000 in the financing table, which does not) and the agreement total twice (€ 51.000,
which does not agree, then € 50.000, which does). TOP's financing total is stated once.
"""

from __future__ import annotations

from decimal import Decimal as D
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from django.db import transaction
from openpyxl import load_workbook

from agreements.loader import LoaderError, load_agreement_files, read_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement
from budgets.display import Cell
from budgets.figures import budget_overview
from budgets.models import StatedFigure

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("system")]

HEAD = """\
format: {format}
organisation:
  slug: buurtwerkkamer-cooperatie
  name: Buurtwerkkamer Coöperatie
region: utrecht
region_name: Utrecht
year: 2021
title: Samenwerkingsafspraak Buurtwerkkamers Utrecht 2021
locations:
  - {{code: top, name: TOP, city: Utrecht}}
parties:
  - {{code: gemeente-utrecht, name: Gemeente Utrecht, kind: municipality, funder: true}}
indicators:
  - code: unique_total
    section: PROCES
    description: Totaal unieke deelnemers
    method: unique
    categories: [all]
    targets: {{top: "300"}}
budgets:
  - version: Begroting Utrecht 2021
    lines:
      - {{code: A1, group: A, description: Coördinatie, amounts: {{top: "50000"}}}}
financing:
  - funder: gemeente-utrecht
    amounts: {{top: "45000"}}
"""

STATED = """\
stated_figures:
  top:
    total:
      - {value: "50000", source: "begroting p. 3"}
      - {value: "52000", text: "€ 52.000", source: "financieringstabel p. 5"}
    financing_total: {value: "45000", source: "financieringstabel p. 5"}
  all:
    total:
      - {value: "51000", source: "samenvatting p. 1"}
      - {value: "50000", source: "begroting p. 3"}
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def load(tmp_path: Path) -> Agreement:
    load_agreement_files(paths=[write(tmp_path, "utrecht.yaml", HEAD.format(format=2) + STATED)])
    return Agreement.objects.get(region="utrecht")


def test_every_stated_value_is_kept_in_file_order_with_its_source(tmp_path):
    agreement = load(tmp_path)
    rows = [
        (row.location.code if row.location else "all", row.figure, row.position, row.value,
         row.source)
        for row in StatedFigure.objects.filter(agreement=agreement).select_related("location")
        .order_by("location__code", "figure", "position")
    ]  # fmt: skip
    assert sorted(rows, key=lambda r: (r[0] != "all", r[0], r[1], r[2])) == [
        ("all", "total", 0, D(51000), "samenvatting p. 1"),
        ("all", "total", 1, D(50000), "begroting p. 3"),
        ("top", "financing_total", 0, D(45000), "financieringstabel p. 5"),
        ("top", "total", 0, D(50000), "begroting p. 3"),
        ("top", "total", 1, D(52000), "financieringstabel p. 5"),
    ]


def test_a_figure_differs_when_any_stated_value_differs(tmp_path):
    overview = budget_overview(load(tmp_path))
    total = overview.figure("top", "total")
    # computed: the one line, 50.000
    assert total.computed == D(50000)
    # stated / stated_text stay the first value: 50.000, printed in the house format
    assert (total.stated, total.stated_text) == (D(50000), "€ 50.000")
    assert total.difference == D(0)  # computed - the first value
    assert [(s.value, s.source, s.differs, s.difference) for s in total.statements] == [
        (D(50000), "begroting p. 3", False, D(0)),
        (D(52000), "financieringstabel p. 5", True, D(50000) - D(52000)),
    ]
    assert total.differs  # the second value differs
    everything = overview.figure("all", "total")
    assert (everything.stated, everything.differs) == (D(51000), True)
    assert everything.difference == D(50000) - D(51000)
    assert not overview.figure("top", "financing_total").differs  # 45.000 = 45.000
    # One entry per differing value: TOP's € 52.000, then the total's € 51.000.
    assert [
        (code, figure.name, statement.value, statement.source)
        for code, figure, statement in overview.stated_differences()
    ] == [
        ("top", "total", D(52000), "financieringstabel p. 5"),
        ("all", "total", D(51000), "samenvatting p. 1"),
    ]
    # The page cell shows every stated value beside the computed one, the differing in the note.
    cell = Cell.of(total)
    assert cell.text == "€ 50.000" and cell.differs
    stated = "Vermeld: € 50.000 (begroting p. 3); € 52.000 (financieringstabel p. 5)"
    assert cell.statements == stated
    assert cell.differing == ("€ 52.000",)
    assert (cell.stated_text, cell.difference_text) == ("€ 52.000", "-€ 2.000")


def test_the_budget_page_lists_each_differing_value_with_its_source(tmp_path):
    from budgets.views.budget import budget_rows

    overview = budget_overview(load(tmp_path))
    total_row = next(row for row in budget_rows(overview, ["top", "all"]) if row.css == "total")
    assert [cell.statements for cell in total_row.cells] == [
        "Vermeld: € 50.000 (begroting p. 3); € 52.000 (financieringstabel p. 5)",
        "Vermeld: € 51.000 (samenvatting p. 1); € 50.000 (begroting p. 3)",
    ]


def test_the_reports_list_each_differing_value_with_its_source(tmp_path):
    from locations.periods import parse_period
    from reports.excel import progress_report_xlsx
    from reports.selectors import progress_report

    agreement = load(tmp_path)
    report = progress_report(user=None, agreement=agreement, period=parse_period("2021-Q2"))
    assert [
        (d.location_name, d.figure_label, d.stated, d.computed, d.difference, d.source)
        for d in report.financial.differences
    ] == [
        ("TOP", "Totaal begroting", "€ 52.000", "€ 50.000,00", "-€ 2.000,00",
         "financieringstabel p. 5"),
        ("Totaal", "Totaal begroting", "€ 51.000", "€ 50.000,00", "-€ 1.000,00",
         "samenvatting p. 1"),
    ]  # fmt: skip
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    sheet = workbook["begroting"]
    table = sheet.tables["tbl_begroting_verschillen"]
    first, last = table.ref.split(":")
    rows = [[cell.value for cell in row] for row in sheet[first:last]]
    assert rows[0] == ["Buurtwerkkamer", "Kengetal", "Vermeld", "Berekend", "Verschil", "Bron"]
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [
        ("TOP", 52000, "financieringstabel p. 5"),
        ("Totaal", 51000, "samenvatting p. 1"),
    ]
    # budget_data keeps the first stated value in its `stated` column
    data = {(r[0], r[1]): r[3] for r in workbook["budget_data"].iter_rows(values_only=True)}
    assert data[("top", "total")] == 50000
    assert data[("all", "total")] == 51000


def test_a_downloaded_file_writes_several_values_as_the_list_and_loads_back(tmp_path):
    agreement = load(tmp_path)
    text = dump_agreement(agreement)
    stated = yaml.safe_load(text)["stated_figures"]
    assert [item["source"] for item in stated["top"]["total"]] == [
        "begroting p. 3",
        "financieringstabel p. 5",
    ]
    assert stated["top"]["financing_total"]["value"] == "45000.00"  # stated once: one value

    def rows() -> list:
        return sorted(
            StatedFigure.objects.filter(agreement__region="utrecht").values_list(
                "location__code", "figure", "position", "value", "text", "source"
            ),
            key=str,
        )

    before = rows()
    (summary,) = load_agreement_files(paths=[write(tmp_path, "dump.yaml", text)])
    assert rows() == before
    with transaction.atomic():
        Agreement.objects.all().delete()
        load_agreement_files(paths=[write(tmp_path, "dump.yaml", text)])
        assert rows() == before


@pytest.mark.usefixtures("english")  # the loader's problems, in English
def test_bad_list_items_are_reported_at_their_line_and_column(tmp_path):
    head = HEAD.format(format=2)
    lines = len(head.splitlines())  # stated_figures is on the next line
    text = head + (
        "stated_figures:\n"
        "  top:\n"
        "    total:\n"
        '      - {source: "begroting p. 3"}\n'  # no value
        '      - {value: "abc", source: "p. 5"}\n'  # not a number
        "    financing_total: []\n"  # an empty list
    )
    path = write(tmp_path, "bad.yaml", text)
    with pytest.raises(LoaderError) as excinfo:
        read_agreement_files([path])
    problems = [str(p) for p in excinfo.value.problems]
    assert problems[0] == (
        f"{path}:{lines + 4}:9: stated_figures.top.total[0]: missing required key 'value'"
    )
    assert problems[1].startswith(f"{path}:{lines + 5}:"), problems
    assert "stated_figures.top.total[1].value" in problems[1]
    assert problems[2] == (
        f"{path}:{lines + 6}:22: stated_figures.top.financing_total: the list must not be empty"
    )
    assert len(problems) == 3


@pytest.mark.usefixtures("english")
def test_a_list_of_values_in_a_format_1_file_is_refused_at_its_position(tmp_path):
    head = HEAD.format(format=1)
    lines = len(head.splitlines())
    path = write(tmp_path, "old.yaml", head + STATED)
    with pytest.raises(LoaderError) as excinfo:
        read_agreement_files([path])
    message = (
        "several stated values (a list) are format 2; this file says format: 1 "
        "(write format: 2 to use them)"
    )
    assert [str(p) for p in excinfo.value.problems] == [
        f"{path}:{lines + 4}:7: stated_figures.top.total: {message}",
        f"{path}:{lines + 9}:7: stated_figures.all.total: {message}",
    ]


def test_a_format_1_figure_stated_once_loads_as_before(tmp_path):
    text = HEAD.format(format=1) + 'stated_figures:\n  top:\n    total: "52000"\n'
    load_agreement_files(paths=[write(tmp_path, "one.yaml", text)])
    (row,) = StatedFigure.objects.all()
    assert (row.figure, row.position, row.value, row.text) == ("total", 0, D(52000), "€ 52.000")
    total = budget_overview(Agreement.objects.get()).figure("top", "total")
    assert (total.stated, total.differs, total.difference) == (D(52000), True, D(-2000))
    assert len(total.statements) == 1


def _user(agreement: Agreement, role: str, **extra):
    from locations.factories import MembershipFactory, UserFactory

    user = UserFactory(username=f"{agreement.slug}-{role}", **extra)
    MembershipFactory(user=user, organisation=agreement.organisation, role=role)
    return user


def test_the_budget_page_and_the_admin_show_every_stated_value(tmp_path, client):
    from django.urls import reverse
    from django.utils.html import escape

    from locations.models import Role

    agreement = load(tmp_path)
    client.force_login(_user(agreement, Role.ADMIN, is_staff=True))
    body = client.get(reverse("budgets:budget", args=[agreement.pk])).content.decode()
    block = body[body.index('id="differences"') : body.index('id="budget"')]
    # One row per differing value, with its source; the agreeing values give none.
    assert block.count('<tr class="differs">') == 2
    assert "financieringstabel p. 5" in block and "samenvatting p. 1" in block
    assert "begroting p. 3" not in block
    # Every stated value beside the computed figure, in the cell's title.
    title = escape("Vermeld: € 50.000 (begroting p. 3); € 52.000 (financieringstabel p. 5)")
    assert f'title="{title}"' in body
    # The admin shows each row's own difference: TOP's 52.000 row -€ 2.000, its 50.000 "geen".
    changelist = client.get(
        reverse("admin:budgets_statedfigure_changelist"), {"figure": "total"}
    ).content.decode()
    assert changelist.count("-€ 2.000") == 1 and changelist.count("-€ 1.000") == 1
    assert changelist.count(">geen<") == 2
    # Two values of one figure are told apart by their position and source.
    assert "financieringstabel p. 5" in changelist and "begroting p. 3" in changelist
    assert 'class="field-position">1<' in changelist


def test_the_pdf_appendix_lists_each_differing_value_with_its_source(tmp_path):
    from pypdf import PdfReader

    from locations.periods import parse_period
    from reports.pdf import progress_report_pdf
    from reports.selectors import progress_report

    agreement = load(tmp_path)
    report = progress_report(user=None, agreement=agreement, period=parse_period("2021-Q2"))
    pages = PdfReader(BytesIO(progress_report_pdf(report))).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    appendix = text[text.index("Bijlage: Verschillen met de bron") :]
    assert "TOP Totaal begroting € 52.000 € 50.000,00 -€ 2.000,00 financieringstabel p. 5" in (
        appendix
    )
    assert "Totaal Totaal begroting € 51.000 € 50.000,00 -€ 1.000,00 samenvatting p. 1" in (
        appendix
    )
