"""Views of the registrations app, one module per page; every view and public name is
re-exported here (the URL patterns and the code inside the app import from the modules).

- :mod:`~registrations.views.log`: the log page and the participant autocomplete;
- :mod:`~registrations.views.sessions`: the session list and one session;
- :mod:`~registrations.views.day`: the coordinator's day page (its sections:
  :mod:`~registrations.views.day_sections`);
- :mod:`~registrations.views.records`: the records page (dossier) of a location;
- :mod:`~registrations.views.staff`: undo a delete, the history pages, merging;
- :mod:`~registrations.views.common`: the remembered location.

Views read through selectors and write through services (:mod:`registrations.services`,
:mod:`registrations.history`, :mod:`registrations.merge`); every view uses
:class:`locations.access.views.AccessMixin`.
"""

from registrations.views.common import LOCATION_SESSION_KEY
from registrations.views.day import UNDO_SESSION_KEY, DayRedirectView, DayRowView, DayView, day_url
from registrations.views.day_sections import SECTIONS, DaySection, hours_display
from registrations.views.log import LogView, ParticipantSearchView
from registrations.views.records import (
    KINDS,
    RecordKind,
    RecordsRedirectView,
    RecordsView,
    records_url,
)
from registrations.views.sessions import SessionDetailView, SessionListView
from registrations.views.staff import (
    MergeView,
    ParticipantHistoryView,
    UndoView,
    VolunteerHistoryView,
)

__all__ = [
    "KINDS",
    "LOCATION_SESSION_KEY",
    "SECTIONS",
    "UNDO_SESSION_KEY",
    "DayRedirectView",
    "DayRowView",
    "DaySection",
    "DayView",
    "LogView",
    "MergeView",
    "ParticipantHistoryView",
    "ParticipantSearchView",
    "RecordKind",
    "RecordsRedirectView",
    "RecordsView",
    "SessionDetailView",
    "SessionListView",
    "UndoView",
    "VolunteerHistoryView",
    "day_url",
    "hours_display",
    "records_url",
]
