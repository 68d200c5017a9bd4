"""The rules every entry path of a registration obeys, as plain functions.

Each ``*_errors`` function returns Dutch messages (empty list: fine); each ``check_*``
function raises ``ValidationError`` keyed by field. The services apply them to every write;
forms call the same functions to show the message next to the field.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.models import Location
from registrations.models.participants import Participant
from registrations.models.volunteers import HoursSpan


def participant_code_errors(code: str) -> list[str]:
    """Dutch messages for what is wrong with a participant code's form (empty list: fine).

    Checks the pattern and the BSN rule of :class:`registrations.models.Participant` (not
    uniqueness). Used by the services, the log page and the importer.
    """
    field = Participant._meta.get_field("code")
    if not code:
        return [_("Vul een deelnemerscode in.")]
    try:
        field.run_validators(code)
    except ValidationError as error:
        return list(error.messages)
    return []


#: Most hours one entry may hold (issue 3, quick hours entry): a day has 24 hours; a week entry
#: is capped at 80 hours so that a typo (800 instead of 8.00) is caught.
MAX_HOURS = {HoursSpan.DAY: Decimal(24), HoursSpan.WEEK: Decimal(80)}


def date_errors(date: datetime.date) -> list[str]:
    """Dutch messages for a registration date that may not be used (empty list: fine).

    A date in the future is refused (nothing has happened yet); a date outside the agreement
    year is fine (registrations are not tied to one agreement).
    """
    if date > timezone.localdate():
        return [_("De datum %(date)s ligt in de toekomst.") % {"date": f"{date:%d-%m-%Y}"}]
    return []


def hours_errors(hours: Decimal | None, span: str) -> list[str]:
    """Dutch messages for an hours figure (in hours, Decimal) of a day or a week entry.

    Rule: 0 < hours <= 24 for a day, 0 < hours <= 80 for a week (:data:`MAX_HOURS`).
    """
    if hours is None:
        return [_("Vul het aantal uren in.")]
    if hours <= 0:
        return [_("Het aantal uren moet groter dan 0 zijn.")]
    limit = MAX_HOURS.get(span, MAX_HOURS[HoursSpan.DAY])
    if hours > limit:
        if span == HoursSpan.WEEK:
            message = _("Een week heeft hier hooguit 80 uur; u vulde %(hours)s in.")
            return [message % {"hours": hours}]
        return [_("Een dag heeft hooguit 24 uur; u vulde %(hours)s in.") % {"hours": hours}]
    return []


def check_date(date: datetime.date, field: str = "date") -> None:
    """Raise ValidationError ``{field: [...]}`` when :func:`date_errors` refuses ``date``."""
    errors = date_errors(date)
    if errors:
        raise ValidationError({field: errors})


def check_participant(participant: Participant | None, location: Location) -> None:
    """Raise ValidationError ``{"participant": [...]}`` unless ``participant`` (optional)
    belongs to ``location``'s organisation."""
    if participant is not None and participant.organisation_id != location.organisation_id:
        raise ValidationError({"participant": _("Onbekende deelnemer.")})
