"""factory_boy factories for every registrations model (participants, sessions, jobs and the
issue 3 records: volunteers, key holders, groups, hours, members, referrals, placements, paid
work, minima applications, debt support, partners, surveys and entered results).

Dates default to 2019 (the first agreement year); every location-bound factory takes the
location of its volunteer, group or round so that related rows stay in one organisation.
"""

import datetime
from decimal import Decimal

import factory

from agreements.choices import Category
from locations.factories import LocationFactory, TenantFactory
from registrations.models import (
    AssociationMember,
    Attendance,
    DebtSupport,
    EnteredResult,
    HoursSpan,
    IncomingReferral,
    Job,
    KeyHolding,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    PartnerAgreement,
    Placement,
    PlacementKind,
    ReferralKind,
    Session,
    SurveyAudience,
    SurveyResult,
    SurveyRound,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)


class ParticipantFactory(TenantFactory):
    class Meta:
        model = Participant

    home_location = factory.SubFactory(LocationFactory)
    organisation = factory.SelfAttribute("home_location.organisation")
    code = factory.Sequence(lambda n: f"DLN-{n:04d}")


class SessionFactory(TenantFactory):
    class Meta:
        model = Session

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    category = Category.SOCIAL
    title = "Koffie-inloop"


class AttendanceFactory(TenantFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(SessionFactory)
    participant = factory.SubFactory(
        ParticipantFactory, home_location=factory.SelfAttribute("..session.location")
    )


class JobFactory(TenantFactory):
    class Meta:
        model = Job

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    description = "Lamp opgehangen"


# --- Issue 3: volunteers, members, referrals, placements, partners, surveys, entered results ---


class VolunteerFactory(TenantFactory):
    """A resident volunteer registered at (and active at) ``home_location``."""

    class Meta:
        model = Volunteer
        skip_postgeneration_save = True

    home_location = factory.SubFactory(LocationFactory)
    organisation = factory.SelfAttribute("home_location.organisation")
    code = factory.Sequence(lambda n: f"VRW-{n:04d}")
    started_on = datetime.date(2018, 9, 1)

    @factory.post_generation
    def locations(obj, create, extracted, **kwargs):  # noqa: N805
        """``locations=[...]`` sets where the volunteer works; default: the home location."""
        if create:
            obj.locations.set(extracted if extracted is not None else [obj.home_location])


class KeyHoldingFactory(TenantFactory):
    class Meta:
        model = KeyHolding

    volunteer = factory.SubFactory(VolunteerFactory)
    location = factory.SelfAttribute("volunteer.home_location")
    started_on = datetime.date(2019, 1, 1)


class VolunteerGroupFactory(TenantFactory):
    class Meta:
        model = VolunteerGroup

    location = factory.SubFactory(LocationFactory)
    name = factory.Sequence(lambda n: f"Klussendienst {n}")
    active_from = datetime.date(2019, 1, 1)


class VolunteerGroupMembershipFactory(TenantFactory):
    class Meta:
        model = VolunteerGroupMembership

    group = factory.SubFactory(VolunteerGroupFactory)
    volunteer = factory.SubFactory(
        VolunteerFactory, home_location=factory.SelfAttribute("..group.location")
    )
    joined_on = factory.SelfAttribute("group.active_from")


class VolunteerHoursFactory(TenantFactory):
    """Hours of a volunteer at their home location; ``is_professional`` copied from them."""

    class Meta:
        model = VolunteerHours

    volunteer = factory.SubFactory(VolunteerFactory)
    location = factory.SelfAttribute("volunteer.home_location")
    date = datetime.date(2019, 3, 14)
    span = HoursSpan.DAY
    hours = Decimal("4.00")
    is_professional = factory.SelfAttribute("volunteer.is_professional")


class AssociationMemberFactory(TenantFactory):
    class Meta:
        model = AssociationMember

    location = factory.SubFactory(LocationFactory)
    member_code = factory.Sequence(lambda n: f"LID-{n:04d}")
    registered_on = datetime.date(2018, 6, 1)


class IncomingReferralFactory(TenantFactory):
    class Meta:
        model = IncomingReferral

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    kind = ReferralKind.AGENCY
    agency = "WPI"


class OutgoingReferralFactory(TenantFactory):
    class Meta:
        model = OutgoingReferral

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    organisation_name = "MaDi"


class PlacementFactory(TenantFactory):
    class Meta:
        model = Placement

    location = factory.SubFactory(LocationFactory)
    kind = PlacementKind.WORK_LEARNING
    started_on = datetime.date(2019, 1, 7)


class PaidWorkFactory(TenantFactory):
    class Meta:
        model = PaidWork

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)


class MinimaApplicationFactory(TenantFactory):
    class Meta:
        model = MinimaApplication

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    scheme = "Stadspas"


class DebtSupportFactory(TenantFactory):
    class Meta:
        model = DebtSupport

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 3, 14)
    organisation_name = "Schuldhulpverlening"


class PartnerAgreementFactory(TenantFactory):
    class Meta:
        model = PartnerAgreement

    location = factory.SubFactory(LocationFactory)
    partner_name = factory.Sequence(lambda n: f"Buurtpartner {n}")
    agreed_on = datetime.date(2018, 11, 1)


class SurveyRoundFactory(TenantFactory):
    class Meta:
        model = SurveyRound

    location = factory.SubFactory(LocationFactory)
    date = datetime.date(2019, 5, 15)
    audience = SurveyAudience.PARTICIPANTS
    respondents = 40


class SurveyResultFactory(TenantFactory):
    """A share-agree result (0-1); pass ``share_agree=None, mean_score=...`` for a score."""

    class Meta:
        model = SurveyResult

    survey_round = factory.SubFactory(SurveyRoundFactory)
    question = "confidence"
    share_agree = Decimal("0.6000")


class EnteredResultFactory(TenantFactory):
    """An entered Interviews estimate; pass ``value=None, positive=True`` for a Controle."""

    class Meta:
        model = EnteredResult

    location = factory.SubFactory(LocationFactory)
    indicator_code = "benefit_costs"
    period = "2019-Q1"
    value = Decimal("3.00")
    explanation = "Schatting op basis van gesprekken met deelnemers."
    source = "Interviews coördinator"
