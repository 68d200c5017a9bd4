"""What the registrations pages share: the location and day a page opens on."""

from __future__ import annotations

import datetime

from django.utils import timezone

from locations.models import Location

#: Session key remembering the location a coordinator with several locations last picked.
LOCATION_SESSION_KEY = "registrations_location_id"


def remember_location(request, location: Location) -> None:
    """Remember ``location`` as the user's current one (:data:`LOCATION_SESSION_KEY`).

    Writes the session only when the value changes: setting a key marks the session
    modified, and a modified session is saved (one UPDATE of its row) at the end of the
    request; a coordinator saving at the same location again and again needs no write."""
    if request.session.get(LOCATION_SESSION_KEY) != location.pk:
        request.session[LOCATION_SESSION_KEY] = location.pk


def chosen_location(request, locations: list[Location]) -> Location:
    """The location a page opens on: ``?location=<id>`` when it is one of ``locations`` (the
    user's writable locations, at least one), else the remembered one
    (:data:`LOCATION_SESSION_KEY`) when it still is, else the first of ``locations``."""
    by_id = {location.pk: location for location in locations}
    for raw in (request.GET.get("location"), request.session.get(LOCATION_SESSION_KEY)):
        try:
            location = by_id.get(int(raw))
        except (TypeError, ValueError):
            continue
        if location is not None:
            return location
    return locations[0]


def chosen_date(request) -> datetime.date:
    """The day a page opens on: ``?date=<YYYY-MM-DD>``, else today (local time)."""
    try:
        return datetime.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        return timezone.localdate()
