"""The closed-period rule (issue 9, "Closing a period"): a registration whose days lie in a
period the board closed, at a location of the closed agreement (:mod:`agreements.closures`),
can no longer be added, changed or deleted until an admin reopens the period.

Which days a record lies on is :func:`record_spans` (its date, its periods, an entered result's
period); the checks are :func:`closed_errors` (adding or changing one record, used by
:func:`registrations.services.rules.registration_errors` and so by every service and the
admin's forms), :func:`closed_rows_errors` (whole records: what a delete removes, an undo
restores or a merge moves) and :func:`check_open` (one day at a location: the log page's and
the day page's sessions, jobs and hours). Each reads the closures once (one query), whatever
the number of rows. The rules are documented in ``docs/architecture.md`` ("Closed periods").
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext as _

from agreements.closures import closed_on, closed_periods
from agreements.models import PeriodClosure
from locations.models import Location
from locations.periods import parse_period
from registrations.models.participants import Attendance, Participant, Session
from registrations.models.records import EnteredResult
from registrations.models.surveys import SurveyResult, SurveyRound
from registrations.models.volunteers import Volunteer, VolunteerGroup, VolunteerGroupMembership
from registrations.services.fields import DATE_FIELDS, PERIODS, field_values

#: A stretch of days: (first day, last day), both included; last day None: no end yet.
Span = tuple[datetime.date, datetime.date | None]

#: Records placed by their parent record: (the field naming the parent, the parent's model).
#: An attendance and a survey result lie where and when their session or survey round does; a
#: volunteer group's membership lies at the group's location, over its own dates.
PARENTS: dict[type[models.Model], tuple[str, type[models.Model]]] = {
    Attendance: ("session", Session),
    SurveyResult: ("survey_round", SurveyRound),
    VolunteerGroupMembership: ("group", VolunteerGroup),
}

#: The registers of people: not registrations dated in a period. A volunteer's own start and
#: end dates count (they decide who is an active volunteer at a period's end), their other
#: fields do not; a participant has no dates.
PEOPLE: tuple[type[models.Model], ...] = (Participant, Volunteer)

#: Fields that are bookkeeping, not content: a change of them changes no registration.
_BOOKKEEPING = frozenset({"id", "created_by", "created_at", "is_demo", "import_key"})


def _id(value: Any) -> Any:
    """The primary key of a record, or ``value`` itself (an id, None)."""
    return value.pk if isinstance(value, models.Model) else value


def _date_names(model: type[models.Model]) -> set[str]:
    names = {name for pair in PERIODS.get(model, ()) for name in pair}
    if model in DATE_FIELDS:
        names.add(DATE_FIELDS[model])
    if model is EnteredResult:
        names.add("period")
    return names


def record_spans(model: type[models.Model], values: Mapping[str, Any]) -> dict[str, Span]:
    """The days a record of ``model`` with ``values`` lies on, by the field a message about
    them names. Empty for a record without dates of its own (a participant; an attendance
    and a survey result lie on their parent's day: :data:`PARENTS`).

    - a record with a date (:data:`DATE_FIELDS`): that day;
    - a record with periods (:data:`PERIODS`: key holdings, groups, group memberships,
      members (registered and paying), placements, partner agreements, volunteers): each
      period from its start up to and including its end (no end: still running), named by
      its start field; with only an end date, that day;
    - an entered result: the last day of its ``period``, the day its figure holds (a report
      uses the entries of periods ending by its own end: ``reports.measures.entered``).
    """
    spans: dict[str, Span] = {}
    if model is EnteredResult:
        try:
            last = parse_period(values.get("period") or "").end
        except ValueError:
            return spans
        spans["period"] = (last, last)
    elif model in PERIODS:
        for start_field, end_field in PERIODS[model]:
            start, end = values.get(start_field), values.get(end_field)
            if start is not None:
                spans[start_field] = (start, end if end is None or end >= start else start)
            elif end is not None:
                spans[start_field] = (end, end)
    elif values.get(DATE_FIELDS.get(model, "")) is not None:
        day = values[DATE_FIELDS[model]]
        spans[DATE_FIELDS[model]] = (day, day)
    return spans


def span_difference(a: Span, b: Span | None) -> list[Span]:
    """The days of span ``a`` that are not in span ``b`` (None: no days), as at most two
    spans, earliest first."""
    if b is None:
        return [a]
    (a_start, a_end), (b_start, b_end) = a, b
    one_day = datetime.timedelta(days=1)
    pieces: list[Span] = []
    if a_start < b_start:
        before = b_start - one_day
        pieces.append((a_start, before if a_end is None else min(a_end, before)))
    if b_end is not None and (a_end is None or a_end > b_end):
        pieces.append((max(a_start, b_end + one_day), a_end))
    return [(start, end) for start, end in pieces if end is None or start <= end]


class _Parents:
    """Field values of parent records (:data:`PARENTS`) by model and id: those handed in
    (e.g. a session deleted together with its attendances), the rest read in the active
    scope with one query per parent model."""

    def __init__(self) -> None:
        self.known: dict[tuple[type[models.Model], Any], dict[str, Any]] = {}

    def add(self, model: type[models.Model], values: Mapping[str, Any]) -> None:
        if values.get("id") is not None:
            self.known[(model, values["id"])] = dict(values)

    def load(self, wanted: Mapping[type[models.Model], set[Any]]) -> None:
        for model, ids in wanted.items():
            missing = [pk for pk in ids if (model, pk) not in self.known]
            if missing:
                for parent in model._default_manager.filter(pk__in=missing):
                    self.add(model, field_values(parent))

    def values(self, model: type[models.Model], ref: Any) -> dict[str, Any]:
        if isinstance(ref, models.Model):
            return field_values(ref)
        if ref is None:
            return {}
        self.load({model: {ref}})
        return self.known.get((model, ref), {})


def _place(
    model: type[models.Model], values: Mapping[str, Any], parents: _Parents
) -> tuple[Any, dict[str, Span]]:
    """(location id or None, the record's spans by message field) of a record."""
    parent = PARENTS.get(model)
    if parent is not None:
        field_name, parent_model = parent
        location_id, parent_spans = _place(
            parent_model, parents.values(parent_model, values.get(field_name)), parents
        )
        if model is VolunteerGroupMembership:
            return location_id, record_spans(model, values)
        # A session or survey round has one day; the record has no field of its own for it.
        day = parent_spans.get("date")
        return location_id, {NON_FIELD_ERRORS: day} if day is not None else {}
    location = values.get("home_location" if model is Volunteer else "location")
    return _id(location), record_spans(model, values)


def _content_changed(
    model: type[models.Model], values: Mapping[str, Any], stored: Mapping[str, Any]
) -> bool:
    """True when a field other than the dates and bookkeeping differs (never for people)."""
    if model in PEOPLE:
        return False
    dates = _date_names(model)
    for field in model._meta.concrete_fields:
        name = field.name
        if name in _BOOKKEEPING or name in dates or name not in values or name not in stored:
            continue
        if _id(values[name]) != _id(stored[name]):
            return True
    return False


def _message_field(
    model: type[models.Model], key: str, values: Mapping[str, Any], stored: Mapping[str, Any]
) -> str:
    """The field a message about a changed span names: its end when only the end changed."""
    for start_field, end_field in PERIODS.get(model, ()):
        if key == start_field and values.get(start_field) == stored.get(start_field):
            return end_field
    return key


def _touched(
    model: type[models.Model],
    values: Mapping[str, Any],
    stored: Mapping[str, Any] | None,
    parents: _Parents,
) -> list[tuple[Any, str, Span]]:
    """The (location id, message field, span) a write of a record touches: every span of a
    new record; for a change, every old and new span when it moves to another location or
    changes content, else the days each changed span gains or loses."""
    new_location, new_spans = _place(model, values, parents)
    new = [(new_location, name, span) for name, span in new_spans.items()]
    if stored is None:
        return new
    old_location, old_spans = _place(model, stored, parents)
    if old_location != new_location or _content_changed(model, values, stored):
        return [(old_location, name, span) for name, span in old_spans.items()] + new
    touched: list[tuple[Any, str, Span]] = []
    for key in sorted(old_spans.keys() | new_spans.keys()):
        old, now = old_spans.get(key), new_spans.get(key)
        if old == now:
            continue
        pieces = (span_difference(old, now) if old else []) + (
            span_difference(now, old) if now else []
        )
        name = _message_field(model, key, values, stored)
        touched += [(new_location, name, piece) for piece in pieces]
    return touched


def closed_message(closure: PeriodClosure) -> str:
    """The Dutch refusal naming the closed period of ``closure``."""
    period = parse_period(closure.period)
    if period.is_quarter and period.kind != "Q":
        message = _("De periode %(period)s is afgesloten; een beheerder kan die heropenen.")
    elif period.is_quarter:
        message = _("Het kwartaal %(period)s is afgesloten; een beheerder kan het heropenen.")
    else:
        message = _("Het jaar %(period)s is afgesloten; een beheerder kan het heropenen.")
    return message % {"period": closure.period}


def _refusals(touched: list[tuple[Any, str, Span]]) -> dict[str, list[str]]:
    """Messages by field for the touched spans that include a closed day. One query (none
    when nothing is touched)."""
    touched = [item for item in touched if item[0] is not None]
    if not touched:
        return {}
    ends = [span[1] for _location, _name, span in touched]
    closures = closed_periods(
        {location for location, _name, _span in touched},
        min(span[0] for _location, _name, span in touched),
        None if None in ends else max(end for end in ends if end is not None),
    )
    errors: dict[str, list[str]] = {}
    for location, name, (start, end) in touched:
        closure = closures.covering(location, start, end)
        if closure is not None:
            messages = errors.setdefault(name, [])
            if closed_message(closure) not in messages:
                messages.append(closed_message(closure))
    return errors


def closed_errors(
    model: type[models.Model],
    values: Mapping[str, Any],
    *,
    stored: Mapping[str, Any] | None = None,
) -> dict[str, list[str]]:
    """Dutch messages by field when adding a record of ``model`` with ``values`` (``stored``
    None), or changing it from ``stored`` to ``values`` (field name -> value, foreign keys as
    records or ids), would write in a closed period at its location (empty dict: fine).

    Refused: a new record with a day (:func:`record_spans`) in a closed period; a change of a
    record's location or content (any field but the dates and bookkeeping; for people only
    their dates count: :data:`PEOPLE`) while its old or new days include a closed one; a
    change of dates that adds or removes a closed day (ending a key holding that started in a
    closed quarter on a day after it is fine, ending it inside that quarter is not). Records
    dated by their parent (:data:`PARENTS`) are answered under "__all__"; a parent given as a
    record (e.g. an admin inline's session) stands for the stored parent too, a change of the
    parent itself being judged on the parent. At most one query, plus one for a parent named
    only by its id.
    """
    parents = _Parents()
    if model in PARENTS:
        field_name, parent_model = PARENTS[model]
        parent = values.get(field_name)
        if isinstance(parent, models.Model) and parent.pk is not None:
            parents.add(parent_model, field_values(parent))
    return _refusals(_touched(model, values, stored, parents))


def closed_rows_errors(rows: Iterable[models.Model]) -> list[str]:
    """Dutch messages when any of ``rows`` (whole records as they are or were: what a delete
    removes, an undo restores or a merge moves) lies on a closed day at its location (empty
    list: fine). People themselves (:data:`PEOPLE`) are left out: their registrations count.

    One query for the closures, plus one per parent model (:data:`PARENTS`) whose records are
    named by rows but not among them (a session deleted with its attendances is among them).
    """
    items = [(type(row), field_values(row)) for row in rows if not isinstance(row, PEOPLE)]
    parents = _Parents()
    wanted: dict[type[models.Model], set[Any]] = defaultdict(set)
    for model, values in items:
        parents.add(model, values)
        if model in PARENTS and values.get(PARENTS[model][0]) is not None:
            wanted[PARENTS[model][1]].add(values[PARENTS[model][0]])
    parents.load(wanted)
    touched = [item for model, values in items for item in _touched(model, values, None, parents)]
    found = [message for messages in _refusals(touched).values() for message in messages]
    return list(dict.fromkeys(found))  # each closed period once


def closed_day_errors(location: Location, day: datetime.date) -> list[str]:
    """Dutch message when ``day`` lies in a closed period at ``location`` (empty list: open).
    One query."""
    closure = closed_on(location, day)
    return [closed_message(closure)] if closure is not None else []


def check_open(location: Location, day: datetime.date, field: str = "date") -> None:
    """Raise ValidationError ``{field: [...]}`` when :func:`closed_day_errors` refuses a
    registration dated ``day`` at ``location``."""
    errors = closed_day_errors(location, day)
    if errors:
        raise ValidationError({field: errors})
