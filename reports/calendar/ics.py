"""The iCalendar feed of the reporting calendar (RFC 5545), built with the ``icalendar``
library (issue 11).

One all-day event per deadline (:class:`~reports.calendar.entries.DeadlineEntry`): summary
"Tussenrapportage zuidoost-2019 2019-Q2 (uitgegeven)", the date, a stable UID per deadline
(``deadline-<id>@<host>``, so a calendar app updates the event instead of adding another)
and a description with the agreement, the period and the status. Nothing personal: no
participant, no user name, no e-mail address.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from locations.periods import period_label
from reports.calendar.entries import DeadlineEntry


def deadline_calendar(
    entries: Iterable[DeadlineEntry], *, name: str, host: str, stamp: datetime
) -> bytes:
    """The feed of ``entries`` as iCalendar bytes (UTF-8, CRLF lines): ``name`` is the
    calendar's display name (X-WR-CALNAME), ``host`` the domain of the UIDs, ``stamp`` (an
    aware datetime) the DTSTAMP of every event (when the feed was made)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Buurtwerkkamers//bwk rapportagekalender//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        event = Event()
        event.add("uid", f"deadline-{entry.deadline_id}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", entry.due_on)
        event.add("dtend", entry.due_on + timedelta(days=1))
        event.add(
            "summary",
            _("%(kind)s %(agreement)s %(period)s (%(status)s)")
            % {
                "kind": entry.kind_label,
                "agreement": entry.agreement_slug,
                "period": period_label(entry.period),
                "status": entry.status_label,
            },
        )
        event.add(
            "description",
            _("%(title)s: %(kind)s over %(period)s, uiterlijk op deze dag. Status: %(status)s.")
            % {
                "title": entry.agreement_title,
                "kind": entry.kind_label.lower(),
                "period": period_label(entry.period),
                "status": entry.status_label,
            },
        )
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    return calendar.to_ical()
