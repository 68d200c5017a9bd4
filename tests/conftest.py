"""Fixtures of the project-wide tests."""

import datetime

import pytest

from agreements.models import Agreement, AgreementParty, Indicator, Party, ReportingDeadline, Target
from locations.models import Membership
from registrations.models import Attendance, Job, Participant, Session
from reports.models import ReportFile

#: Strings that only organisation a's objects in :func:`world_a` carry.
MARKERS = ["AGEHEIM-001", "Geheimnaam", "Geheime bijeenkomst", "Afspraak Alfa", "Geheime klus"]


@pytest.fixture
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
    return {
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
        "deadline": ReportingDeadline.unscoped.create(
            agreement=agreement,
            kind="interim",
            due_on=datetime.date(2019, 3, 29),
            period="2019-Q1",
        ),
        "participant": participant,
        "session": session,
        "attendance": Attendance.unscoped.create(session=session, participant=participant),
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
    }
