"""Plan against realised per year for a multi-year plan (issue 12, "Multi-year plans"): the
figures on hand-built registrations (expected numbers worked out below, never taken from the
code), the page, the Excel sheet, access, and the page's queries."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from agreements.choices import PartyKind
from agreements.factories import AgreementFactory, AgreementPartyFactory, PartyFactory
from agreements.loader import load_agreement_files
from agreements.models import Agreement, RoomGroup
from budgets.models import Budget, BudgetLine, Expenditure, Financing
from locations.access import system_scope
from locations.periods import Period
from registrations.factories import (
    AttendanceFactory,
    KeyHoldingFactory,
    ParticipantFactory,
    SessionFactory,
    VolunteerFactory,
    VolunteerHoursFactory,
)
from reports.excel import DATA_COLUMNS, progress_report_xlsx
from reports.plans.excel import SHEET, TABLE, plan_workbook
from reports.plans.selectors import year_over_year
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json
from reports.tests.test_plans_loader import PLAN

pytestmark = pytest.mark.django_db
D = datetime.date


def _login(client, user):
    client.force_login(user)
    return client


def _cells(overview, table_key, label):
    table = next(t for t in overview.tables if t.key == table_key)
    row = next(r for r in table.rows if r.label == label)
    return {cell.year: cell for cell in row.cells}


@pytest.fixture
def plan_world(tenants, tmp_path):
    """The plan of ``PLAN`` for organisation a, an agreement for 2023 and registrations in 2023
    and 2024 (none in the reference year 2022 nor in 2025)."""
    a = tenants.a
    north, south = a.location, a.other_location
    with system_scope():
        path = tmp_path / "plan.yaml"
        path.write_text(PLAN, encoding="utf-8")
        load_agreement_files(paths=[path])
        plan = Agreement.objects.get(region="west", kind="multi_year_plan")
        agreement = AgreementFactory(organisation=a.organisation, region="west", year=2023)
        agreement.locations.set([north, south])
        for position, (code, room) in enumerate((("noord", north), ("zuid", south))):
            RoomGroup.objects.create(
                agreement=agreement, code=code, name=code, position=position
            ).locations.set([room])
        # 2023: p1 at both rooms, p2 at the north, p3 at the south: 3 distinct (a sum of the
        # rooms would say 4). 2024: only p1, at the north.
        p1, p2, p3 = (ParticipantFactory(home_location=north) for _ in range(3))
        for room, day, people in (
            (north, D(2023, 3, 1), [p1, p2]),
            (south, D(2023, 5, 1), [p1, p3]),
            (north, D(2024, 2, 1), [p1]),
        ):
            session = SessionFactory(location=room, date=day)
            for person in people:
                AttendanceFactory(session=session, participant=person)
        # Volunteers and key holders. v1: hours at the north in 2023 and a key there until
        # 30 June 2023 (counts once). v2: a key of the south since 2020 (2023 and 2024). v3:
        # hours at the south in 2023 and 2024. v4: a professional's hours (never counted).
        # v5: a key returned on 31 December 2022 (not in 2023).
        v1 = VolunteerFactory(home_location=north)
        VolunteerHoursFactory(volunteer=v1, location=north, date=D(2023, 4, 1))
        KeyHoldingFactory(volunteer=v1, location=north, started_on=D(2023, 1, 1),
                          ended_on=D(2023, 6, 30))  # fmt: skip
        v2 = VolunteerFactory(home_location=south)
        KeyHoldingFactory(volunteer=v2, location=south, started_on=D(2020, 1, 1))
        v3 = VolunteerFactory(home_location=south)
        VolunteerHoursFactory(volunteer=v3, location=south, date=D(2023, 9, 1))
        VolunteerHoursFactory(volunteer=v3, location=south, date=D(2024, 3, 1))
        v4 = VolunteerFactory(home_location=north, is_professional=True)
        VolunteerHoursFactory(volunteer=v4, location=north, date=D(2023, 4, 1))
        v5 = VolunteerFactory(home_location=north)
        KeyHoldingFactory(volunteer=v5, location=north, started_on=D(2021, 1, 1),
                          ended_on=D(2022, 12, 31))  # fmt: skip
        # Spending: 2023 north 400, south 100.25; 2024 north 70.
        line = BudgetLine.objects.create(
            budget=Budget.objects.create(agreement=agreement, version="v1"),
            code="A1",
            description="Coördinatie",
        )
        for room, day, amount in (
            (north, D(2023, 2, 1), "400"),
            (south, D(2023, 7, 1), "100.25"),
            (north, D(2024, 1, 15), "70"),
        ):
            Expenditure.objects.create(location=room, line=line, date=day, amount=Decimal(amount))
        # Financing of 2023: the municipality 1000 + 150, the corporation 250 committed (and
        # 999 intended, left out).
        city = AgreementPartyFactory(
            agreement=agreement,
            party=PartyFactory(organisation=a.organisation, kind=PartyKind.MUNICIPALITY),
        ).party
        corporation = AgreementPartyFactory(
            agreement=agreement,
            party=PartyFactory(organisation=a.organisation, kind=PartyKind.HOUSING_CORPORATION),
        ).party
        for party, room, amount, intended in (
            (city, north, "1000", False),
            (city, south, "150", False),
            (corporation, north, "250", False),
            (corporation, south, "999", True),
        ):
            Financing.objects.create(
                agreement=agreement,
                party=party,
                location=room,
                amount=Decimal(amount),
                is_intended=intended,
            )
    return plan


def test_realised_per_year(plan_world):
    with system_scope():
        overview = year_over_year(plan_world)
    assert overview.years == (2022, 2023, 2024, 2025)
    assert overview.realised_years == {2023, 2024}
    rooms = _cells(overview, "targets", "Aantal buurtwerkkamers")
    # 2023: the agreement's two rooms; 2024 (no agreement): the rooms with a registration,
    # the north (p1's session) and the south (v3's volunteer hours).
    assert [rooms[y].realised for y in (2022, 2023, 2024, 2025)] == [None, 2, 2, None]
    assert rooms[2024].difference == 2 - 3
    people = _cells(overview, "targets", "Vrijwilligers en sleutelbeheerders")
    assert (people[2023].realised, people[2024].realised) == (3, 2)  # v1, v2, v3 / v2, v3
    assert (people[2023].plan_text, people[2023].plan, people[2023].difference) == (
        "Min. 4",
        4,
        -1,
    )
    assert people[2022].plan == 3 and people[2022].realised is None
    unique = _cells(overview, "targets", "Unieke deelnemers")
    assert (unique[2023].realised, unique[2024].realised) == (3, 1)
    assert unique[2025].realised is None and unique[2025].plan == 25


def test_costs_and_financing_per_year(plan_world):
    with system_scope():
        overview = year_over_year(plan_world)
    north = _cells(overview, "costs", "Groep Noord")
    assert (north[2023].plan, north[2023].realised, north[2023].difference) == (1000, 400, -600)
    south = _cells(overview, "costs", "Groep Zuid")
    assert south[2023].difference == Decimal("100.25") - Decimal("500.50")
    assert south[2024].realised is None  # no agreement in 2024: no groups
    total = _cells(overview, "costs", "Totaal (berekend)")
    assert (total[2023].plan, total[2023].realised) == (Decimal("1500.50"), Decimal("500.25"))
    assert (total[2024].plan, total[2024].realised) == (1700, 70)
    assert total[2025].plan is None
    stated = _cells(overview, "costs", "Totaal zoals vermeld (verschil: berekend min vermeld)")
    assert (stated[2023].plan, stated[2023].difference) == (1600, Decimal("-99.50"))
    assert stated[2024].plan is None
    city = _cells(overview, "financing", "Gemeente")
    assert (city[2023].plan, city[2023].realised) == (1200, 1150)
    assert city[2024].realised is None  # no agreement in 2024
    corporation = _cells(overview, "financing", "Woningcorporatie")
    assert (corporation[2023].realised, corporation[2023].difference) == (250, -50)
    financing = _cells(
        overview, "financing", "Totaal zoals vermeld (verschil: berekend min vermeld)"
    )
    assert financing[2023].difference == 0


def test_page_shows_plan_against_realised(client, tenants, plan_world):
    response = _login(client, tenants.a.board).get(reverse("reports:plan", args=[plan_world.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Meerjarenplan West 2023-2025" in html
    assert "2022 (referentiejaar)" in html  # the reference year's column heading
    assert "Min. 4" in html
    assert "€ 1.150" in html  # the municipality's committed financing of 2023
    assert 'tabindex="0" role="region"' in html
    detail = _login(client, tenants.a.admin).get(reverse("agreements:detail", args=[plan_world.pk]))
    assert reverse("reports:plan", args=[plan_world.pk]) in detail.content.decode()


def test_excel_has_the_same_rows_as_numbers(client, tenants, plan_world):
    response = _login(client, tenants.a.admin).get(
        reverse("reports:plan_excel", args=[plan_world.pk])
    )
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    sheet = workbook[SHEET]
    assert TABLE in sheet.tables
    header = [cell.value for cell in sheet[3]]
    assert header[:2] == ["Onderdeel", "Regel"]
    assert header[2:6] == ["2022 zoals vermeld", "2022 plan", "2022 gerealiseerd", "2022 verschil"]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    people = rows["Vrijwilligers en sleutelbeheerders"]
    column = header.index("2023 plan")
    assert people[column - 1 : column + 3] == ("Min. 4", 4, 3, -1)
    north = rows["Groep Noord"]
    assert north[header.index("2023 gerealiseerd")] == 400
    assert north[header.index("2025 gerealiseerd")] is None


@pytest.mark.parametrize(
    ("role", "status"), [("board", 200), ("admin", 200), ("coordinator", 403), ("funder", 403)]
)
def test_access(client, tenants, plan_world, role, status):
    """The board's and admins' page (Area.OVERSIGHT): a coordinator and a funder of the
    organisation see the plan agreement but not this page (403, the access layer's answer)."""
    url = reverse("reports:plan", args=[plan_world.pk])
    assert _login(client, getattr(tenants.a, role)).get(url).status_code == status


def test_another_organisations_plan_and_an_agreement_that_is_no_plan_are_404(
    client, tenants, plan_world
):
    board_b = _login(client, tenants.b.board)
    assert board_b.get(reverse("reports:plan", args=[plan_world.pk])).status_code == 404
    assert board_b.get(reverse("reports:plan_excel", args=[plan_world.pk])).status_code == 404
    with system_scope():
        agreement = Agreement.objects.get(region="west", kind="agreement")
    board_a = _login(client, tenants.a.board)
    assert board_a.get(reverse("reports:plan", args=[agreement.pk])).status_code == 404


def _plan_of_rooms(tenants, tmp_path, rooms: int) -> Agreement:
    """A plan and a 2023 agreement of region ``r<rooms>`` with ``rooms`` rooms, a session and a
    volunteer's hours at each room."""
    a = tenants.a
    codes = [f"r{rooms}-{i}" for i in range(rooms)]
    text = PLAN.replace("region: west", f"region: r{rooms}").replace(
        "  - {code: a-noord, name: a Noord}\n  - {code: a-zuid, name: a Zuid}\n",
        "".join(f"  - {{code: {code}, name: Kamer {code}}}\n" for code in codes),
    )
    text = text.replace("[a-noord]", f"[{codes[0]}]").replace("[a-zuid]", f"[{codes[1]}]")
    with system_scope():
        path = tmp_path / f"plan-{rooms}.yaml"
        path.write_text(text, encoding="utf-8")
        load_agreement_files(paths=[path])
        locations = [a.organisation.locations.get(code=code) for code in codes]
        agreement = AgreementFactory(organisation=a.organisation, region=f"r{rooms}", year=2023)
        agreement.locations.set(locations)
        for location in locations:
            AttendanceFactory(session=SessionFactory(location=location, date=D(2023, 3, 1)))
            VolunteerHoursFactory(
                volunteer=VolunteerFactory(home_location=location),
                location=location,
                date=D(2023, 3, 1),
            )
        return Agreement.objects.get(region=f"r{rooms}", kind="multi_year_plan")


def test_page_queries_do_not_depend_on_the_number_of_rooms(client, tenants, tmp_path):
    small = _plan_of_rooms(tenants, tmp_path, 2)
    large = _plan_of_rooms(tenants, tmp_path, 4)
    board = _login(client, tenants.a.board)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as captured:
            assert board.get(reverse("reports:plan", args=[plan.pk])).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]


def test_a_year_with_only_volunteer_hours_has_registrations(plan_world, tenants):
    """A year counts as having registrations with any registration at the region's rooms,
    not only a session (issue 12): 2025 gets one volunteer's hours at the south and nothing
    else, so its realised figures are shown: one room registered (no 2025 agreement), two
    volunteers and key holders, no participants."""
    with system_scope():
        volunteer = VolunteerFactory(home_location=tenants.a.other_location)
        VolunteerHoursFactory(
            volunteer=volunteer, location=tenants.a.other_location, date=D(2025, 6, 1)
        )
        overview = year_over_year(plan_world)
    assert overview.realised_years == {2023, 2024, 2025}
    assert _cells(overview, "targets", "Aantal buurtwerkkamers")[2025].realised == 1
    # The new volunteer, and v2, who holds a key of the south since 2020.
    assert _cells(overview, "targets", "Vrijwilligers en sleutelbeheerders")[2025].realised == 2
    unique = _cells(overview, "targets", "Unieke deelnemers")[2025]
    assert (unique.realised, unique.difference) == (0, -25)
    assert _cells(overview, "targets", "Unieke deelnemers")[2022].realised is None


def test_the_plans_quarterly_excel_report_has_the_plan_sheet(plan_world, tenants):
    """The Excel report of a multi-year plan (the plan's own agreement) carries the sheet
    "Meerjarenplan" after the other sheets, with the same rows as the plan's own download;
    the report of an agreement that is no plan has none; both rebuild exactly from JSON."""
    with system_scope():
        report = progress_report(user=None, agreement=plan_world, period=Period(2023, 2))
        other = Agreement.objects.get(region="west", kind="agreement")
        plain = progress_report(user=None, agreement=other, period=Period(2023, 2))
        expected = load_workbook(BytesIO(plan_workbook(year_over_year(plan_world))))[SHEET]
    assert report.plan is not None and plain.plan is None
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    assert workbook.sheetnames[-1] == SHEET
    sheet = workbook[SHEET]
    assert TABLE in sheet.tables
    assert list(sheet.iter_rows(values_only=True)) == list(expected.iter_rows(values_only=True))
    rows = {row[1]: row for row in sheet.iter_rows(min_row=4, values_only=True)}
    header = [cell.value for cell in sheet[3]]
    # 2023: P1, P2 and P3 once each (plan_world's sessions).
    assert rows["Unieke deelnemers"][header.index("2023 gerealiseerd")] == 3
    assert [cell.value for cell in workbook["data"][1]] == DATA_COLUMNS
    assert SHEET not in load_workbook(BytesIO(progress_report_xlsx(plain))).sheetnames
    rebuilt = report_from_json(report_to_json(report))
    assert rebuilt == report
    assert progress_report_xlsx(rebuilt) == progress_report_xlsx(report)


def test_the_plan_sheet_only_for_readers_of_the_plan_page(plan_world, tenants):
    """The plan's rows are the board's (the plan page): the board's report of the plan has
    them, a coordinator's (who sees one room, and not the plan page) has none."""
    period = Period(2023, 2)
    assert progress_report(user=tenants.a.board, agreement=plan_world, period=period).plan
    coordinator = progress_report(user=tenants.a.coordinator, agreement=plan_world, period=period)
    assert coordinator.plan is None
    assert SHEET not in load_workbook(BytesIO(progress_report_xlsx(coordinator))).sheetnames
