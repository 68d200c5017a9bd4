"""Writes of the registrations app, by topic; every public name is re-exported here, so
``from registrations.services import session_register`` works from other apps (inside the
app, import from the module).

Every service is keyword-only, runs in one transaction, checks that ``user`` may write at the
location (the access rules, :mod:`locations.access`: coordinator of the location or admin of
its organisation; the board may not) and raises ``PermissionDenied`` otherwise.
Invalid input raises ``ValidationError`` with a Dutch message, keyed by field where possible.
Every row a service writes, also in bulk (:func:`registrations.tracking.bulk_create_tracked`),
gets a history row with ``user`` as ``history_user`` (:mod:`registrations.tracking`).

- :mod:`~registrations.services.rules`: the rules every entry path obeys (code pattern and
  BSN rule, no date in the future, hours limits, ...), as plain functions;
- :mod:`~registrations.services.closed`: the closed-period rule (nothing added, changed or
  deleted in a period the board closed); :mod:`~registrations.services.fields`: which fields
  date a record of each model;
- :mod:`~registrations.services.base`: the location of a record, the access check, saving
  one validated record;
- :mod:`~registrations.services.participants`: participants, sessions, jobs;
- :mod:`~registrations.services.volunteers`: volunteers and their hours, key holdings and
  volunteer groups;
- :mod:`~registrations.services.referrals`: referrals, placements, paid work, minima
  applications, debt support, and corrections of a day-page record;
- :mod:`~registrations.services.records`: the records page: association members, partner
  agreements, entered results, ending a record;
- :mod:`~registrations.services.surveys`: survey rounds with their results;
- :mod:`~registrations.services.admin`: the admin's saves and deletes of any registration;
- :mod:`~registrations.services.submissions`: one write per submitted form (the forms'
  idempotency token: a form sent twice, also at the same moment, writes once).

Other writes with their own module: deleting with undo (:mod:`registrations.history`),
merging (:mod:`registrations.merge`), the CSV import (:mod:`registrations.importer`) and the
demo generator (:mod:`registrations.demo`).
"""

from registrations.services.admin import registration_save, registrations_delete
from registrations.services.participants import (
    job_register,
    participant_create,
    session_register,
    session_update,
)
from registrations.services.records import (
    association_member_register,
    entered_result_register,
    partner_agreement_register,
    record_end,
)
from registrations.services.referrals import (
    debt_support_register,
    minima_application_register,
    outgoing_referral_register,
    paid_work_register,
    placement_register,
    record_update,
    referral_register,
)
from registrations.services.rules import (
    MAX_HOURS,
    date_errors,
    hours_errors,
    participant_code_errors,
)
from registrations.services.surveys import survey_round_register
from registrations.services.volunteers import (
    hours_register,
    hours_register_codes,
    hours_update,
    key_holding_register,
    volunteer_create,
    volunteer_group_register,
)

__all__ = [
    "MAX_HOURS",
    "association_member_register",
    "date_errors",
    "debt_support_register",
    "entered_result_register",
    "hours_errors",
    "hours_register",
    "hours_register_codes",
    "hours_update",
    "job_register",
    "key_holding_register",
    "minima_application_register",
    "outgoing_referral_register",
    "paid_work_register",
    "participant_code_errors",
    "participant_create",
    "partner_agreement_register",
    "placement_register",
    "record_end",
    "record_update",
    "referral_register",
    "registration_save",
    "registrations_delete",
    "session_register",
    "session_update",
    "survey_round_register",
    "volunteer_create",
    "volunteer_group_register",
]
