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
- :mod:`~registrations.services.base`: the access check and saving one validated record;
- :mod:`~registrations.services.participants`: participants, sessions, jobs;
- :mod:`~registrations.services.volunteers`: volunteers and their hours;
- :mod:`~registrations.services.referrals`: referrals, placements, paid work, minima
  applications, debt support, and corrections of a day-page record.
"""

from registrations.services.participants import (
    job_register,
    participant_create,
    session_register,
    session_update,
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
from registrations.services.volunteers import hours_register, hours_update, volunteer_create

__all__ = [
    "MAX_HOURS",
    "date_errors",
    "debt_support_register",
    "hours_errors",
    "hours_register",
    "hours_update",
    "job_register",
    "minima_application_register",
    "outgoing_referral_register",
    "paid_work_register",
    "participant_code_errors",
    "participant_create",
    "placement_register",
    "record_update",
    "referral_register",
    "session_register",
    "session_update",
    "volunteer_create",
]
