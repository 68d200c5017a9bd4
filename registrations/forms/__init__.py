"""Forms of the registrations app's pages; every public name is re-exported here (inside the
app, import from the module).

- :mod:`~registrations.forms.common`: date and participant-code fields, codes to
  participants, saving through a service (:class:`ServiceFormMixin`);
- :mod:`~registrations.forms.log`: the log page (a session, a job);
- :mod:`~registrations.forms.day`: the day page's base form, sessions and jobs;
- :mod:`~registrations.forms.hours`: the day page's volunteer hours;
- :mod:`~registrations.forms.referrals`: the day page's referrals, placements, paid work,
  minima applications and debt support;
- :mod:`~registrations.forms.records`: the records page (key holders, groups, members,
  partners, entered results) and the end-date form;
- :mod:`~registrations.forms.surveys`: the records page's survey rounds;
- :mod:`~registrations.forms.staff`: the merge page.

Forms validate and show what is wrong; they write nothing themselves: ``save()`` calls a
service of :mod:`registrations.services`.
"""

from registrations.forms.common import (
    DATE_INPUT_FORMATS,
    ServiceFormMixin,
    date_field,
    participant_field,
    participants_by_code,
    split_codes,
)
from registrations.forms.day import DayForm, JobDayForm, ParticipantMixin, SessionDayForm
from registrations.forms.hours import HOURS_ROWS, HoursDayForm, HoursEditForm
from registrations.forms.log import JobLogForm, SessionLogForm
from registrations.forms.records import (
    AssociationMemberForm,
    EndForm,
    EnteredResultForm,
    KeyHoldingForm,
    PartnerAgreementForm,
    RecordForm,
    VolunteerGroupForm,
)
from registrations.forms.referrals import (
    DebtSupportDayForm,
    IncomingReferralDayForm,
    MinimaDayForm,
    OutgoingReferralDayForm,
    PaidWorkDayForm,
    PlacementDayForm,
)
from registrations.forms.staff import MergeForm
from registrations.forms.surveys import SURVEY_ROWS, SurveyRoundForm

__all__ = [
    "DATE_INPUT_FORMATS",
    "HOURS_ROWS",
    "SURVEY_ROWS",
    "AssociationMemberForm",
    "DayForm",
    "DebtSupportDayForm",
    "EndForm",
    "EnteredResultForm",
    "HoursDayForm",
    "HoursEditForm",
    "IncomingReferralDayForm",
    "JobDayForm",
    "JobLogForm",
    "KeyHoldingForm",
    "MergeForm",
    "MinimaDayForm",
    "OutgoingReferralDayForm",
    "PaidWorkDayForm",
    "ParticipantMixin",
    "PartnerAgreementForm",
    "PlacementDayForm",
    "RecordForm",
    "SessionDayForm",
    "ServiceFormMixin",
    "SessionLogForm",
    "SurveyRoundForm",
    "VolunteerGroupForm",
    "date_field",
    "participant_field",
    "participants_by_code",
    "split_codes",
]
