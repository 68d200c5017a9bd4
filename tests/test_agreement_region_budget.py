"""Issue 12, "Figures for the whole region or a group of rooms": budget line amounts,
financing and volunteer hours stated for the region or a room group (format 2).

A hand-built format-2 file: rooms ``noord``, ``zuid`` and ``west``; a group ``noordzuid``
of noord and zuid. Rates: residents € 10, professionals € 40 an hour. Groups A-E (today's).

Budget lines (euros):

| line | group | noord | zuid | west | region | noordzuid |
|---|---|---|---|---|---|---|
| A1 Coördinatie | A | 10000 | 8000 | 6000 | 5000 | |
| A3 Regiobureau | A | | | | 4000 | |
| B1 Werkplekken | B | 2000 | 2000 | 1000 | | 1500 |
| E1 Vereniging | E | 500 | 500 | 500 | | |

A3 is stated only for the region (its rooms name no amount). Worked out by hand:

- noord: A 10000, B 2000, E 500, total 12500; sroi 2000/12500 = 0.16; overhead (A3 0 + E
  500)/12500 = 0.04; zuid total 10500; west total 7500. (The rooms' own amounts only.)
- region column: A 9000 (5000 + 4000), total 9000; noordzuid column: B 1500, total 1500.
- all: A 33000 (10000 + 8000 + 6000 + 5000 + 4000), B 6500 (2000 + 2000 + 1000 + 1500),
  E 1500, total 41000; sroi 6500/41000, people (33000 + 6500)/41000, overhead (4000 +
  1500)/41000.

Financing: gemeente noord 10000, zuid 9000, west 7000, region 8000; fonds noordzuid 3000 (of
which 1000 in kind); corp (housing corporation) noord 2500.

- noord 12500, surplus 0; zuid 9000, surplus -1500; west 7000, surplus -500;
  region 8000, surplus 8000 - 9000 = -1000; noordzuid 3000, surplus 3000 - 1500 = 1500.
- all: 10000 + 9000 + 7000 + 8000 + 3000 + 2500 = 39500; surplus 39500 - 41000 = -1500;
  financing:gemeente 34000; housing 2500.

Volunteer hours (residents/professionals): noord 1000/100, zuid 800/100, west 600/0,
region 2000/500.

- noord value 1000 × 10 + 100 × 40 = 14000; popular budget 12500 + 14000 = 26500.
- all: residents 4400, professionals 700, hours 5100, value 44000 + 28000 = 72000; popular
  budget 39500 + 72000 = 111500; funders' share 39500/111500.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D
from io import BytesIO
from pathlib import Path

import pytest
import yaml
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements.loader import LoaderError, load_agreement_files
from agreements.loader.dump import dump_agreement
from agreements.models import Agreement, Party
from budgets.actuals import budget_vs_actual
from budgets.figures import budget_overview
from budgets.models import BudgetAmount, BudgetLine, Expenditure, Financing, VolunteerInvestment
from locations.access import system_scope, user_scope
from locations.models import Location, Membership
from locations.periods import Period
from reports.excel import progress_report_xlsx
from reports.issuing import audience_locations
from reports.pdf import progress_report_html
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json

pytestmark = [pytest.mark.django_db]

HEAD = """\
format: 2
organisation: {slug: org-x, name: Organisatie X}
region: testregio
region_name: Testregio
year: 2019
title: Testafspraak 2019
locations:
  - {code: noord, name: Noord}
  - {code: zuid, name: Zuid}
  - {code: west, name: West}
room_groups:
  - {code: noordzuid, name: Noord en Zuid, locations: [noord, zuid]}
parties:
  - {code: gemeente, name: Gemeente, kind: municipality, funder: true}
  - {code: fonds, name: Fonds, kind: fund, funder: true}
  - {code: corp, name: Corporatie, kind: housing_corporation, funder: true}
indicators:
  - code: keys
    section: OUTPUT
    description: Sleutelbeheerders
    method: count
    targets: {region: "3"}
  - code: active_volunteers
    section: OUTPUT
    description: Actieve vrijwilligers (gem. 250 uren/jaar)
    method: count
    targets: {noord: "4", zuid: "3", west: "2"}
"""

MONEY = """\
volunteer_rates:
  residents: {rate: "10.00", source: test}
  professionals: {rate: "40.00", source: test}
budgets:
  - version: Begroting 2019
    lines:
      - code: A1
        group: A
        description: Coördinatie
        amounts: {noord: "10000", zuid: "8000", west: "6000", region: "5000"}
      - code: A3
        group: A
        description: Regiobureau
        amounts: {region: "4000"}
      - code: B1
        group: B
        description: Werkplekken
        amounts: {noord: "2000", zuid: "2000", west: "1000", noordzuid: "1500"}
      - code: E1
        group: E
        description: Vereniging
        amounts: {noord: "500", zuid: "500", west: "500"}
financing:
  - funder: gemeente
    amounts: {noord: "10000", zuid: "9000", west: "7000", region: "8000"}
  - funder: fonds
    amounts: {noordzuid: "3000"}
    in_kind: {noordzuid: "1000"}
  - funder: corp
    amounts: {noord: "2500"}
volunteer_hours:
  noord: {residents: 1000, professionals: 100}
  zuid: {residents: 800, professionals: 100}
  west: {residents: 600, professionals: 0}
  region: {residents: 2000, professionals: 500}
"""

FILE = HEAD + MONEY


def _write(tmp_path: Path, text: str, name: str = "afspraak.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def agreement(tmp_path) -> Agreement:
    with system_scope():
        load_agreement_files(paths=[_write(tmp_path, FILE)])
    return Agreement.unscoped.get(region="testregio")


def _computed(overview, where: str, name: str):
    return overview.figures[where][name].computed


def test_the_rows_are_stored_for_a_room_a_group_or_the_region(agreement):
    amounts = {
        (
            row.line.code,
            row.location.code if row.location else None,
            getattr(row.room_group, "code", None),
        ): row.amount
        for row in BudgetAmount.unscoped.select_related("line", "location", "room_group")
    }
    assert amounts[("A1", None, None)] == D(5000)
    assert amounts[("A3", None, None)] == D(4000)
    assert amounts[("B1", None, "noordzuid")] == D(1500)
    assert amounts[("A1", "noord", None)] == D(10000)
    assert not any(code == "A3" and room for code, room, _group in amounts)
    fonds = Financing.unscoped.get(party__code="fonds")
    assert (fonds.location, fonds.room_group.code, fonds.in_kind) == (None, "noordzuid", D(1000))
    region = VolunteerInvestment.unscoped.get(location=None, room_group=None)
    assert (region.residents_hours, region.professionals_hours) == (D(2000), D(500))


def test_room_figures_are_the_rooms_own_and_the_totals_include_region_and_group(agreement):
    with system_scope():
        overview = budget_overview(agreement)
    assert overview.locations == [("noord", "Noord"), ("west", "West"), ("zuid", "Zuid")]
    assert overview.wider == [("region", "Regio"), ("noordzuid", "Noord en Zuid")]
    assert overview.wider_left_out is False
    # Each room: its own amounts only.
    assert _computed(overview, "noord", "subtotal_A") == D(10000)
    assert _computed(overview, "noord", "total") == D(12500)
    assert _computed(overview, "noord", "sroi_share") == D("0.16")
    assert _computed(overview, "noord", "overhead_share") == D("0.04")
    assert _computed(overview, "zuid", "total") == D(10500)
    assert _computed(overview, "west", "total") == D(7500)
    assert _computed(overview, "noord", "financing_total") == D(12500)
    assert _computed(overview, "noord", "surplus") == D(0)
    assert _computed(overview, "zuid", "surplus") == D(-1500)
    assert _computed(overview, "west", "surplus") == D(-500)
    assert _computed(overview, "noord", "volunteer_value") == D(14000)
    assert _computed(overview, "noord", "popular_budget") == D(26500)
    # The region's and the group's own columns.
    assert _computed(overview, "region", "subtotal_A") == D(9000)
    assert _computed(overview, "region", "total") == D(9000)
    assert _computed(overview, "region", "surplus") == D(-1000)
    assert _computed(overview, "noordzuid", "total") == D(1500)
    assert _computed(overview, "noordzuid", "surplus") == D(1500)
    # The agreement's totals include them.
    assert _computed(overview, "all", "subtotal_A") == D(33000)
    assert _computed(overview, "all", "subtotal_B") == D(6500)
    assert _computed(overview, "all", "subtotal_E") == D(1500)
    assert _computed(overview, "all", "total") == D(41000)
    assert _computed(overview, "all", "sroi_share") == D(6500) / D(41000)
    assert _computed(overview, "all", "people_share") == D(39500) / D(41000)
    assert _computed(overview, "all", "overhead_share") == D(5500) / D(41000)
    assert _computed(overview, "all", "financing_total") == D(39500)
    assert _computed(overview, "all", "surplus") == D(-1500)
    assert _computed(overview, "all", "financing:gemeente") == D(34000)
    assert _computed(overview, "all", "financing:fonds") == D(3000)
    assert _computed(overview, "all", "financing_subtotal_housing") == D(2500)
    assert _computed(overview, "all", "volunteer_hours_residents") == D(4400)
    assert _computed(overview, "all", "volunteer_hours_professionals") == D(700)
    assert _computed(overview, "all", "volunteer_hours") == D(5100)
    assert _computed(overview, "all", "volunteer_value") == D(72000)
    assert _computed(overview, "all", "popular_budget") == D(111500)
    assert _computed(overview, "all", "funders_share") == D(39500) / D(111500)
    a3 = next(line for line in overview.lines if line.code == "A3")
    assert a3.amounts == {
        "noord": D(0), "west": D(0), "zuid": D(0), "region": D(4000), "noordzuid": D(0)
    }  # fmt: skip
    assert a3.total == D(4000)


def test_the_active_volunteers_row_counts_the_regions_hours_in_the_budgets(agreement):
    with system_scope():
        report = progress_report(user=None, agreement=agreement, period=Period(2019))
    rows = {
        block.code: next(row for row in block.rows if row.indicator_code == "active_volunteers")
        for block in [*report.locations, report.totals]
    }
    # A room: its own 1000 residents' hours; the region total: 1000 + 800 + 600 + 2000.
    assert "van de begrote 1.000 uur bewoners" in rows["noord"].note
    assert "van de begrote 4.400 uur bewoners" in rows[report.totals.code].note


def test_a_selection_of_part_of_the_region_leaves_region_money_out_and_says_so(agreement):
    with system_scope():
        both = budget_overview(agreement, location_codes=["noord", "zuid"])
        one = budget_overview(agreement, location_codes=["noord"])
    # noord and zuid hold the group's rooms, not the region's.
    assert both.wider == [("noordzuid", "Noord en Zuid")]
    assert both.wider_left_out is True
    assert _computed(both, "all", "total") == D(12500 + 10500 + 1500)
    assert _computed(both, "all", "financing_total") == D(12500 + 9000 + 3000)
    assert one.wider == []
    assert one.wider_left_out is True
    assert _computed(one, "all", "total") == D(12500)


def test_budget_versus_actual_compares_region_and_group_lines_with_their_rooms_spending(
    agreement,
):
    with system_scope():
        lines = {line.code: line for line in BudgetLine.objects.filter(budget__agreement=agreement)}
        rooms = {room.code: room for room in Location.objects.filter(agreements=agreement)}
        for room, line, amount in (
            ("noord", "A3", "300"),
            ("west", "A3", "200"),
            ("zuid", "B1", "1000"),
            ("noord", "A1", "700"),
        ):
            Expenditure.objects.create(
                location=rooms[room], line=lines[line], date=date(2019, 3, 1), amount=D(amount)
            )
        actual = budget_vs_actual(agreement, end=date(2019, 12, 31))
    rows = {(row.location_code, row.line_code): row for row in actual.rows}
    # A room's comparison is its own: noord A3 has budget 0 and 300 spent.
    assert (rows[("noord", "A3")].budget, rows[("noord", "A3")].spent) == (D(0), D(300))
    assert actual.totals["noord"].budget == D(12500)
    # The region's A1 (5000) and A3 (4000) against the spending at every room on them.
    assert (rows[("region", "A3")].budget, rows[("region", "A3")].spent) == (D(4000), D(500))
    assert (rows[("region", "A1")].budget, rows[("region", "A1")].spent) == (D(5000), D(700))
    assert ("region", "B1") not in rows
    assert (actual.totals["region"].budget, actual.totals["region"].spent) == (D(9000), D(1200))
    # The group's B1 (1500) against the spending at noord and zuid on B1.
    assert (rows[("noordzuid", "B1")].budget, rows[("noordzuid", "B1")].spent) == (
        D(1500),
        D(1000),
    )
    # The totals: every budget once, the spending once.
    assert actual.line_totals["A3"].budget == D(4000)
    assert actual.totals["all"].budget == D(41000)
    assert actual.totals["all"].spent == D(2200)
    assert actual.wider == [("region", "Regio"), ("noordzuid", "Noord en Zuid")]


def test_the_file_round_trips_identically(agreement, tmp_path):
    with system_scope():
        text = dump_agreement(agreement)
    data = yaml.safe_load(text)
    assert data["budgets"][0]["lines"][1]["amounts"] == {"region": "4000.00"}
    assert data["budgets"][0]["lines"][0]["amounts"]["region"] == "5000.00"
    assert data["budgets"][0]["lines"][2]["amounts"]["noordzuid"] == "1500.00"
    assert data["volunteer_hours"]["region"] == {"residents": "2000.0", "professionals": "500.0"}
    fonds = next(entry for entry in data["financing"] if entry["funder"] == "fonds")
    assert fonds["amounts"] == {"noordzuid": "3000.00"}
    assert fonds["in_kind"] == {"noordzuid": "1000.00"}
    gemeente = next(entry for entry in data["financing"] if entry["funder"] == "gemeente")
    assert gemeente["amounts"]["region"] == "8000.00"
    again = _write(tmp_path, text, "b.yaml")
    with system_scope():
        Agreement.objects.filter(pk=agreement.pk).delete()
        load_agreement_files(paths=[again])
        assert dump_agreement(Agreement.objects.get(region="testregio")) == text
        overview = budget_overview(Agreement.objects.get(region="testregio"))
    assert _computed(overview, "all", "total") == D(41000)


def _problems(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(LoaderError) as caught, system_scope():
        load_agreement_files(paths=[_write(tmp_path, text)])
    return [str(problem) for problem in caught.value.problems]


def test_an_unknown_key_is_reported_with_its_line_column_and_the_possible_keys(tmp_path):
    text = FILE.replace('amounts: {region: "4000"}', 'amounts: {regoin: "4000"}')
    problem, missing = _problems(tmp_path, text)
    line = text.splitlines().index('        amounts: {regoin: "4000"}') + 1
    assert f"afspraak.yaml:{line}:" in problem
    assert "'regoin' is geen locatie, groep of 'region'" in problem
    assert "noord, west, zuid, noordzuid, region" in problem
    # With no other key left, the line names neither rooms nor only region or groups.
    assert "geen bedrag voor locatie(s): noord, west, zuid" in missing


def test_a_line_naming_a_room_must_name_every_room(tmp_path):
    text = FILE.replace(
        'amounts: {noord: "500", zuid: "500", west: "500"}',
        'amounts: {noord: "500", region: "500"}',
    )
    (problem,) = _problems(tmp_path, text)
    assert "geen bedrag voor locatie(s): west, zuid" in problem
    line = text.splitlines().index('        amounts: {noord: "500", region: "500"}') + 1
    assert f"afspraak.yaml:{line}:" in problem


def test_an_unknown_key_in_financing_and_hours_is_reported(tmp_path):
    text = FILE.replace('amounts: {noordzuid: "3000"}', 'amounts: {oost: "3000"}').replace(
        "  region: {residents: 2000", "  regio: {residents: 2000"
    )
    problems = _problems(tmp_path, text)
    assert len(problems) == 3  # the amount, its in-kind part (no such amount) and the hours
    assert any(
        "financing[1].amounts.oost" in p and "mogelijk in dit bestand" in p for p in problems
    )
    assert any("volunteer_hours.regio" in p and "'regio' is geen locatie" in p for p in problems)


def test_format_1_keeps_region_a_room_code(tmp_path):
    text = FILE.replace("format: 2", "format: 1").replace(
        "room_groups:\n  - {code: noordzuid, name: Noord en Zuid, locations: [noord, zuid]}\n", ""
    )
    problems = _problems(tmp_path, text)
    assert any("onbekende locatie 'region'" in p for p in problems)
    assert not any("geen locatie, groep" in p for p in problems)


# -- access --------------------------------------------------------------------------------

ACCESS_FILE = """\
format: 2
organisation: {slug: a, name: Coöperatie a}
region: regio-a
region_name: Regio A
year: 2019
title: Afspraak A 2019
locations:
  - {code: a-noord, name: a Noord}
  - {code: a-zuid, name: a Zuid}
room_groups:
  - {code: beide, name: Noord en Zuid samen, locations: [a-noord, a-zuid]}
  - {code: alleen-noord, name: Alleen Noord, locations: [a-noord]}
parties:
  - {code: gemeente, name: Gemeente, kind: municipality, funder: true}
indicators:
  - code: keys
    section: OUTPUT
    description: Sleutelbeheerders
    method: count
    targets: {region: "3"}
budgets:
  - version: Begroting 2019
    lines:
      - code: A1
        group: A
        description: Coördinatie
        amounts: {a-noord: "1000", a-zuid: "2000", region: "7777", beide: "3333"}
      - {code: A2, group: A, description: Noord extra, amounts: {alleen-noord: "444"}}
financing:
  - funder: gemeente
    amounts: {a-noord: "1000", a-zuid: "2000", region: "6666"}
volunteer_hours:
  region: {residents: 100, professionals: 10}
"""


@pytest.fixture
def agreement_a(tenants, tmp_path) -> Agreement:
    with system_scope():
        load_agreement_files(paths=[_write(tmp_path, ACCESS_FILE, "a.yaml")])
    return Agreement.unscoped.get(region="regio-a")


def test_a_coordinator_of_one_room_sees_no_region_or_wider_group_money(tenants, agreement_a):
    with user_scope(tenants.a.coordinator):
        assert not BudgetAmount.objects.filter(location=None, room_group__code="beide").exists()
        assert not BudgetAmount.objects.filter(location=None, room_group=None).exists()
        assert not Financing.objects.filter(location=None).exists()
        assert not VolunteerInvestment.objects.filter(location=None).exists()
        # A group all of whose rooms are the coordinator's is theirs to see.
        assert BudgetAmount.objects.filter(room_group__code="alleen-noord").count() == 1
        overview = budget_overview(agreement_a)
    assert overview.locations == [("a-noord", "a Noord")]
    assert overview.wider == [("alleen-noord", "Alleen Noord")]
    assert overview.wider_left_out is True
    assert _computed(overview, "all", "total") == D(1000 + 444)
    assert _computed(overview, "all", "volunteer_hours") is None


def test_the_budget_page_of_a_coordinator_and_of_the_board(client, tenants, agreement_a):
    url = reverse("budgets:budget", args=[agreement_a.pk])
    client.force_login(tenants.a.coordinator)
    page = client.get(url).content.decode()
    assert "7.777" not in page and "3.333" not in page and "6.666" not in page
    assert "Noord en Zuid samen" not in page
    assert "voor de hele regio of voor een groep" in page  # the note that they are left out
    client.force_login(tenants.a.board)
    page = client.get(url).content.decode()
    assert "7.777" in page and "3.333" in page and "6.666" in page
    assert '<th class="num">Regio</th>' in page
    assert '<th class="num">Noord en Zuid samen</th>' in page
    assert "voor de hele regio of voor een groep" not in page
    # 1000 + 2000 + 7777 + 3333 + 444 = 14554
    assert "14.554" in page
    board_page = client.get(reverse("budgets:board", args=[agreement_a.pk]))
    assert board_page.status_code == 200
    assert "Noord en Zuid samen" in board_page.content.decode()
    client.force_login(tenants.b.board)
    assert client.get(url).status_code == 404


def _funder_of(tenants, code: str):
    with system_scope():
        party = Party.objects.get(code=code)
    membership = Membership.unscoped.get(user=tenants.a.funder)
    membership.party = party
    membership.save()
    return tenants.a.funder


def test_a_funder_reaches_the_rooms_its_region_financing_covers(tenants, agreement_a):
    # gemeente finances both rooms and the region: it reaches both rooms, so it sees its
    # region financing too.
    funder = _funder_of(tenants, "gemeente")
    with user_scope(funder):
        assert sorted(Financing.objects.values_list("amount", flat=True)) == [
            D(1000),
            D(2000),
            D(6666),
        ]


def test_a_funders_home_page_and_report_rooms_with_region_financing(client, tenants, agreement_a):
    funder = _funder_of(tenants, "gemeente")
    with system_scope():
        gemeente = Party.objects.get(code="gemeente")
        assert audience_locations(agreement_a, "housing_corporation", gemeente) == [
            "a-noord",
            "a-zuid",
        ]
    client.force_login(funder)
    page = client.get(reverse("home")).content.decode()
    # Its contribution per room and for the region: 1000 + 2000 + 6666 = 9666.
    assert '<th scope="row">Regio</th><td class="num">€ 6.666,00</td>' in page
    assert "9.666" in page


def test_a_funder_of_part_of_the_region_sees_no_region_financing(tenants, agreement_a, tmp_path):
    text = ACCESS_FILE.replace(
        "  - {code: gemeente,",
        "  - {code: fonds, name: Fonds, kind: fund, funder: true}\n  - {code: gemeente,",
    ).replace(
        "financing:\n",
        'financing:\n  - funder: fonds\n    amounts: {a-noord: "50"}\n',
    )
    with system_scope():
        load_agreement_files(paths=[_write(tmp_path, text, "a.yaml")])
    funder = _funder_of(tenants, "fonds")
    with user_scope(funder):
        # fonds reaches a-noord only: its own row there, no region row of gemeente's.
        assert list(Financing.objects.values_list("amount", flat=True)) == [D(50)]


def test_the_report_pdf_and_excel_show_the_region_and_group_columns(tenants, agreement_a):
    report = progress_report(user=tenants.a.board, agreement=agreement_a, period=Period(2019))
    financial = report.financial
    assert [code for code, _name in financial.columns] == [
        "a-noord", "a-zuid", "region", "beide", "alleen-noord", "all",
    ]  # fmt: skip
    assert financial.wider_note == ""
    # Stored as JSON and rebuilt, the report (its region and group columns too) is the same.
    assert report_from_json(report_to_json(report)) == report
    html = progress_report_html(report)
    assert "7.777" in html and "Noord en Zuid samen" in html
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    sheet = workbook["begroting"]
    header = [cell.value for cell in sheet[3]]
    assert header[3:9] == [
        "a Noord",
        "a Zuid",
        "Regio",
        "Noord en Zuid samen",
        "Alleen Noord",
        "Totaal",
    ]
    a1 = next(row for row in sheet.iter_rows(min_row=4) if row[0].value == "A1")
    assert [cell.value for cell in a1[3:7]] == [1000, 2000, 7777, 3333]
    assert a1[8].value == "=SUM(D{0}:H{0})".format(a1[0].row)
    data = [[cell.value for cell in row] for row in workbook["budget_data"].iter_rows(min_row=2)]
    totals = {row[0]: row[2] for row in data if row[1] == "total"}
    assert totals == {
        "a-noord": 1000, "a-zuid": 2000, "region": 7777, "beide": 3333, "alleen-noord": 444,
        "all": 14554,
    }  # fmt: skip


def test_the_coordinators_report_says_region_money_is_left_out(tenants, agreement_a):
    report = progress_report(user=tenants.a.coordinator, agreement=agreement_a, period=Period(2019))
    financial = report.financial
    assert [code for code, _name in financial.columns] == ["a-noord", "alleen-noord", "all"]
    assert "voor de hele regio of voor een groep" in financial.wider_note
    html = progress_report_html(report)
    assert "7.777" not in html and financial.wider_note in html
    sheet = load_workbook(BytesIO(progress_report_xlsx(report)))["begroting"]
    texts = [row[1].value for row in sheet.iter_rows()]
    assert financial.wider_note in texts
    assert 7777 not in [cell.value for row in sheet.iter_rows() for cell in row]


def _many_rooms_file(rooms: int) -> str:
    """ACCESS_FILE's shape with ``rooms`` rooms, every one in the group ``beide``."""
    codes = [f"r{number}" for number in range(rooms)]
    listed = "\n".join(f"  - {{code: {code}, name: Kamer {code}}}" for code in codes)
    amounts = ", ".join(f'{code}: "100"' for code in codes)
    return f"""\
format: 2
organisation: {{slug: a, name: Coöperatie a}}
region: regio-n
region_name: Regio N
year: 2019
title: Afspraak N 2019
locations:
{listed}
room_groups:
  - {{code: alle, name: Alle kamers, locations: [{", ".join(codes)}]}}
parties:
  - {{code: gemeente, name: Gemeente, kind: municipality, funder: true}}
indicators:
  - {{code: keys, section: OUTPUT, description: Sleutels, method: count, targets: {{region: "3"}}}}
budgets:
  - version: Begroting 2019
    lines:
      - {{code: A1, group: A, description: Kamers, amounts: {{{amounts}, region: "50"}}}}
      - {{code: A2, group: A, description: Groep, amounts: {{alle: "70"}}}}
financing:
  - funder: gemeente
    amounts: {{{amounts}, region: "60", alle: "10"}}
volunteer_hours:
  region: {{residents: 100, professionals: 10}}
  alle: {{residents: 50, professionals: 5}}
"""


def test_the_overview_and_budget_versus_actual_take_as_many_queries_for_more_rooms(
    tenants, tmp_path
):
    counts = []
    for rooms in (2, 6):
        with system_scope():
            load_agreement_files(paths=[_write(tmp_path, _many_rooms_file(rooms), "n.yaml")])
            agreement = Agreement.objects.get(region="regio-n")
        with user_scope(tenants.a.board), CaptureQueriesContext(connection) as queries:
            overview = budget_overview(agreement)
            budget_vs_actual(agreement, end=date(2019, 6, 30))
        assert overview.wider == [("region", "Regio"), ("alle", "Alle kamers")]
        assert _computed(overview, "all", "total") == D(100 * rooms + 50 + 70)
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1]


OLD_VERSION_MONEY = """\
budgets:
  - version: Begroting 2019 (maart)
    lines:
      - {code: A1, group: A, description: Coördinatie, amounts: {region: "5000"}}
  - version: Begroting 2019
    lines:
      - code: A1
        group: A
        description: Coördinatie
        amounts: {noord: "10000", zuid: "8000", west: "6000"}
"""


def test_region_money_of_an_older_budget_version_is_not_said_to_be_left_out(tmp_path):
    """Only the current (last) budget version is on the page: an older version's region
    amount is not money the page leaves out (review: the note said so for a selection of
    part of the region)."""
    with system_scope():
        load_agreement_files(paths=[_write(tmp_path, HEAD + OLD_VERSION_MONEY)])
        agreement = Agreement.unscoped.get(region="testregio")
        part = budget_overview(agreement, location_codes=["noord", "zuid"])
        whole = budget_overview(agreement)
    assert part.wider == [] and part.wider_left_out is False
    assert _computed(part, "all", "total") == D(10000 + 8000)
    assert whole.wider == [] and _computed(whole, "all", "total") == D(24000)
