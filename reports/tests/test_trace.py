"""Every figure traceable (issue 11): the rows behind each kind of measure give the report's
realised value, on hand-built data whose expected figures are worked out here; the trace page
(``reports:trace``), who sees codes, and the links on the report page.

The world is test_measures' ``mw`` (organisation a, locations a-noord ``N`` and a-zuid ``Z``,
a 2019 agreement with one indicator per measure) plus PROCES rows: unique participants over
social + activation, over every category, and jobs.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from agreements.choices import Method, Section
from locations.audit import AccessLogEntry
from locations.periods import Period
from registrations.models import (
    AssociationMember,
    EnteredResult,
    IncomingReferral,
    Job,
    KeyHolding,
    OutgoingReferral,
    PaidWork,
    Participant,
    PartnerAgreement,
    Placement,
    Session,
    SurveyResult,
    SurveyRound,
    Volunteer,
    VolunteerGroup,
    VolunteerHours,
)
from reports.selectors import progress_report
from reports.tests.factories import IndicatorFactory, TargetFactory
from reports.tests.test_measures import mw  # noqa: F401 (the fixture)
from reports.trace import TraceNotFound, figure_trace
from reports.views.progress import report_context

Q1, Q2, Y = Period(2019, 1), Period(2019, 2), Period(2019)


@pytest.fixture
def tw(mw):  # noqa: F811 (the fixture above)
    """The measuring world with PROCES rows and registrations of every kind."""
    a, n, z = mw, mw.location, mw.other_location
    for position, (code, method, categories) in enumerate(
        [
            ("social_activation", Method.UNIQUE, ["social", "activation"]),
            ("total_unique", Method.UNIQUE, ["all"]),
            ("jobs", Method.JOBS, []),
        ],
        start=100,
    ):
        indicator = IndicatorFactory(
            agreement=a.agreement,
            code=code,
            position=position,
            section=Section.PROCES,
            method=method,
            categories=categories,
        )
        for location in (n, z):
            TargetFactory(indicator=indicator, location=location)

    def person(code):
        return Participant.unscoped.create(
            organisation=a.organisation, code=code, home_location=n, nickname=f"Nick{code}"
        )

    p1, p2, p3, p4 = person("P1"), person("P2"), person("P3"), person("P4")
    a.people = (p1, p2, p3, p4)

    def session(location, day, category, *people, anonymous=0):
        s = Session.unscoped.create(
            location=location, date=day, category=category, anonymous_count=anonymous
        )
        for p in people:
            s.attendances.create(participant=p)

    session(n, date(2019, 1, 10), "social", p1, p2, anonymous=5)
    session(n, date(2019, 2, 10), "activation", p1)
    session(z, date(2019, 3, 10), "social", p1)
    session(z, date(2019, 5, 10), "language", p3)  # Q2, another category
    session(n, date(2018, 12, 10), "social", p4)  # last year
    Job.unscoped.create(location=z, date=date(2019, 2, 1), description="Kraan", participant=p4)
    Job.unscoped.create(location=n, date=date(2019, 3, 1), description="Lamp")
    Job.unscoped.create(location=n, date=date(2019, 4, 1), description="Deur")  # Q2

    def volunteer(code, **kwargs):
        return Volunteer.unscoped.create(
            organisation=a.organisation, code=code, home_location=n, **kwargs
        )

    v1, v2, v3 = volunteer("V1"), volunteer("V2"), volunteer("V3", ended_on=date(2019, 2, 1))
    KeyHolding.unscoped.create(location=n, volunteer=v1, started_on=date(2019, 1, 1))
    KeyHolding.unscoped.create(location=z, volunteer=v1, started_on=date(2019, 1, 1))
    KeyHolding.unscoped.create(location=n, volunteer=v2, started_on=date(2019, 1, 1),
                               ended_on=date(2019, 2, 28))  # fmt: skip
    v4 = volunteer("V4")
    # Active by 31-03 (issue 12): 250 h/year pro rata, 62,5 h for a room open all year.
    for vol, location, day, hours in [(v1, n, date(2019, 1, 5), 40), (v1, n, date(2019, 2, 5), 30),
                                      (v2, z, date(2019, 3, 5), 63), (v3, n, date(2019, 1, 5), 90),
                                      (v4, n, date(2019, 3, 9), 12)]:  # fmt: skip
        VolunteerHours.unscoped.create(location=location, volunteer=vol, date=day, hours=hours)
    VolunteerGroup.unscoped.create(location=n, name="Tuingroep", active_from=date(2019, 1, 1))
    VolunteerGroup.unscoped.create(location=z, name="Kookgroep", active_from=date(2019, 4, 1))
    AssociationMember.unscoped.create(location=n, member_code="1", participant=p1,
                                      registered_on=date(2018, 1, 1),
                                      paying_from=date(2018, 1, 1))  # fmt: skip
    AssociationMember.unscoped.create(location=z, member_code="9", participant=p1,
                                      registered_on=date(2018, 1, 1))  # fmt: skip
    AssociationMember.unscoped.create(location=n, member_code="2", registered_on=date(2019, 1, 1))
    Placement.unscoped.create(location=n, participant=p2, kind="internship",
                              started_on=date(2019, 1, 1))  # fmt: skip
    Placement.unscoped.create(location=z, kind="sheltered", started_on=date(2019, 1, 1),
                              ended_on=date(2019, 1, 31))  # fmt: skip
    PartnerAgreement.unscoped.create(location=n, partner_name="MaDi", agreed_on=date(2019, 1, 1))
    PartnerAgreement.unscoped.create(location=z, partner_name="madi", agreed_on=date(2019, 1, 1))
    PaidWork.unscoped.create(location=n, date=date(2019, 2, 1), participant=p2)
    PaidWork.unscoped.create(location=z, date=date(2019, 3, 1))
    IncomingReferral.unscoped.create(location=n, date=date(2019, 1, 2), kind="agency",
                                     participant=p3, takes_part=True)  # fmt: skip
    IncomingReferral.unscoped.create(location=n, date=date(2019, 1, 3), kind="agency")
    IncomingReferral.unscoped.create(location=n, date=date(2019, 1, 4), kind="newcomer",
                                     takes_part=True)  # fmt: skip
    OutgoingReferral.unscoped.create(location=n, date=date(2019, 2, 2), participant=p3,
                                     organisation_name="MaDi")  # fmt: skip
    OutgoingReferral.unscoped.create(location=z, date=date(2019, 2, 3), organisation_name="WPI")
    for location, day, respondents, share in [(n, date(2019, 2, 1), 10, "0.50"),
                                              (z, date(2019, 3, 1), 30, "0.90")]:  # fmt: skip
        survey = SurveyRound.unscoped.create(
            location=location, date=day, audience="participants", respondents=respondents
        )
        SurveyResult.unscoped.create(
            survey_round=survey, question="confidence", share_agree=Decimal(share)
        )
    for location, period, value, positive, code in [
        (n, "2019-Q1", Decimal(3), None, "rent_arrears"),
        (z, "2019-Q1", Decimal(2), None, "rent_arrears"),
        (n, "2019-Q1", None, True, "accountable_spending"),
        (n, "2019-Q3", Decimal(7), None, "rent_arrears"),  # after Q1: not in the Q1 report
    ]:
        EnteredResult.unscoped.create(location=location, indicator_code=code, period=period,
                                      value=value, positive=positive, explanation="x",
                                      source="gesprekken")  # fmt: skip
    return a


#: code -> Q1 figures worked out by hand: (noord, zuid, all); "X op Y" as (X, Y).
EXPECTED_Q1 = {
    # N: P1 (social, activation), P2 (social); Z: P1; P3's language session is in Q2 and
    # another category, P4's session was in 2018. All: P1, P2.
    "social_activation": (2, 1, 2),
    # Every category, jobs for a resident too: Z adds P4's job (2019-02-01). All: P1, P2, P4.
    "total_unique": (2, 2, 3),
    # Jobs, not people: N the lamp (the door is Q2), Z the tap.
    "jobs": (1, 1, 2),
    # 31-03: N V1 (V2 handed the key in on 28-02), Z V1; all V1 once.
    "key_holders": (1, 1, 1),
    # N: V1 with 70 h (V3 stopped on 01-02; V4's 12 h are below 62,5); Z: V2 with 63 h;
    # all V1, V2.
    "active_volunteers": (1, 1, 2),
    # Tuingroep; the Kookgroep starts in April.
    "volunteer_groups": (1, 0, 1),
    "paying_members": (1, 0, 1),
    # N: P1, member 2; Z: P1 again; all P1 once + member 2.
    "registered_members": (2, 1, 2),
    # N: P2's internship; Z's sheltered place ended on 31-01.
    "work_learning_places": (1, 0, 1),
    "neighbourhood_partners": (1, 1, 1),  # MaDi = madi
    "paid_work": (1, 1, 2),
    # N: P3 (referred in, takes part, and out again) once; Z: the WPI referral.
    "referrals": (1, 1, 2),
    "referred_by_agencies": ((1, 2), (0, 0), (1, 2)),
    "newcomers": ((1, 1), (0, 0), (1, 1)),
    # N 50%; Z 90%; all (5 + 27) / 40 = 80%.
    "confidence": (Decimal("50.0"), Decimal("90.0"), Decimal("80.0")),
    "rent_arrears": (Decimal(3), Decimal(2), Decimal(5)),
}


def _trace(tw, code, location=None, period=Q1, user=None):
    return figure_trace(
        user=user or tw.board,
        agreement=tw.agreement,
        period=period,
        indicator_code=code,
        location_id=location.pk if location is not None else None,
    )


def test_rows_give_the_reports_figure_for_every_kind(tw):
    report = progress_report(user=tw.board, agreement=tw.agreement, period=Q1)
    blocks = {block.code: block for block in [*report.locations, report.totals]}
    for code in sorted(EXPECTED_Q1):
        _check_kind(tw, blocks, code)


def _check_kind(tw, blocks, code):
    for expected, location, block in zip(
        EXPECTED_Q1[code],
        (tw.location, tw.other_location, None),
        ("a-noord", "a-zuid", "all"),
        strict=True,
    ):
        trace = _trace(tw, code, location)
        row = next(r for r in blocks[block].rows if r.indicator_code == code)
        if isinstance(expected, tuple):
            assert (trace.evidence.value, trace.evidence.value_of) == expected
            assert (row.realised, row.realised_of) == expected
            assert sum(r.counted for r in trace.evidence.rows) == expected[0]
            assert len(trace.evidence.rows) == expected[1]
        else:
            assert trace.evidence.value == expected, (code, block)
            assert row.realised == expected, (code, block)
        assert trace.row.realised == row.realised
        assert trace.agrees
        assert trace.evidence.rule


def test_distinct_rows_are_the_people_counted(tw):
    trace = _trace(tw, "social_activation")
    assert [(r.person, r.location_code) for r in trace.evidence.rows] == [
        ("P2", "a-noord"),
        ("P1", "a-noord, a-zuid"),  # counted once, seen at both rooms
    ]
    assert trace.evidence.rows[1].day == date(2019, 1, 10)  # the first contact
    jobs = _trace(tw, "jobs", tw.location, period=Q2)
    assert [(r.what, r.person) for r in jobs.evidence.rows] == [("Lamp", ""), ("Deur", "")]
    assert jobs.evidence.value == jobs.row.realised == 2


def test_entered_figures_list_only_the_periods_of_the_report(tw):
    q1 = _trace(tw, "rent_arrears", tw.location)
    assert [r.what for r in q1.evidence.rows] == ["over 1e kwartaal 2019: 3; bron: gesprekken"]
    year = _trace(tw, "rent_arrears", tw.location, period=Y)
    assert len(year.evidence.rows) == 2
    assert year.evidence.value == year.row.realised == Decimal(7)  # the latest entry wins


def test_checks_agree(tw):
    controle = _trace(tw, "accountable_spending", tw.location)
    assert controle.evidence.positive is True and controle.agrees
    assert _trace(tw, "accountable_spending").evidence.positive is None  # zuid has none
    budget = _trace(tw, "budget_spending", tw.location)
    assert budget.evidence.rows == [] and budget.agrees


def test_coordinator_counts_only_what_they_see(tw):
    # The coordinator of noord: the trace over "all" is their own room only.
    trace = _trace(tw, "social_activation", user=tw.coordinator)
    assert [loc.code for loc in trace.locations] == ["a-noord"]
    assert trace.evidence.value == trace.row.realised == 2
    with pytest.raises(TraceNotFound):
        _trace(tw, "social_activation", tw.other_location, user=tw.coordinator)


def test_unknown_indicator_location_or_period(tw, tenants):
    with pytest.raises(TraceNotFound):
        _trace(tw, "nope")
    with pytest.raises(TraceNotFound):
        _trace(tw, "jobs", tenants.b.location)
    with pytest.raises(TraceNotFound):
        _trace(tw, "jobs", period=Period(2020, 1))


# --- the page ----------------------------------------------------------------------------------


def _url(tw, **params):
    from django.utils.http import urlencode

    return f"{reverse('reports:trace', args=[tw.agreement.pk])}?{urlencode(params)}"


def test_page_shows_codes_never_nicknames_and_logs_the_view(tw, client):
    client.force_login(tw.board)
    response = client.get(_url(tw, indicator="social_activation", period="2019-Q1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<td>P1</td>" in page and "<td>P2</td>" in page
    assert "NickP1" not in page
    assert "samen geven ze het cijfer van de rapportage" in page
    entry = AccessLogEntry.unscoped.get(subject="reports.trace")
    assert (entry.user, entry.object_id) == (tw.board, tw.agreement.pk)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"indicator": "jobs"},
        {"indicator": "jobs", "period": "2019-Q5"},
        {"indicator": "jobs", "period": "2019-q1"},
        {"indicator": "jobs", "period": "2020"},
        {"indicator": "nope", "period": "2019"},
        {"indicator": "jobs", "period": "2019", "location": "x"},
        {"indicator": "jobs", "period": "2019", "location": "999999"},
    ],
)
def test_bad_parameters_answer_404(tw, client, params):
    client.force_login(tw.board)
    assert client.get(_url(tw, **params)).status_code == 404


def test_foreign_location_and_agreement_answer_404(tw, tenants, client):
    client.force_login(tw.board)
    params = {"indicator": "jobs", "period": "2019", "location": tenants.b.location.pk}
    assert client.get(_url(tw, **params)).status_code == 404
    client.force_login(tenants.b.board)
    assert client.get(_url(tw, indicator="jobs", period="2019")).status_code == 404


def test_funder_is_refused(tw, client):
    client.force_login(tw.funder)
    assert client.get(_url(tw, indicator="jobs", period="2019")).status_code == 403


def test_report_page_links_each_value_but_not_a_stored_rendering(tw, client):
    client.force_login(tw.board)
    page = client.get(
        reverse("reports:progress", args=[tw.agreement.pk]), {"period": "2019-Q1"}
    ).content.decode()
    noord = f"indicator=jobs&amp;period=2019-Q1&amp;location={tw.location.pk}"
    assert f"{reverse('reports:trace', args=[tw.agreement.pk])}?{noord}" in page
    assert 'indicator=social_activation&amp;period=2019-Q1"' in page  # the totals: no location
    report = progress_report(user=tw.board, agreement=tw.agreement, period=Q1)
    assert "herkomst" not in render_to_string(
        "reports/_progress_report.html", report_context(report)
    )


def test_every_measure_has_its_trace():
    """A measure the registry knows but the trace page does not would show "nothing counted"
    beside a figure: every measure function has its evidence function."""
    from reports.measures.registry import BY_METHOD, MEASURES
    from reports.trace.evidence import EVIDENCE

    functions = {measure.function for measure in [*MEASURES.values(), *BY_METHOD.values()]}
    assert functions <= EVIDENCE.keys(), functions - EVIDENCE.keys()
