"""The progress report selector; expected figures are worked out in reports/tests/conftest.py."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from locations.factories import LocationFactory
from locations.periods import Period
from reports.selectors import progress_report
from reports.tests.conftest import build_agreement

#: These tests call the computations directly, as system code (conftest ``system``).
pytestmark = pytest.mark.usefixtures("system")

Q2 = Period(2019, 2)


def _rows(block):
    return {row.indicator_code: row for row in block.rows}


def _figures(block):
    return {code: (row.realised, row.realised_quarter) for code, row in _rows(block).items()}


def test_q2_report_per_location_and_in_total(world):
    report = progress_report(user=None, agreement=world.agreement, period=Q2)
    assert [block.code for block in report.locations] == ["a-noord", "a-zuid"]
    noord, zuid = report.locations
    # (year to date 01-01..30-06, the quarter alone 01-04..30-06)
    assert _figures(noord) == {
        "key_holders": (0, None),
        "social": (2, 1),  # pA, pB; in Q2 only pA (activation, 14-05)
        "jobs": (3, 1),  # jobs are counted per job: 15-01, 01-03, 10-04
        "computer": (0, 0),
        "unique_total": (3, 2),  # pA, pB, pD (job); Q2: pA, pD
        "budget": (None, None),
    }
    assert _figures(zuid) == {
        "key_holders": (0, None),
        "social": (1, 1),  # pB on 02-04
        "jobs": (0, 0),  # 01-07 is after the period
        "computer": (1, 0),  # pC on 01-01-2019, not 31-12-2018
        "unique_total": (2, 1),  # pB, pC; Q2: pB
        "budget": (None, None),
    }
    assert report.totals.is_total
    assert _figures(report.totals) == {
        "key_holders": (0, None),
        "social": (2, 2),  # pA, pB: pB at both rooms counts once
        "jobs": (3, 1),  # summed
        "computer": (1, 0),
        "unique_total": (4, 3),  # pA, pB, pC, pD: not 3 + 2
        "budget": (None, None),
    }


def test_targets_pro_rata_difference_and_status(world):
    report = progress_report(user=None, agreement=world.agreement, period=Q2)
    noord = _rows(report.locations[0])
    social = noord["social"]
    assert social.target_text == "400"
    assert social.target_value == Decimal(400)
    assert social.expected_to_date == Decimal(200)  # 50% in Q2
    assert social.difference == 2 - 400
    assert (social.status, social.status_label) == ("behind", "achter op schema")
    assert social.category_key == "social+activation"
    assert noord["unique_total"].category_key == "all"
    assert noord["jobs"].housing_corporation is True
    key_holders = noord["key_holders"]
    assert key_holders.category_key == ""
    assert key_holders.target_text == "> 10"
    # Issue 3: key holders are counted (none recorded): a state, no pro rata.
    assert (key_holders.status, key_holders.status_label) == ("behind", "achter op schema")
    assert key_holders.difference == -10
    assert key_holders.expected_to_date is None
    assert noord["budget"].target_text == "Positief"
    assert noord["budget"].expected_to_date is None


def test_totals_sum_plain_targets_only(world):
    totals = _rows(progress_report(user=None, agreement=world.agreement, period=Q2).totals)
    assert totals["social"].target_value == Decimal(675)  # 400 + 275
    assert totals["social"].target_text == "675"
    assert totals["unique_total"].target_value == Decimal(850)  # 500 + 350
    assert totals["jobs"].target_value == Decimal(175)
    assert totals["jobs"].expected_to_date == Decimal("87.5")
    assert totals["key_holders"].target_text == "—"  # "> 10" and "> 5" are not plain
    assert totals["key_holders"].target_value is None
    assert totals["budget"].target_text == "—"


def test_q1_and_full_year(world):
    q1 = progress_report(user=None, agreement=world.agreement, period=Period(2019, 1))
    # Q1 (01-01..31-03): noord pA, pB and two jobs; realised_quarter equals year to date.
    assert _figures(q1.locations[0])["unique_total"] == (2, 2)
    assert _figures(q1.locations[0])["jobs"] == (2, 2)
    year = progress_report(user=None, agreement=world.agreement, period=Period(2019))
    # The full year adds the job at zuid on 01-07; there is no quarter alone.
    assert _figures(year.totals)["jobs"] == (4, None)
    assert _rows(year.totals)["social"].status == "below_target"


def test_anonymous_visits_are_separate(world):
    report = progress_report(user=None, agreement=world.agreement, period=Q2)
    visits = {(v.location_code, v.category): v for v in report.visits}
    noord_social = visits[("a-noord", "social")]
    # 05-02 pA, 12-03 pB plus 6 anonymous
    assert (noord_social.anonymous, noord_social.visits) == (6, 8)
    assert (noord_social.anonymous_quarter, noord_social.visits_quarter) == (0, 0)
    zuid_language = visits[("a-zuid", "language")]
    assert (zuid_language.anonymous, zuid_language.visits) == (3, 3)
    assert zuid_language.anonymous_quarter == 3
    total_social = visits[("all", "social")]
    assert (total_social.anonymous, total_social.visits) == (6, 9)  # + pB at zuid on 02-04


def test_filters_by_location_and_section(world):
    report = progress_report(
        user=None,
        agreement=world.agreement,
        period=Q2,
        location_codes=["a-zuid"],
        sections=["PROCES"],
    )
    assert [block.code for block in report.locations] == ["a-zuid"]
    assert [row.indicator_code for row in report.totals.rows] == [
        "social",
        "jobs",
        "computer",
        "unique_total",
    ]
    assert _figures(report.totals)["unique_total"] == (2, 1)  # zuid alone: pB, pC


def test_coordinator_sees_own_location_only(world):
    coordinator = world.tenants.a.coordinator
    report = progress_report(user=coordinator, agreement=world.agreement, period=Q2)
    assert [block.code for block in report.locations] == ["a-noord"]
    assert _figures(report.totals)["unique_total"] == (3, 2)
    assert {v.location_code for v in report.visits} == {"a-noord", "all"}


def test_board_sees_all_locations(world):
    report = progress_report(user=world.tenants.a.board, agreement=world.agreement, period=Q2)
    assert len(report.locations) == 2


def test_other_organisation_is_refused(world):
    with pytest.raises(PermissionDenied):
        progress_report(user=world.tenants.b.board, agreement=world.agreement, period=Q2)


def test_period_outside_agreement_year(world):
    with pytest.raises(ValueError):
        progress_report(user=None, agreement=world.agreement, period=Period(2020, 1))


def test_report_fields(world):
    report = progress_report(user=None, agreement=world.agreement, period=Q2)
    assert report.agreement_slug == "zuidoost-2019"
    assert report.organisation_name == "Coöperatie a"
    assert report.period == Q2
    assert isinstance(report.generated_on, date)


def test_query_count_does_not_grow_with_locations(world, django_assert_max_num_queries):
    """A whole report takes a constant number of queries, whatever the number of locations.

    22 (23 before issue 13's merges; +1 for the rooms' versions, issue 12): the user's scope
    (2), the access check, locations, indicators, targets, the rooms' versions, unique
    participants (1 for every row and window), jobs, the
    measures' rows (key holders and the other counted tables read together in 1), the
    budget's lines and amounts (2, read once for the budget overview and budget versus
    actual) and the rest of the budget overview (budgets.figures), visits (1), the
    municipality's items (4) and the organisation's name.
    """
    user = world.tenants.a.board
    with django_assert_max_num_queries(22):
        progress_report(user=user, agreement=world.agreement, period=Q2)
    organisation = world.tenants.a.organisation
    extra = [LocationFactory(organisation=organisation) for _ in range(6)]
    bigger = build_agreement(organisation, extra[0], extra[1], region="utrecht")
    bigger.locations.add(*extra)
    with django_assert_max_num_queries(22):
        report = progress_report(user=user, agreement=bigger, period=Q2)
    assert len(report.locations) == 6
