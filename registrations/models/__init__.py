"""The models of the registrations app, by topic; every public name is re-exported here, so
``from registrations.models import Participant`` works from other apps (inside the app,
import from the module).

- :mod:`~registrations.models.codes`: the pseudonymous code pattern and the BSN rule;
- :mod:`~registrations.models.participants`: participants, sessions, attendances, jobs;
- :mod:`~registrations.models.rollup`: the exact unique-participant rollup per month, kept
  by database triggers;
- :mod:`~registrations.models.base`: the abstract bases of the records coordinators add;
- :mod:`~registrations.models.volunteers`: volunteers, key holdings, volunteer groups and
  their members, volunteer hours;
- :mod:`~registrations.models.referrals`: referrals in and out, placements, paid work,
  minima applications, debt support;
- :mod:`~registrations.models.records`: association members, partner agreements, entered
  results (Interviews, Controle);
- :mod:`~registrations.models.surveys`: survey rounds and their results;
- :mod:`~registrations.models.submissions`: submitted forms (the idempotency tokens that make
  a double submission write once).
- :mod:`~registrations.models.privacy`: the register of erasures of personal details.

Every model keeps app label ``registrations`` and its table (``registrations_<model>``).
"""

# Import order = the order models register (as in the single models.py before): it decides
# the order of a model's reverse relations, e.g. the lines of the merge preview.
# isort: off
from registrations.models.codes import (
    looks_like_bsn,
    participant_code_validator,
    validate_not_bsn,
)
from registrations.models.base import DEMO_HELP, LocationRecord, Recorded
from registrations.models.participants import Attendance, Job, Participant, Session
from registrations.models.rollup import (
    NewParticipantsMonth,
    ParticipantFirstSeen,
    ParticipantMonth,
    rebuild_first_seen,
    rebuild_participant_months,
)
from registrations.models.volunteers import (
    HoursSpan,
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
    PlacementKind,
    ReferralKind,
)
from registrations.models.surveys import SurveyAudience, SurveyResult, SurveyRound
from registrations.models.submissions import FormSubmission
from registrations.models.privacy import Erasure, ErasureCause, PersonKind

# isort: on

__all__ = [
    "DEMO_HELP",
    "AssociationMember",
    "Attendance",
    "DebtSupport",
    "EnteredResult",
    "FormSubmission",
    "Erasure",
    "ErasureCause",
    "HoursSpan",
    "IncomingReferral",
    "Job",
    "KeyHolding",
    "LocationRecord",
    "MinimaApplication",
    "NewParticipantsMonth",
    "OutgoingReferral",
    "PaidWork",
    "PersonKind",
    "Participant",
    "ParticipantFirstSeen",
    "ParticipantMonth",
    "PartnerAgreement",
    "Placement",
    "PlacementKind",
    "Recorded",
    "ReferralKind",
    "Session",
    "SurveyAudience",
    "SurveyResult",
    "SurveyRound",
    "Volunteer",
    "VolunteerGroup",
    "VolunteerGroupMembership",
    "VolunteerHours",
    "looks_like_bsn",
    "participant_code_validator",
    "rebuild_first_seen",
    "rebuild_participant_months",
    "validate_not_bsn",
]
