"""Fixtures of the project-wide tests."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from agreements.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Party,
    PeriodClosure,
    RegionTarget,
    ReportingDeadline,
    RoomGroup,
    RoomVersion,
    Target,
)
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Expenditure,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)
from locations.access import system_scope
from locations.models import AccessLogEntry, Membership
from locations.periods import parse_period
from registrations import models as rm
from registrations.models import Attendance, Job, Participant, Session
from reports.calendar.tokens import token_digest
from reports.models import (
    CalendarToken,
    IssuedReport,
    IssuedReportDownload,
    Narrative,
    PlanCost,
    PlanFinancing,
    PlanTarget,
    PlanYear,
    ReportFile,
    SentReminder,
)
from reports.selectors import progress_report
from reports.serialise import report_to_json
from reports.tests.factories import issue_stand_in

#: The real agreement files (both Zuidoost years).
AGREEMENT_FILES = ["data/agreements/zuidoost-2019.yaml", "data/agreements/zuidoost-2021.yaml"]

#: Strings that only organisation a's objects in :func:`world_a` carry.
MARKERS = [
    "AGEHEIM-001",
    "Geheimnaam",
    "Geheime bijeenkomst",
    "Afspraak Alfa",
    "Geheime klus",
    "Geheime begrotingsregel",
]


@pytest.fixture
@system_scope()  # test data is written as system code
def world_a(tenants) -> dict:
    """Organisation a with at least one row of every project model, carrying :data:`MARKERS`.

    Keys name the objects; ``other_session`` lies at a's second location, which a's
    coordinator may not see.
    """
    a = tenants.a
    agreement = Agreement.unscoped.create(
        organisation=a.organisation,
        region="alfa",
        region_name="Alfa",
        year=2019,
        title="Afspraak Alfa 2019",
    )
    agreement.locations.set([a.location, a.other_location])
    party = Party.unscoped.create(
        organisation=a.organisation, code="gemeente", name="Gemeente Alfa", kind="municipality"
    )
    indicator = Indicator.unscoped.create(
        agreement=agreement,
        code="social",
        section="PROCES",
        description="Geheime bijeenkomst",
        method="unique",
        categories=["social"],
    )
    participant = Participant.unscoped.create(
        organisation=a.organisation,
        code="AGEHEIM-001",
        nickname="Geheimnaam",
        home_location=a.location,
    )
    session = Session.unscoped.create(
        location=a.location,
        date=datetime.date(2019, 3, 1),
        category="social",
        title="Geheime bijeenkomst",
    )
    budget = Budget.unscoped.create(agreement=agreement, version="Begroting Alfa 2019")
    budget_line = BudgetLine.unscoped.create(
        budget=budget, code="A1", group="A", description="Geheime begrotingsregel"
    )
    budget_rows = {
        "volunteer_rate": VolunteerRate.unscoped.create(
            organisation=a.organisation,
            agreement=agreement,
            year=2019,
            kind="residents",
            rate="10.04",
            source="Alfa",
        ),
        "budget": budget,
        "budget_line": budget_line,
        "budget_amount": BudgetAmount.unscoped.create(
            line=budget_line, location=a.location, amount="1000.00"
        ),
        "financing": Financing.unscoped.create(
            agreement=agreement, party=party, location=a.location, amount="900.00"
        ),
        "volunteer_investment": VolunteerInvestment.unscoped.create(
            agreement=agreement, location=a.location, residents_hours=250, professionals_hours=0
        ),
        "stated_figure": StatedFigure.unscoped.create(
            agreement=agreement, location=a.location, figure="total", value=1000, text="€ 1.000"
        ),
        "expenditure": Expenditure.unscoped.create(
            location=a.location,
            line=budget_line,
            date=datetime.date(2019, 3, 4),
            amount="12.50",
            description="Geheime begrotingsregel koffie",
        ),
    }
    world = {
        **budget_rows,
        "organisation": a.organisation,
        "location": a.location,
        "other_location": a.other_location,
        "membership": Membership.unscoped.filter(organisation=a.organisation).first(),
        "agreement": agreement,
        "party": party,
        "agreement_party": AgreementParty.unscoped.create(
            agreement=agreement, party=party, is_funder=True
        ),
        "indicator": indicator,
        "target": Target.unscoped.create(
            indicator=indicator, location=a.location, text="400", comparator="at_least", value=400
        ),
        # Issue 12: a room group and a target for the region (tenant-owned via the agreement).
        "room_group": (
            room_group := RoomGroup.unscoped.create(
                agreement=agreement, code="noordzuid", name="NZ"
            )
        ),
        "region_target": RegionTarget.unscoped.create(
            indicator=indicator, text="≥ 500", comparator="gte", value=500
        ),
        "group_target": RegionTarget.unscoped.create(
            indicator=indicator, group=room_group, text="450", comparator="at_least", value=450
        ),
        "deadline": ReportingDeadline.unscoped.create(
            agreement=agreement,
            kind="interim",
            due_on=datetime.date(2019, 3, 29),
            period="2019-Q1",
        ),
        "room_version": RoomVersion.unscoped.create(
            agreement=agreement,
            location=a.location,
            label="licht",
            starts_on=datetime.date(2019, 1, 1),
        ),
        "participant": participant,
        "session": session,
        "attendance": Attendance.unscoped.create(session=session, participant=participant),
        # Written by the database triggers with the attendance (registrations.models.rollup).
        "participant_month": rm.ParticipantMonth.unscoped.get(
            participant=participant, category="social"
        ),
        # And by the first-seen triggers with it (a room's row; an organisation's has none).
        "first_seen": rm.ParticipantFirstSeen.unscoped.get(
            participant=participant, location=a.location, category="social"
        ),
        "new_participants": rm.NewParticipantsMonth.unscoped.get(
            location=a.location, category="social"
        ),
        "other_session": Session.unscoped.create(
            location=a.other_location,
            date=datetime.date(2019, 3, 1),
            category="social",
            title="Geheime bijeenkomst Zuid",
        ),
        "job": Job.unscoped.create(
            location=a.location, date=datetime.date(2019, 3, 2), description="Geheime klus"
        ),
        "report_file": ReportFile.unscoped.create(
            agreement=agreement, period="2019-Q1", format="pdf"
        ),
        "issued_report": _issued_report(agreement, party, a.board),
        # Reopened: world_a's registrations of 2019-Q1 may still be written (the matrix does).
        "period_closure": PeriodClosure.unscoped.create(
            agreement=agreement,
            period="2019-Q1",
            starts_on=datetime.date(2019, 1, 1),
            ends_on=datetime.date(2019, 3, 31),
            closed_by=tenants.a.board,
            closed_at=datetime.datetime(2019, 4, 2, 10, 0, tzinfo=datetime.UTC),
            reopened_by=tenants.a.admin,
            reopened_at=datetime.datetime(2019, 4, 3, 9, 0, tzinfo=datetime.UTC),
            reopen_reason="Geheime bijeenkomst nagekomen",
        ),
    }
    world["issued_report_download"] = IssuedReportDownload.unscoped.create(
        issued_report=world["issued_report"], format="pdf", downloaded_by=a.board
    )
    world["access_log_entry"] = AccessLogEntry(
        user=a.coordinator,
        organisation=a.organisation,
        kind="search",
        subject="registrations.participant",
        query="AGEHEIM-001",
        page="/registratie/deelnemers/zoeken/",
    )
    world["access_log_entry"].save()
    # a's funder belongs to a's municipality, which finances a's first location (above).
    Membership.unscoped.filter(user=a.funder).update(party=party)
    world.update(registration_rows(a, participant))
    # The register of erasures (issue 10); its reason carries a marker: b never sees it.
    world["erasure"] = rm.Erasure.unscoped.create(
        organisation=a.organisation,
        person_kind="participant",
        person_id=participant.pk,
        code=participant.code,
        cause="request",
        erased_by=a.board,
        reason="Verzoek na Geheime bijeenkomst",
    )
    # Issue 11: an approved narrative, the board's calendar feed link and a reminder sent.
    world["narrative"] = Narrative.unscoped.create(
        agreement=agreement,
        location=a.location,
        period="2019-Q1",
        highlights="Geheime bijeenkomst in de tuin",
        status="approved",
        written_by=a.coordinator,
        written_at=datetime.datetime(2019, 4, 1, 9, 0, tzinfo=datetime.UTC),
        approved_by=a.board,
        approved_at=datetime.datetime(2019, 4, 2, 9, 0, tzinfo=datetime.UTC),
    )
    world["calendar_token"] = CalendarToken.unscoped.create(
        organisation=a.organisation,
        user=a.board,
        digest=token_digest("a-board-feed-token"),
        created_at=datetime.datetime(2019, 4, 1, 9, 0, tzinfo=datetime.UTC),
    )
    world["sent_reminder"] = SentReminder.unscoped.create(
        deadline=world["deadline"],
        kind="before",
        recipient=a.board,
        email="bestuur@a.example",
        sent_at=datetime.datetime(2019, 3, 22, 7, 7, tzinfo=datetime.UTC),
    )
    # Issue 12: a multi-year plan of organisation a with one year of each kind of plan row.
    plan = Agreement.unscoped.create(
        organisation=a.organisation,
        region="zuidoost",
        region_name="Zuidoost",
        year=2019,
        title="Meerjarenplan Zuidoost",
        kind="multi_year_plan",
    )
    world["plan_year"] = PlanYear.unscoped.create(agreement=plan, year=2019)
    world["plan_target"] = PlanTarget.unscoped.create(
        plan_year=world["plan_year"],
        measure="rooms",
        text="2",
        comparator="at_least",
        value=2,
    )
    world["plan_cost"] = PlanCost.unscoped.create(
        plan_year=world["plan_year"], group_code="noordzuid", amount=1000
    )
    world["plan_financing"] = PlanFinancing.unscoped.create(
        plan_year=world["plan_year"], funder_kind="municipality", amount=1000
    )
    # The group holds a's first room, so every staff role of a sees all its rooms (its trace
    # page, reports:group_trace).
    world["room_group"].locations.set([a.location])
    world.update(history_rows(world))
    return world


def _issued_report(agreement, party, user) -> IssuedReport:
    """A stored version issued to ``party``: the real report object (the API reads its
    figures), with small stand-in files holding a marker (the real ones are built by
    reports.issuing; tests/test_issued_reports.py)."""
    report = progress_report(user=None, agreement=agreement, period=parse_period("2019-Q1"))
    return issue_stand_in(
        agreement,
        "2019-Q1",
        user,
        audience="municipality",
        party=party,
        issued_at=datetime.datetime(2019, 4, 2, 12, tzinfo=datetime.UTC),
        report_json=report_to_json(report),
        content=b"Geheime bijeenkomst",
    )


def history_rows(world: dict) -> dict:
    """One historical row (django-simple-history) for every tracked object in ``world``.

    Historical models are project models too (tests/test_tenancy_models.py): saving a tracked
    object writes its first historical row, which is added here keyed ``history:<key>``.
    """
    rows = {}
    for key, obj in list(world.items()):
        if key == "other_session":  # lies at a's second location; rows_a leaves it out too
            continue
        if hasattr(type(obj), "_meta") and hasattr(obj._meta, "simple_history_manager_attribute"):
            rows[f"history:{key}"] = obj.history.earliest()
    return rows


def registration_rows(a, participant) -> dict:
    """One row of every issue 3 registrations model in organisation a (at a's first location),
    carrying :data:`MARKERS` in their text fields."""
    day = datetime.date(2019, 3, 4)
    loc = a.location
    volunteer = rm.Volunteer.unscoped.create(
        organisation=a.organisation,
        code="AGEHEIM-001",
        nickname="Geheimnaam",
        home_location=loc,
        participant=participant,
        started_on=datetime.date(2018, 9, 1),
    )
    volunteer.locations.set([loc])
    group = rm.VolunteerGroup.unscoped.create(
        location=loc, name="Geheime klussendienst", active_from=day
    )
    survey_round = rm.SurveyRound.unscoped.create(
        location=loc, date=day, audience="participants", respondents=12, title="Geheime bijeenkomst"
    )
    return {
        "volunteer": volunteer,
        "key_holding": rm.KeyHolding.unscoped.create(
            location=loc, volunteer=volunteer, started_on=day
        ),
        "volunteer_group": group,
        "volunteer_group_membership": rm.VolunteerGroupMembership.unscoped.create(
            group=group, volunteer=volunteer, joined_on=day
        ),
        "volunteer_hours": rm.VolunteerHours.unscoped.create(
            location=loc, volunteer=volunteer, date=day, hours=4
        ),
        "association_member": rm.AssociationMember.unscoped.create(
            location=loc, member_code="AGEHEIM-001", participant=participant, registered_on=day
        ),
        "incoming_referral": rm.IncomingReferral.unscoped.create(
            location=loc, date=day, agency="Geheime klus BV", participant=participant
        ),
        "outgoing_referral": rm.OutgoingReferral.unscoped.create(
            location=loc,
            date=day,
            organisation_name="Geheime klus BV",
            participant=participant,
            note="Geheimnaam",
        ),
        "placement": rm.Placement.unscoped.create(
            location=loc, participant=participant, kind="work_learning", started_on=day
        ),
        "paid_work": rm.PaidWork.unscoped.create(
            location=loc, participant=participant, date=day, note="Geheime klus"
        ),
        "minima_application": rm.MinimaApplication.unscoped.create(
            location=loc, participant=participant, date=day, scheme="Geheime klus toeslag"
        ),
        "debt_support": rm.DebtSupport.unscoped.create(
            location=loc, participant=participant, date=day, note="Geheime klus"
        ),
        "partner_agreement": rm.PartnerAgreement.unscoped.create(
            location=loc, partner_name="Geheime bijeenkomst BV", agreed_on=day
        ),
        "survey_round": survey_round,
        "survey_result": rm.SurveyResult.unscoped.create(
            survey_round=survey_round, question="confidence", share_agree="0.6"
        ),
        "form_submission": rm.FormSubmission.unscoped.create(
            user=a.coordinator, location=loc, token="0" * 32, result_model="registrations.job"
        ),
        "entered_result": rm.EnteredResult.unscoped.create(
            location=loc,
            indicator_code="benefit_costs",
            period="2019-Q1",
            value=3,
            explanation="Geheime bijeenkomst",
            source="Geheime klus",
        ),
    }


@pytest.fixture
def demo_agreements(db) -> list[Agreement]:
    """Both Zuidoost agreements (2019 with 4 rooms, 2021 with 3) with a year of demo data."""
    call_command("load_agreement", *AGREEMENT_FILES, stdout=StringIO())
    agreements = list(Agreement.unscoped.order_by("year"))
    for agreement in agreements:
        call_command(
            "generate_demo_registrations",
            "--agreement",
            agreement.slug,
            "--seed",
            "2019",
            stdout=StringIO(),
        )
    return agreements
