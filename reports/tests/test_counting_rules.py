"""Counting rules that match the agreements' wording (issue 12), on hand-built data.

The world is the one of ``test_measures`` (organisation a, rooms noord ``N`` and zuid ``Z``,
agreement "meetwereld", targets "> 1" for active volunteers, "> 1 op 2" for "X op Y",
"> 3" for paid work); every expected figure is worked out in the comments.
"""

import json
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from agreements.models import Indicator, ReportingDeadline, Target
from agreements.targets import parse_target
from budgets.models import VolunteerInvestment
from locations.periods import Period, open_share, parse_period
from registrations.models import IncomingReferral, KeyHolding, PaidWork, VolunteerHours
from reports.selectors import progress_report
from reports.serialise import report_from_json, report_to_json
from reports.status import Status, expected_to_date, status_for
from reports.tests.test_measures import Q1, Q2, Q4, figures, participant, rows, volunteer
from reports.tests.test_measures import mw as mw  # the fixture

pytestmark = pytest.mark.usefixtures("system")


def _hours(volunteer, location, day, hours):
    VolunteerHours.unscoped.create(
        location=location, volunteer=volunteer, date=day, hours=Decimal(hours)
    )


# --- Active volunteers ("Actieve vrijwilligers (gem. 250 uren/jaar)") ---------------------------


@pytest.fixture
def hours_world(mw):
    """v1: noord 70 h (Feb) + 60 h (May) = 130 h; v2: noord 100 h (May);
    v6: noord 40 h + zuid 30 h (March) = 70 h over the two rooms."""
    n, z = mw.location, mw.other_location
    v1, v2, v6 = volunteer(mw, "V1"), volunteer(mw, "V2"), volunteer(mw, "V6")
    _hours(v1, n, date(2019, 2, 10), 70)
    _hours(v1, n, date(2019, 5, 1), 60)
    _hours(v2, n, date(2019, 5, 1), 100)
    _hours(v6, n, date(2019, 3, 1), 40)
    _hours(v6, z, date(2019, 3, 2), 30)
    return mw


def test_one_hour_no_longer_makes_an_active_volunteer(hours_world):
    # Q1: 250 × 0.25 = 62.5 h: noord v1 (70 h); zuid nobody (v6 30 h); together v1 and v6
    # (70 h over both rooms).
    assert figures(rows(hours_world, Q1), "active_volunteers") == (1, 0, 2)
    # Q2: 125 h: noord v1 (130 h) only, v2 (100 h) is below; together v1 (v6's 70 h < 125).
    assert figures(rows(hours_world, Q2), "active_volunteers") == (1, 0, 1)
    # The year: 250 h: nobody.
    assert figures(rows(hours_world, Q4), "active_volunteers") == (0, 0, 0)


def test_active_volunteer_hours_shown_beside_the_count(hours_world):
    row = rows(hours_world, Q2)[("a-noord", "active_volunteers")]
    # Registered at noord by 30-06: 130 + 100 + 40 = 270 h; one active volunteer with 130 h.
    assert "Geregistreerd 270 uur" in row.note
    assert "gemiddeld 130 uur per actieve vrijwilliger" in row.note
    assert "Actief: gem. 250 uur/jaar naar rato." in row.note


def test_registered_hours_against_the_budgeted_hours(hours_world):
    VolunteerInvestment.unscoped.create(
        agreement=hours_world.agreement,
        location=hours_world.location,
        residents_hours=Decimal(1080),
        professionals_hours=Decimal(0),
    )
    row = rows(hours_world, Q2)[("a-noord", "active_volunteers")]
    # 270 of 1,080 budgeted residents' hours = 25%.
    assert "25% van de begrote 1.080 uur bewoners" in row.note


def test_average_hours_taken_from_the_indicator(hours_world):
    Indicator.unscoped.filter(agreement=hours_world.agreement, code="active_volunteers").update(
        description="Actieve vrijwilligers (gem. 100 uren/jaar)"
    )
    # Q2: 100 × 0.5 = 50 h: noord v1 (130 h) and v2 (100 h), not v6 (40 h); zuid none;
    # together v1, v2 and v6 (70 h over both rooms ≥ 50).
    q2 = rows(hours_world, Q2)
    assert figures(q2, "active_volunteers") == (2, 0, 3)
    assert "Actief: gem. 100 uur/jaar naar rato." in q2[("a-noord", "active_volunteers")].note


def test_average_hours_from_the_setting(hours_world, settings):
    settings.BWK_ACTIVE_VOLUNTEER_HOURS = Decimal(200)
    # Q2: 200 × 0.5 = 100 h: noord v1 (130 h) and v2 (100 h, reaches it exactly).
    assert figures(rows(hours_world, Q2), "active_volunteers") == (2, 0, 2)


# --- "X op Y" counts people ----------------------------------------------------------------------


def test_x_op_y_counts_people_not_records(mw):
    n, z = mw.location, mw.other_location
    ann, bob = participant(mw, "ANN"), participant(mw, "BOB")
    for location, day, person, takes_part in [
        (n, date(2019, 2, 1), ann, False),  # Ann referred twice: one of Y
        (n, date(2019, 3, 1), ann, True),  # ... and one of X, she takes part after all
        (n, date(2019, 3, 5), bob, True),
        (n, date(2019, 3, 6), None, False),  # an anonymous referral: one person
        (z, date(2019, 3, 7), ann, True),  # Ann at zuid too
    ]:
        IncomingReferral.unscoped.create(
            location=location, date=day, kind="agency", participant=person, takes_part=takes_part
        )
    q1 = rows(mw, Q1)
    # noord: Y = Ann, Bob, the anonymous one = 3 (4 records); X = Ann, Bob = 2.
    assert q1[("a-noord", "referred_by_agencies")].realised_text == "2 op 3"
    # zuid: 1 op 1; together Ann once: X = Ann, Bob = 2, Y = 3.
    assert q1[("a-zuid", "referred_by_agencies")].realised_text == "1 op 1"
    assert q1[("all", "referred_by_agencies")].realised_text == "2 op 3"


def test_x_op_y_status_on_x_with_take_up_and_a_note(mw):
    n = mw.location
    # "> 1 op 2" at the year's end: 2 of 2 people take part... then compare 2 op 5 below.
    for takes_part in (True, True):
        IncomingReferral.unscoped.create(
            location=n, date=date(2019, 2, 1), kind="newcomer", takes_part=takes_part
        )
    row = rows(mw, Q4)[("a-noord", "newcomers")]
    # X = 2 > 1: achieved; Y = 2 is the target's 2, so no note about referrals.
    assert (row.realised_text, row.status) == ("2 op 2", "achieved")
    assert "Deelname: 100% van de aangemelden." in row.note
    assert "Minder aangemeld" not in row.note
    IncomingReferral.unscoped.filter(location=n, kind="newcomer").first().delete()
    IncomingReferral.unscoped.create(
        location=n, date=date(2019, 3, 1), kind="newcomer", takes_part=True
    )
    for _ in range(3):
        IncomingReferral.unscoped.create(
            location=n, date=date(2019, 3, 1), kind="newcomer", takes_part=False
        )
    row = rows(mw, Q4)[("a-noord", "newcomers")]
    # 2 op 5: X = 2 > 1 achieved; take-up 2/5 = 40%.
    assert (row.realised_text, row.status) == ("2 op 5", "achieved")
    assert "Deelname: 40% van de aangemelden." in row.note


def test_x_op_y_fewer_referred_than_the_target_is_noted_not_failed():
    # The example: "> 10 op 20"; "15 op 18" was below target, "11 op 40" achieved.
    common = {"comparator": "gt", "target_value": Decimal(10), "target_value_of": Decimal(20)}
    assert status_for(realised=15, realised_of=18, period=Q4, **common) == Status.ACHIEVED
    assert status_for(realised=11, realised_of=40, period=Q4, **common) == Status.ACHIEVED
    assert status_for(realised=9, realised_of=40, period=Q4, **common) == Status.BELOW_TARGET


def test_x_op_y_note_when_fewer_referred_than_the_target(mw):
    n = mw.location
    IncomingReferral.unscoped.create(
        location=n, date=date(2019, 2, 1), kind="newcomer", takes_part=True
    )
    # Q2, "> 1 op 2" pro rata: Y expected 1 by 30-06: 1 referred is enough, no note.
    assert "Minder aangemeld" not in rows(mw, Q2)[("a-noord", "newcomers")].note
    # The year: Y 1 < 2: noted; X 1 is not > 1: below target.
    row = rows(mw, Q4)[("a-noord", "newcomers")]
    assert "Minder aangemeld dan de 2 van het streefcijfer." in row.note
    assert row.status == "below_target"


# --- Paid work counts people ---------------------------------------------------------------------


def test_paid_work_counts_people(mw):
    n, z = mw.location, mw.other_location
    ann, bob = participant(mw, "ANN"), participant(mw, "BOB")
    for location, day, person in [
        (n, date(2019, 2, 1), ann),
        (n, date(2019, 5, 1), ann),  # Ann's second job: still one person
        (n, date(2019, 5, 2), bob),
        (n, date(2019, 5, 3), None),  # no participant recorded: one person
        (z, date(2019, 6, 1), ann),  # Ann at zuid too
    ]:
        PaidWork.unscoped.create(location=location, date=day, participant=person)
    q2 = rows(mw, Q2)
    # noord: Ann, Bob, the unnamed one = 3; zuid Ann = 1; together Ann, Bob, unnamed = 3.
    assert figures(q2, "paid_work") == (3, 1, 3)
    # The quarter alone (01-04..30-06): noord Ann, Bob, unnamed = 3; together 3.
    assert q2[("a-noord", "paid_work")].realised_quarter == 3
    assert q2[("all", "paid_work")].realised_quarter == 3


# --- Rooms that open or close during the year ----------------------------------------------------


def test_open_share_of_a_room():
    q = [Period(2019, n) for n in (1, 2, 3, 4)]
    assert [open_share(p, None, None) for p in q] == [Decimal("0.25"), Decimal("0.5"),
                                                      Decimal("0.75"), 1]  # fmt: skip
    # Opening on 1 April: 9 months open; by 30 June 3 of them.
    assert open_share(q[0], date(2019, 4, 1), None) == 0
    assert open_share(q[1], date(2019, 4, 1), None) == Fraction(1, 3)
    assert open_share(q[3], date(2019, 4, 1), None) == 1
    # Closing on 31 August: 8 months open; by 30 June 6 of them; by 30 September all.
    assert open_share(q[1], None, date(2019, 8, 31)) == Decimal("0.75")
    assert open_share(q[2], None, date(2019, 8, 31)) == 1
    # Opening on 16 April: 3.5 months in, 8.5 months open; by 30 June 2.5 of them.
    assert open_share(q[1], date(2019, 4, 16), None) == Fraction(5, 17)


def test_room_opening_on_1_april_is_expected_from_its_opening(mw):
    z = mw.other_location
    z.opened_on = date(2019, 4, 1)
    z.save()
    PaidWork.unscoped.create(location=z, date=date(2019, 5, 1))
    q2 = rows(mw, Q2)
    row = q2[("a-zuid", "paid_work")]
    # "> 3" by 30 June: 3 × 1/3 = 1 (not 1.5 as for a room open all year); 1 is not > 1.
    assert row.expected_to_date == Decimal(1)
    assert row.status == "behind"
    assert q2[("a-noord", "paid_work")].expected_to_date == Decimal("1.5")
    # Before it opens, the room is not in the report.
    assert "a-zuid" not in {code for code, _indicator in rows(mw, Q1)}


def test_room_that_closed_before_the_year_is_left_out(mw):
    z = mw.other_location
    z.opened_on, z.closed_on = date(2017, 1, 1), date(2018, 12, 31)
    z.save()
    blocks = {code for code, _indicator in rows(mw, Q2)}
    assert blocks == {"a-noord", "all"}


def test_expected_to_date_with_a_share():
    assert expected_to_date(Decimal(300), Q2) == Decimal(150)
    assert expected_to_date(Decimal(300), Q2, Fraction(1, 3)) == Decimal(100)


# --- Targets as stated in the report --------------------------------------------------------------


def _restate(mw, code, text):
    """Give indicator ``code`` the target ``text`` at noord, as the loader stores it."""
    parsed = parse_target(text)
    Target.unscoped.filter(indicator__agreement=mw.agreement, indicator__code=code,
                           location=mw.location).update(
        text=parsed.text, comparator=parsed.comparator, value=parsed.value,
        value_of=parsed.value_of, value_max=parsed.value_max, unit=parsed.unit,
        printed_text=parsed.printed,
    )  # fmt: skip


def test_printed_target_is_shown_beside_the_parsed_one(mw):
    _restate(mw, "paid_work", "Min. 2")
    PaidWork.unscoped.create(location=mw.location, date=date(2019, 2, 1))
    PaidWork.unscoped.create(location=mw.location, date=date(2019, 3, 1))
    row = rows(mw, Q4)[("a-noord", "paid_work")]
    # "Min. 2" is "≥ 2": 2 people achieve it (where "> 2" would not).
    assert (row.target_text, row.status) == ("≥ 2", "achieved")
    assert "Zoals vermeld: 'Min. 2'." in row.note
    # A target printed as normalised has no such note.
    assert "Zoals vermeld" not in rows(mw, Q4)[("a-zuid", "paid_work")].note


def test_not_yet_is_no_target_never_achieved(mw):
    _restate(mw, "paid_work", "nog niet")
    PaidWork.unscoped.create(location=mw.location, date=date(2019, 2, 1))
    row = rows(mw, Q4)[("a-noord", "paid_work")]
    assert (row.realised, row.status, row.expected_to_date) == (1, "no_target", None)
    # The totals have no summed target when a room has none.
    assert rows(mw, Q4)[("all", "paid_work")].target_text == "—"


def test_at_most_and_range_targets_in_the_report(mw):
    _restate(mw, "key_holders", "max. 1")
    _restate(mw, "paid_work", "2-3")
    v1, v2 = volunteer(mw, "V1"), volunteer(mw, "V2")
    for v in (v1, v2):
        KeyHolding.unscoped.create(location=mw.location, volunteer=v, started_on=date(2019, 1, 1))
    for day in (date(2019, 2, 1), date(2019, 5, 1)):
        PaidWork.unscoped.create(location=mw.location, date=day)
    q4 = rows(mw, Q4)
    # 2 key holders against "≤ 1": above the target.
    assert q4[("a-noord", "key_holders")].status == "above_target"
    # 2 people in paid work in "2-3": achieved; in Q1 1 person, against the pro-rata lower
    # bound 0.5: on track.
    assert (q4[("a-noord", "paid_work")].target_text, q4[("a-noord", "paid_work")].status) == (
        "2-3",
        "achieved",
    )
    assert rows(mw, Q1)[("a-noord", "paid_work")].status == "on_track"


# --- Reporting periods per agreement: four-monthly and half-yearly ------------------------------


def _four_monthly(mw):
    for period, due in [("2019-T1", date(2019, 5, 31)), ("2019-T2", date(2019, 9, 30)),
                        ("2019", date(2020, 3, 31))]:  # fmt: skip
        ReportingDeadline.unscoped.create(
            agreement=mw.agreement,
            kind="final" if period == "2019" else "interim",
            due_on=due,
            period=period,
        )


def test_an_agreement_reports_on_the_periods_its_deadlines_name(mw):
    assert mw.agreement.reporting_period_kind() == "Q"
    assert [p.code for p in mw.agreement.reporting_periods()] == [
        "2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4", "2019"
    ]  # fmt: skip
    _four_monthly(mw)
    assert mw.agreement.reporting_period_kind() == "T"
    assert [p.code for p in mw.agreement.reporting_periods()] == [
        "2019-T1", "2019-T2", "2019-T3", "2019"
    ]  # fmt: skip


def test_a_four_month_report(mw):
    _four_monthly(mw)
    for day in (date(2019, 3, 1), date(2019, 5, 1), date(2019, 8, 31), date(2019, 9, 1)):
        PaidWork.unscoped.create(location=mw.location, date=day)
    t2 = parse_period("2019-T2")
    row = rows(mw, t2)[("a-noord", "paid_work")]
    # Year to date 01-01..31-08: 3 people (one per row); T2 alone (01-05..31-08): 2.
    # "> 3" pro rata by 31 August: 3 × 2/3 = 2; 3 > 2: on track.
    assert (row.realised, row.realised_quarter) == (3, 2)
    assert (row.expected_to_date, row.status) == (Decimal(2), "on_track")


def test_build_report_accepts_a_four_month_period(mw, tmp_path):
    _four_monthly(mw)
    PaidWork.unscoped.create(location=mw.location, date=date(2019, 6, 1))
    out = tmp_path / "t2.xlsx"
    call_command("build_report", agreement="meetwereld-2019", period="2019-t2", format="xlsx",
                 out=str(out), organisation=mw.organisation.slug)  # fmt: skip
    sheet = load_workbook(out)["data"]
    header = [cell.value for cell in sheet[1]]
    found = {
        (row[header.index("location")], row[header.index("indicator")]): row
        for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    paid = found[("a-noord", "paid_work")]
    assert paid[header.index("realised")] == 1
    assert paid[header.index("period_end")].date() == date(2019, 8, 31)
    assert paid[header.index("quarter_start")].date() == date(2019, 5, 1)


def test_a_four_month_report_is_stored_and_rebuilt_with_its_period(mw):
    _four_monthly(mw)
    report = progress_report(user=None, agreement=mw.agreement, period=parse_period("2019-T2"))
    text = report_to_json(report)
    # A quarter is stored as before ({"year": 2019, "quarter": 2}); a T period names its kind.
    assert json.loads(text)["report"]["period"] == {"year": 2019, "quarter": 2, "kind": "T"}
    rebuilt = report_from_json(text)
    assert rebuilt.period == parse_period("2019-T2")
    assert rebuilt == report


def test_a_four_month_report_names_its_part_not_a_quarter(mw, client):
    """Issue 12: over 2019-T2 the column of the part's own figures reads "Deze
    viermaandsperiode" (a half year: "Dit halfjaar"), in the web table, the PDF and the
    Excel sheets, never "Dit kwartaal"; a quarter keeps "Dit kwartaal"."""
    from io import BytesIO

    from pypdf import PdfReader

    from reports.excel import progress_report_xlsx
    from reports.pdf import progress_report_pdf
    from reports.tables import ProgressTable, VisitTable

    _four_monthly(mw)
    t2, h1, q2 = parse_period("2019-T2"), parse_period("2019-H1"), parse_period("2019-Q2")
    assert (t2.part_heading, h1.part_heading, q2.part_heading) == (
        "Deze viermaandsperiode", "Dit halfjaar", "Dit kwartaal"
    )  # fmt: skip
    report = progress_report(user=None, agreement=mw.agreement, period=t2)
    table = ProgressTable(report.locations[0].rows, period=t2)
    assert table.columns["realised_quarter"].header == "Deze viermaandsperiode"
    visits = VisitTable(report.visits, period=t2)
    assert visits.columns["visits_quarter"].header == "Bezoeken deze viermaandsperiode"
    # Another table of a quarter report still reads "Dit kwartaal" (each table its own copy).
    assert ProgressTable([], period=q2).columns["realised_quarter"].header == "Dit kwartaal"
    assert ProgressTable([]).columns["realised_quarter"].header == "Dit kwartaal"
    workbook = load_workbook(BytesIO(progress_report_xlsx(report)))
    sheet = workbook[report.locations[0].name]
    assert "Deze viermaandsperiode" in [cell.value for cell in sheet[1]]
    assert "Dit kwartaal" not in [cell.value for cell in sheet[1]]
    assert "Anoniem deze viermaandsperiode" in [cell.value for cell in workbook["Bezoeken"][1]]
    pdf = " ".join(p.extract_text() for p in PdfReader(BytesIO(progress_report_pdf(report))).pages)
    pdf = " ".join(pdf.split())  # a narrow column breaks its heading over lines
    assert "Deze viermaandsperiode" in pdf and "Dit kwartaal" not in pdf
