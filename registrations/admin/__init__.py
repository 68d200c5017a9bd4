"""Django admin for every registrations model, tenant-scoped through
:class:`locations.access.admin.ScopedAdminMixin` (rows, dropdowns and sidebar filters); one
module per topic, each registering its ModelAdmins (imported here so the admin site finds
them).

- :mod:`~registrations.admin.base`: model forms that check date order and the organisation
  of linked people, and the admin of records a coordinator adds;
- :mod:`~registrations.admin.duplicates`: the duplicate warning of participant and
  volunteer forms;
- :mod:`~registrations.admin.participants`: participants, sessions (with attendances), jobs;
- :mod:`~registrations.admin.volunteers`: volunteers (with key holdings), key holdings,
  volunteer groups (with memberships), hours;
- :mod:`~registrations.admin.referrals`: referrals in and out, placements, paid work,
  minima applications, debt support;
- :mod:`~registrations.admin.records`: association members, partner agreements, entered
  results;
- :mod:`~registrations.admin.surveys`: survey rounds (with results).

Admin forms check date order and value ranges with plain Dutch messages (the models stay as
they are).
"""

from registrations.admin import participants, records, referrals, surveys, volunteers

__all__ = ["participants", "records", "referrals", "surveys", "volunteers"]
