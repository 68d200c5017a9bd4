"""Every measurement method of issue 3 on hand-built data; expected figures worked out here.

Organisation "a", locations noord (``N``) and zuid (``Z``), a 2019 agreement "meetwereld"
with one indicator per measure (targets below, the same at both locations unless stated).
Each test records its own rows with ``Model.unscoped.create`` and reads the report rows.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agreements.choices import Method, Section
from agreements.models import Party
from agreements.targets import parse_target
from budgets.models import Budget, BudgetAmount, BudgetLine, Financing
from locations.factories import LocationFactory
from locations.periods import Period
from registrations.models import (
    AssociationMember,
    EnteredResult,
    IncomingReferral,
    KeyHolding,
    OutgoingReferral,
    PaidWork,
    Participant,
    PartnerAgreement,
    Placement,
    SurveyResult,
    SurveyRound,
    Volunteer,
    VolunteerGroup,
    VolunteerHours,
)
from reports.selectors import progress_report
from reports.tests.factories import AgreementFactory, IndicatorFactory, TargetFactory

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

Q1, Q2, Q3, Q4 = (Period(2019, q) for q in (1, 2, 3, 4))

#: code -> (section, method, target text)
INDICATORS = {
    "confidence": (Section.EFFECT, Method.SURVEY, "> 50%"),
    "benefit_costs": (Section.EFFECT, Method.INTERVIEWS, "> 5%"),
    "rent_arrears": (Section.EFFECT, Method.INTERVIEWS, "> 2"),
    "key_holders": (Section.OUTPUT, Method.COUNT, "> 1"),
    "active_volunteers": (Section.OUTPUT, Method.COUNT, "> 1"),
    "volunteer_groups": (Section.OUTPUT, Method.COUNT, "> 1"),
    "paying_members": (Section.OUTPUT, Method.COUNT, "> 1"),
    "registered_members": (Section.OUTPUT, Method.COUNT, "> 1"),
    "referred_by_agencies": (Section.OUTPUT, Method.COUNT_OF_REFERRED, "> 1 op 2"),
    "newcomers": (Section.OUTPUT, Method.COUNT_OF_REFERRED, "> 1 op 2"),
    "work_learning_places": (Section.OUTPUT, Method.COUNT, "> 1"),
    "paid_work": (Section.OUTPUT, Method.COUNT, "> 3"),
    "neighbourhood_partners": (Section.OUTPUT, Method.COUNT, "> 0"),
    "referrals": (Section.OUTPUT, Method.COUNT, "> 1"),
    "budget_spending": (Section.INPUT, Method.BUDGET, "Positief"),
    "accountable_spending": (Section.INPUT, Method.AUDIT, "Positief"),
    "staff_volunteers_score": (Section.INPUT, Method.SURVEY, "> 8"),
}


@pytest.fixture
def mw(tenants):
    """The measuring world: organisation a's two locations and the agreement."""
    a = tenants.a
    agreement = AgreementFactory(
        organisation=a.organisation, region="meetwereld", locations=[a.location, a.other_location]
    )
    for position, (code, (section, method, text)) in enumerate(INDICATORS.items()):
        indicator = IndicatorFactory(
            agreement=agreement, code=code, position=position, section=section, method=method
        )
        parsed = parse_target(text)
        for location in (a.location, a.other_location):
            TargetFactory(
                indicator=indicator,
                location=location,
                comparator=parsed.comparator,
                value=parsed.value,
                value_of=parsed.value_of,
                unit=parsed.unit,
                text=parsed.text,
            )
    a.agreement = agreement
    return a


def rows(mw, period, **kwargs):
    """{(location code or "all", indicator code): ProgressRow} of the report."""
    report = progress_report(user=None, agreement=mw.agreement, period=period, **kwargs)
    found = {}
    for block in [*report.locations, report.totals]:
        for row in block.rows:
            found[(block.code, row.indicator_code)] = row
    return found


def figures(found, code):
    """(noord, zuid, all) realised figures of one indicator."""
    return tuple(found[(loc, code)].realised for loc in ("a-noord", "a-zuid", "all"))


def volunteer(mw, code, **kwargs):
    return Volunteer.unscoped.create(
        organisation=mw.organisation, code=code, home_location=mw.location, **kwargs
    )


def participant(mw, code):
    return Participant.unscoped.create(
        organisation=mw.organisation, code=code, home_location=mw.location
    )


# --- Aantal: states on the period's end date -------------------------------------------------


def test_key_holder_who_stopped_mid_quarter(mw):
    n, z = mw.location, mw.other_location
    v1, v2, v4 = volunteer(mw, "V1"), volunteer(mw, "V2"), volunteer(mw, "V4")
    # v1 hands in the key on 15-05 (mid Q2); v4 on 31-03 (Q1's last day: still a key holder).
    KeyHolding.unscoped.create(location=n, volunteer=v1, started_on=date(2019, 1, 1),
                               ended_on=date(2019, 5, 15))  # fmt: skip
    KeyHolding.unscoped.create(location=n, volunteer=v2, started_on=date(2019, 2, 1))
    KeyHolding.unscoped.create(location=z, volunteer=v2, started_on=date(2019, 3, 1))
    KeyHolding.unscoped.create(location=n, volunteer=v4, started_on=date(2018, 6, 1),
                               ended_on=date(2019, 3, 31))  # fmt: skip
    # Q1 end 31-03: noord v1, v2, v4 = 3; zuid v2 = 1; together v1, v2, v4 = 3 (v2 once).
    q1 = rows(mw, Q1)
    assert figures(q1, "key_holders") == (3, 1, 3)
    assert q1[("a-noord", "key_holders")].status == "achieved"  # 3 > 1
    # Q2 end 30-06: v1 stopped on 15-05 and v4 on 31-03: noord v2 = 1; zuid v2; together 1.
    q2 = rows(mw, Q2)
    assert figures(q2, "key_holders") == (1, 1, 1)
    row = q2[("a-noord", "key_holders")]
    # A state: compared with the yearly target itself, never pro rata.
    assert (row.status, row.expected_to_date, row.realised_quarter) == ("behind", None, None)
    assert row.difference == 1 - 1
    assert row.realised_text == "1"


def test_volunteer_group_that_started_in_q3(mw):
    n, z = mw.location, mw.other_location
    VolunteerGroup.unscoped.create(location=n, name="Klussendienst", active_from=date(2019, 1, 1))
    VolunteerGroup.unscoped.create(location=n, name="Tuingroep", active_from=date(2019, 7, 15))
    VolunteerGroup.unscoped.create(location=z, name="Kookgroep", active_from=date(2018, 1, 1),
                                   active_to=date(2019, 6, 30))  # fmt: skip
    VolunteerGroup.unscoped.create(location=z, name="Taalteam", active_from=date(2019, 8, 1))
    # Q2 (30-06): noord klussendienst; zuid kookgroep (its last day); groups add up: 2.
    assert figures(rows(mw, Q2), "volunteer_groups") == (1, 1, 2)
    # Q3 (30-09): noord klussendienst + tuingroep; zuid taalteam only; 3.
    q3 = rows(mw, Q3)
    assert figures(q3, "volunteer_groups") == (2, 1, 3)
    assert q3[("a-noord", "volunteer_groups")].status == "achieved"  # 2 > 1


def test_active_volunteers(mw):
    """Who stopped, professionals and last year's hours never count; the totals count a
    volunteer of two rooms once. Since issue 12 a volunteer is active when their hours reach
    the average (250 h/year, the factory's description states none) pro rata: 62.5 h by
    31-03, 125 h by 30-06 (tests/issue 12 rules: reports/tests/test_counting_rules.py)."""
    n, z = mw.location, mw.other_location
    v1, v2 = volunteer(mw, "V1"), volunteer(mw, "V2")
    v3 = volunteer(mw, "V3", ended_on=date(2019, 4, 30))
    v4 = volunteer(mw, "V4", is_professional=True)
    v5 = volunteer(mw, "V5")
    for vol, location, day, hours, professional in [
        (v1, n, date(2019, 2, 10), 70, False),
        (v1, n, date(2019, 5, 1), 60, False),
        (v2, n, date(2019, 5, 1), 130, False),
        (v2, z, date(2019, 5, 2), 130, False),
        (v3, n, date(2019, 3, 1), 200, False),
        (v4, n, date(2019, 3, 1), 200, True),  # a professional's voluntary hours
        (v5, n, date(2018, 12, 20), 300, False),  # last year
    ]:
        VolunteerHours.unscoped.create(
            location=location,
            volunteer=vol,
            date=day,
            hours=Decimal(hours),
            is_professional=professional,
        )
    # Q1 (01-01..31-03, 62.5 h): noord v1 (70 h), v3 (stops 30-04, after 31-03); zuid none;
    # together 2.
    assert figures(rows(mw, Q1), "active_volunteers") == (2, 0, 2)
    # Q2 (125 h): noord v1 (130 h), v2 (130 h; v3 stopped before 30-06); zuid v2; together
    # v1, v2 = 2, not 3.
    assert figures(rows(mw, Q2), "active_volunteers") == (2, 1, 2)


def test_members_paying_and_registered(mw):
    n, z = mw.location, mw.other_location
    person = participant(mw, "LID1")
    AssociationMember.unscoped.create(location=n, member_code="1", participant=person,
                                      registered_on=date(2018, 5, 1),
                                      paying_from=date(2018, 5, 1))  # fmt: skip
    AssociationMember.unscoped.create(location=n, member_code="2", registered_on=date(2019, 2, 1))
    AssociationMember.unscoped.create(location=n, member_code="3", registered_on=date(2018, 1, 1),
                                      deregistered_on=date(2019, 3, 15),
                                      paying_from=date(2018, 1, 1),
                                      paying_to=date(2019, 3, 15))  # fmt: skip
    AssociationMember.unscoped.create(location=z, member_code="1", participant=person,
                                      registered_on=date(2019, 1, 10),
                                      paying_from=date(2019, 1, 10),
                                      paying_to=date(2019, 6, 30))  # fmt: skip
    q2 = rows(mw, Q2)
    # Paying on 30-06: noord 1 (member 3 left 15-03); zuid 1 (pays up to 30-06);
    # together 1: both are the same person.
    assert figures(q2, "paying_members") == (1, 1, 1)
    # Registered: noord 1 and 2; zuid 1; together: person + member 2 = 2.
    assert figures(q2, "registered_members") == (2, 1, 2)
    # Q3 (30-09): zuid stopped paying on 30-06.
    assert figures(rows(mw, Q3), "paying_members") == (1, 0, 1)


def test_work_learning_places_all_kinds(mw):
    n, z = mw.location, mw.other_location
    person = participant(mw, "WP1")
    Placement.unscoped.create(location=n, participant=person, kind="work_learning",
                              started_on=date(2019, 1, 1))  # fmt: skip
    Placement.unscoped.create(location=n, kind="internship", started_on=date(2019, 2, 1),
                              ended_on=date(2019, 5, 31))  # fmt: skip
    Placement.unscoped.create(location=z, participant=person, kind="sheltered",
                              started_on=date(2019, 3, 1))  # fmt: skip
    # Q1: noord 2, zuid 1, together 2 (the same person at both).
    assert figures(rows(mw, Q1), "work_learning_places") == (2, 1, 2)
    # Q2: the internship ended 31-05: noord 1, zuid 1, together 1.
    assert figures(rows(mw, Q2), "work_learning_places") == (1, 1, 1)


def test_partners_active_on_the_end_date(mw):
    n, z = mw.location, mw.other_location
    PartnerAgreement.unscoped.create(location=n, partner_name="Samen DOEN",
                                     agreed_on=date(2018, 6, 1))  # fmt: skip
    PartnerAgreement.unscoped.create(location=n, partner_name="MaDi", agreed_on=date(2019, 5, 1),
                                     ended_on=date(2019, 6, 15))  # fmt: skip
    PartnerAgreement.unscoped.create(location=z, partner_name="samen doen",
                                     agreed_on=date(2019, 1, 1))  # fmt: skip
    # 30-06: MaDi ended 15-06; together one partner (names compared case-insensitively).
    assert figures(rows(mw, Q2), "neighbourhood_partners") == (1, 1, 1)


# --- Aantal: year-to-date counts (pro rata) ---------------------------------------------------


def test_paid_work_year_to_date_and_pro_rata(mw):
    n, z = mw.location, mw.other_location
    for location, day in [
        (n, date(2019, 2, 1)),
        (n, date(2019, 5, 5)),
        (z, date(2019, 6, 30)),
        (z, date(2019, 7, 1)),  # after Q2
    ]:
        PaidWork.unscoped.create(location=location, date=day)
    q2 = rows(mw, Q2)
    assert figures(q2, "paid_work") == (2, 1, 3)
    assert tuple(
        q2[(loc, "paid_work")].realised_quarter for loc in ("a-noord", "a-zuid", "all")
    ) == (
        1,
        1,
        2,
    )
    row = q2[("a-noord", "paid_work")]
    # "> 3": the pro-rata share in Q2 is 1.5 and 2 > 1.5.
    assert (row.expected_to_date, row.status) == (Decimal("1.5"), "on_track")
    assert q2[("a-zuid", "paid_work")].status == "behind"  # 1 is not > 1.5


def test_referrals_from_and_to_agencies(mw):
    n, z = mw.location, mw.other_location
    p_a, p_b = participant(mw, "RA"), participant(mw, "RB")
    IncomingReferral.unscoped.create(location=n, date=date(2019, 2, 1), kind="agency",
                                     participant=p_a, takes_part=True)  # fmt: skip
    IncomingReferral.unscoped.create(location=n, date=date(2019, 3, 1), kind="agency")
    IncomingReferral.unscoped.create(location=n, date=date(2019, 4, 1), kind="newcomer",
                                     participant=p_b, takes_part=True)  # fmt: skip
    OutgoingReferral.unscoped.create(location=n, date=date(2019, 5, 1), participant=p_a,
                                     organisation_name="MaDi")  # fmt: skip
    OutgoingReferral.unscoped.create(location=n, date=date(2019, 6, 1),
                                     organisation_name="Buurtteam")  # fmt: skip
    OutgoingReferral.unscoped.create(location=z, date=date(2019, 4, 15), participant=p_a,
                                     organisation_name="MaDi")  # fmt: skip
    q2 = rows(mw, Q2)
    # noord: pA (in, takes part; and out) + the anonymous outgoing one = 2; the referral not
    # taking part and the newcomer do not count. zuid: pA. Together: pA + anonymous = 2.
    assert figures(q2, "referrals") == (2, 1, 2)
    # The quarter alone (01-04..30-06): noord pA (out 01-05) and the anonymous one.
    assert q2[("a-noord", "referrals")].realised_quarter == 2
    assert q2[("all", "referrals")].realised_quarter == 2


# --- Aantal op aangemeld ----------------------------------------------------------------------


def test_x_op_y(mw):
    n = mw.location
    for day, kind, takes_part in [
        (date(2019, 2, 1), "agency", True),
        (date(2019, 3, 1), "agency", False),
        (date(2019, 5, 10), "agency", True),
        (date(2019, 7, 2), "agency", True),  # after Q2
        (date(2019, 4, 1), "newcomer", True),
    ]:
        IncomingReferral.unscoped.create(location=n, date=day, kind=kind, takes_part=takes_part)
    q2 = rows(mw, Q2)
    agencies = q2[("a-noord", "referred_by_agencies")]
    # Y = 3 referred up to 30-06, X = 2 of them take part; in Q2 alone 1 takes part.
    assert (agencies.realised, agencies.realised_of, agencies.realised_quarter) == (2, 3, 1)
    assert agencies.realised_text == "2 op 3"
    assert agencies.status == "achieved"  # 2 > 1 and 3 ≥ 2
    newcomers = q2[("a-noord", "newcomers")]
    assert newcomers.realised_text == "1 op 1"
    # "> 1 op 2" pro rata in Q2: > 0.5 op 1: 1 > 0.5 and 1 ≥ 1.
    assert (newcomers.status, newcomers.expected_to_date) == ("on_track", Decimal("0.5"))
    assert q2[("a-zuid", "referred_by_agencies")].realised_text == "0 op 0"
    assert q2[("all", "referred_by_agencies")].realised_text == "2 op 3"
    # At the year's end the newcomers' 1 op 1 is below "> 1 op 2".
    assert rows(mw, Q4)[("a-noord", "newcomers")].status == "below_target"


def test_x_op_y_needs_both_numbers(mw):
    n = mw.location
    for _ in range(3):
        IncomingReferral.unscoped.create(location=n, date=date(2019, 2, 1), takes_part=True)
    # Three referred, all taking part; one referral less gives 2 op 2:
    IncomingReferral.unscoped.filter(location=n).first().delete()
    row = rows(mw, Q4)[("a-noord", "referred_by_agencies")]
    assert row.realised_text == "2 op 2"
    assert row.status == "achieved"  # 2 > 1 and 2 ≥ 2
    IncomingReferral.unscoped.filter(location=n).first().delete()
    row = rows(mw, Q4)[("a-noord", "referred_by_agencies")]
    assert (row.realised_text, row.status) == ("1 op 1", "below_target")  # X 1 is not > 1


# --- Enquête ----------------------------------------------------------------------------------


def _round(location, day, respondents, audience="participants", **results):
    survey = SurveyRound.unscoped.create(
        location=location, date=day, audience=audience, respondents=respondents
    )
    for question, (share, score) in results.items():
        SurveyResult.unscoped.create(
            survey_round=survey, question=question, share_agree=share, mean_score=score
        )


def test_survey_round_in_q2_counts_in_the_q4_report(mw):
    n, z = mw.location, mw.other_location
    _round(n, date(2019, 5, 20), 20, confidence=(Decimal("0.60"), None))
    _round(n, date(2019, 10, 10), 30, confidence=(Decimal("0.70"), None))
    _round(z, date(2019, 4, 1), 10, confidence=(Decimal("0.40"), None))
    _round(n, date(2019, 3, 1), 10, "volunteers", staff_volunteers_score=(None, Decimal("8.5")))
    _round(n, date(2019, 11, 1), 10, "volunteers", staff_volunteers_score=(None, Decimal("7.5")))
    q4 = rows(mw, Q4)
    noord = q4[("a-noord", "confidence")]
    # (0.60 × 20 + 0.70 × 30) / 50 = 33 / 50 = 66%.
    assert (noord.realised, noord.respondents, noord.realised_text) == (Decimal("66.0"), 50, "66%")
    assert noord.status == "achieved"  # 66 > 50
    zuid = q4[("a-zuid", "confidence")]
    # The zuid round of Q2 (01-04) counts in the Q4 year-to-date report.
    assert (zuid.realised, zuid.respondents, zuid.status) == (Decimal("40.0"), 10, "below_target")
    total = q4[("all", "confidence")]
    # (12 + 21 + 4) / 60 = 61.67% -> 61.7, shown as 62%.
    assert (total.realised, total.respondents, total.realised_text) == (Decimal("61.7"), 60, "62%")
    score = q4[("a-noord", "staff_volunteers_score")]
    # (8.5 × 10 + 7.5 × 10) / 20 = 8.0: not > 8.
    assert (score.realised, score.realised_text, score.status) == (
        Decimal("8.0"),
        "8",
        "below_target",
    )
    q3 = rows(mw, Q3)
    # Up to 30-09 only the Q2 round (60%, 20 respondents) and the 8.5 of March count.
    assert (q3[("a-noord", "confidence")].realised, q3[("a-noord", "confidence")].respondents) == (
        Decimal("60.0"),
        20,
    )
    assert q3[("a-noord", "staff_volunteers_score")].realised_text == "8,5"
    assert q3[("a-noord", "staff_volunteers_score")].status == "achieved"
    assert q3[("a-noord", "confidence")].expected_to_date is None  # surveys: no pro rata
    # Before any round (Q1): nothing to show at zuid.
    assert rows(mw, Q1)[("a-zuid", "confidence")].status == "not_recorded"


# --- Interviews and Controle ------------------------------------------------------------------


def _entered(location, code, period, user=None, value=None, positive=None):
    return EnteredResult.unscoped.create(
        location=location,
        indicator_code=code,
        period=period,
        value=value,
        positive=positive,
        explanation="Geschat uit gesprekken met het buurtteam.",
        source="Interviews buurtteam",
        created_by=user,
    )


def test_interviews_entered_for_q2_shown_in_q3(mw):
    n, z = mw.location, mw.other_location
    user = mw.coordinator
    user.first_name, user.last_name = "Ria", "de Vries"
    user.save()
    _entered(n, "benefit_costs", "2019-Q2", user, value=Decimal(3))
    _entered(n, "rent_arrears", "2018", user, value=Decimal(9))  # another year
    _entered(n, "rent_arrears", "2019-Q3", user, value=Decimal(4))
    _entered(n, "rent_arrears", "2019-Q4", user, value=Decimal(5))
    _entered(n, "rent_arrears", "2019", user, value=Decimal(6))
    _entered(z, "rent_arrears", "2019-Q2", value=Decimal(2))
    assert rows(mw, Q1)[("a-noord", "benefit_costs")].status == "not_recorded"
    q3 = rows(mw, Q3)
    benefit = q3[("a-noord", "benefit_costs")]
    assert (benefit.realised, benefit.realised_text) == (Decimal(3), "3%")
    assert (benefit.entered_by, benefit.entered_source) == ("Ria de Vries", "Interviews buurtteam")
    assert "Ria de Vries" in benefit.note and "Interviews buurtteam" in benefit.note
    # A funder's version shows the note without who entered it (issue 9).
    assert benefit.public_note == (
        "Ingevoerd over 2e kwartaal 2019; bron: Interviews buurtteam. "
        "Geschat uit gesprekken met het buurtteam."
    )
    assert q3[("a-noord", "key_holders")].public_note is None  # nothing internal in it
    assert benefit.status == "behind"  # 3 is not > 5; during the year, no pro rata
    # Totals: zuid entered nothing for benefit_costs, and percentages are never added up.
    assert q3[("all", "benefit_costs")].realised is None
    assert q3[("all", "benefit_costs")].realised_text == "—"
    # rent arrears in Q3: the Q3 entry (4); the year's entries are not yet due.
    assert figures(q3, "rent_arrears") == (Decimal(4), Decimal(2), Decimal(6))
    assert q3[("a-zuid", "rent_arrears")].entered_by == "onbekend"
    # In Q4 the full-year entry (6) beats the Q4 entry (5); cases add up: 6 + 2.
    assert figures(rows(mw, Q4), "rent_arrears") == (Decimal(6), Decimal(2), Decimal(8))
    assert rows(mw, Q4)[("a-noord", "rent_arrears")].status == "achieved"  # 6 > 2


def test_controle_entered(mw):
    n, z = mw.location, mw.other_location
    _entered(n, "accountable_spending", "2019-Q3", positive=True)
    _entered(z, "accountable_spending", "2019-Q3", positive=False)
    assert rows(mw, Q2)[("a-noord", "accountable_spending")].status == "not_recorded"
    q3 = rows(mw, Q3)
    noord, zuid = q3[("a-noord", "accountable_spending")], q3[("a-zuid", "accountable_spending")]
    assert (noord.realised_text, noord.status, noord.realised) == ("Positief", "achieved", None)
    assert (zuid.realised_text, zuid.status) == ("Negatief", "below_target")
    assert q3[("all", "accountable_spending")].realised_text == "Negatief"


def test_entered_result_without_value_or_outcome_is_not_added_up(mw):
    """A result with neither a value nor an outcome (the forms refuse one, the database does
    not) shows nothing at its room, and the totals are not a sum of the others."""
    n, z = mw.location, mw.other_location
    _entered(n, "rent_arrears", "2019-Q2", value=Decimal(4))
    _entered(z, "rent_arrears", "2019-Q2")
    q2 = rows(mw, Q2)
    assert (q2[("a-zuid", "rent_arrears")].realised, q2[("a-zuid", "rent_arrears")].status) == (
        None,
        "not_recorded",
    )
    total = q2[("all", "rent_arrears")]
    assert (total.realised, total.realised_text) == (None, "—")
    assert "Niet opgeteld: niet voor alle buurtwerkkamers ingevoerd." in total.note


# --- Begroting --------------------------------------------------------------------------------


def test_begroting_from_the_budget(mw):
    n, z = mw.location, mw.other_location
    assert rows(mw, Q2)[("a-noord", "budget_spending")].status == "not_recorded"
    assert (
        "Begroting of financiering ontbreekt" in rows(mw, Q2)[("a-noord", "budget_spending")].note
    )
    budget = Budget.unscoped.create(agreement=mw.agreement, version="Begroting 2019")
    line = BudgetLine.unscoped.create(
        budget=budget, code="A1", group="A", description="Coördinatie"
    )
    BudgetAmount.unscoped.create(line=line, location=n, amount=Decimal(1000))
    BudgetAmount.unscoped.create(line=line, location=z, amount=Decimal(500))
    funder = Party.unscoped.create(
        organisation=mw.organisation, code="gemeente", name="Gemeente", kind="municipality"
    )
    Financing.unscoped.create(agreement=mw.agreement, party=funder, location=n, amount=1200)
    Financing.unscoped.create(agreement=mw.agreement, party=funder, location=z, amount=400)
    q2 = rows(mw, Q2)
    # noord 1200 covers 1000: Positief; zuid 400 < 500: Negatief; together 1600 ≥ 1500.
    assert q2[("a-noord", "budget_spending")].realised_text == "Positief"
    assert q2[("a-noord", "budget_spending")].status == "achieved"
    assert q2[("a-zuid", "budget_spending")].realised_text == "Negatief"
    assert q2[("a-zuid", "budget_spending")].status == "below_target"
    assert q2[("all", "budget_spending")].realised_text == "Positief"


# --- The whole report -------------------------------------------------------------------------


def test_no_row_without_data_says_not_recorded_when_data_exists(mw):
    """Every measured OUTPUT count shows a number even when nothing was recorded (0)."""
    q2 = rows(mw, Q2)
    for code in ("key_holders", "active_volunteers", "paid_work", "referrals"):
        assert q2[("a-noord", code)].realised == 0
        assert q2[("a-noord", code)].status != "not_recorded"


def test_query_count_does_not_grow_with_locations(mw):
    """The report's queries are the same for 1 and for 3 locations."""
    extra = LocationFactory(organisation=mw.organisation)
    mw.agreement.locations.add(extra)

    def count(codes):
        with CaptureQueriesContext(connection) as context:
            progress_report(user=mw.board, agreement=mw.agreement, period=Q2, location_codes=codes)
        return len(context.captured_queries)

    count(["a-noord"])  # the first call also reads the user's scope (kept on the user)
    assert count(["a-noord"]) == count(["a-noord", "a-zuid", extra.code])


# --- Rendering: web table, PDF and the Excel data sheet from the one selector ------------------


def test_new_columns_in_every_format(client, mw):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    from reports.excel import DATA_COLUMNS, progress_report_xlsx
    from reports.pdf import progress_report_html

    n = mw.location
    for takes_part in (True, True, False):
        IncomingReferral.unscoped.create(location=n, date=date(2019, 2, 1), takes_part=takes_part)
    _round(n, date(2019, 5, 20), 20, confidence=(Decimal("0.65"), None))
    _entered(n, "rent_arrears", "2019-Q2", mw.coordinator, value=Decimal(4))
    # The first data columns never change; issue 3 appends five (issue 11 two after them).
    assert DATA_COLUMNS[17:22] == [
        "realised_of",
        "realised_text",
        "respondents",
        "entered_by",
        "entered_source",
    ]
    report = progress_report(user=None, agreement=mw.agreement, period=Q2)
    sheet = load_workbook(BytesIO(progress_report_xlsx(report)))["data"]
    header = [cell.value for cell in sheet[1]]
    data = {
        (r["location"], r["indicator"]): r
        for r in (dict(zip(header, v, strict=True)) for v in sheet.iter_rows(2, values_only=True))
    }
    referred = data[("a-noord", "referred_by_agencies")]
    assert (referred["realised"], referred["realised_of"], referred["realised_text"]) == (
        2,
        3,
        "2 op 3",
    )
    confidence = data[("a-noord", "confidence")]
    assert (confidence["realised"], confidence["respondents"], confidence["realised_text"]) == (
        65,
        20,
        "65%",
    )
    arrears = data[("a-noord", "rent_arrears")]
    assert (arrears["realised"], arrears["entered_by"], arrears["entered_source"]) == (
        4,
        mw.coordinator.username,
        "Interviews buurtteam",
    )
    html = progress_report_html(report)
    assert "2 op 3" in html and "20 respondenten" in html
    client.force_login(mw.board)
    body = client.get(
        reverse("reports:progress", args=[mw.agreement.pk]), {"period": "2019-Q2"}
    ).content.decode()
    assert "2 op 3" in body and "65%" in body and "20 respondenten" in body
