"""The rules every entry path of a registration obeys, as plain functions.

Each ``*_errors`` function returns Dutch messages (empty list: fine); each ``check_*``
function raises ``ValidationError`` keyed by field. The services apply them to every write;
forms, the CSV import and the admin call the same functions to show the message next to the
field or the line. :func:`registration_errors` gathers the rules that hold for a record
whatever path saves it (e.g. no registration date in the future, nothing in a closed period).

Closed periods (issue 9, "Closing a period"; :mod:`agreements.closures`): a registration whose
date lies in a period the board closed, at a location of the closed agreement, can no longer be
added, changed or deleted until an admin reopens the period. Which days a record lies on is
:func:`record_spans`; the checks are :func:`closed_errors` (adding or changing one record),
:func:`closed_rows_errors` (whole records: deletes, restores, moves) and :func:`check_open`
(one day at a location).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.closures import closed_on, closed_periods
from agreements.models import PeriodClosure
from locations.formatting import format_date
from locations.models import Location
from locations.periods import is_period_code, parse_period
from registrations.models.participants import Attendance, Job, Participant, Session
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
    ReferralKind,
)
from registrations.models.surveys import SurveyResult, SurveyRound
from registrations.models.volunteers import (
    HoursSpan,
    KeyHolding,
    Volunteer,
    VolunteerGroup,
    VolunteerGroupMembership,
    VolunteerHours,
)


def participant_code_errors(code: str) -> list[str]:
    """Dutch messages for what is wrong with a participant code's form (empty list: fine).

    Checks the pattern and the BSN rule of :class:`registrations.models.Participant` (not
    uniqueness: :func:`code_taken_errors`). Used by the services, the log and day pages, the
    importer; the admin runs the same validators (the model field's).
    """
    field = Participant._meta.get_field("code")
    if not code:
        return [_("Vul een deelnemerscode in.")]
    try:
        field.run_validators(code)
    except ValidationError as error:
        return list(error.messages)
    return []


def code_taken_errors(
    model: type[Participant] | type[Volunteer],
    *,
    organisation_id: int,
    code: str,
    exclude_pk: int | None = None,
) -> list[str]:
    """Dutch message when a participant or volunteer (``model``) of the organisation already
    has ``code``, ignoring case (codes are unique per organisation: a person visiting two
    rooms is one participant, DOMAIN.md); ``exclude_pk``: the record being changed. One
    query."""
    taken = model.objects.filter(organisation_id=organisation_id, code__iexact=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    return [code_taken_message(model, code)] if taken.exists() else []


def code_taken_message(model: type[models.Model], code: str) -> str:
    """The Dutch message of :func:`code_taken_errors` (also for a code given twice)."""
    if model is Volunteer:
        return _("De vrijwilligerscode %(code)s bestaat al.") % {"code": code}
    return _("De deelnemerscode %(code)s bestaat al. Kies een andere code.") % {"code": code}


#: Most hours one entry may hold (issue 3, quick hours entry): a day has 24 hours; a week entry
#: is capped at 80 hours so that a typo (800 instead of 8.00) is caught.
MAX_HOURS: dict[str, Decimal] = {HoursSpan.DAY: Decimal(24), HoursSpan.WEEK: Decimal(80)}


def is_in_future(date: datetime.date) -> bool:
    """The rule "no registration date in the future": True when ``date`` lies after today
    (local time), when nothing can have happened yet. A date outside the agreement year is
    fine (registrations are not tied to one agreement)."""
    return date > timezone.localdate()


def date_errors(date: datetime.date) -> list[str]:
    """Dutch message for a registration date in the future (:func:`is_in_future`; empty
    list: fine)."""
    if is_in_future(date):
        return [_("De datum %(date)s ligt in de toekomst.") % {"date": format_date(date)}]
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


def agency_errors(kind: str, agency: str) -> list[str]:
    """Dutch message when a referral by an agency (``ReferralKind.AGENCY``) names no agency."""
    if kind == ReferralKind.AGENCY and not agency.strip():
        return [_("Vul in door wie de bewoner is doorverwezen.")]
    return []


def visitors_errors(participants: int, anonymous_count: int) -> list[str]:
    """Dutch message for a session with no participant and no anonymous visitor (counts)."""
    if not participants and not anonymous_count:
        return [_("Voeg minstens één deelnemer toe of vul het aantal anonieme bezoekers in.")]
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


# -- periods (records with a start and an end date) -----------------------------------------


def period_errors(start: datetime.date | None, end: datetime.date | None) -> list[str]:
    """Dutch message when both dates are known and ``end`` (the last day) lies before
    ``start``; used for key holdings, groups, members (registered and paying), partner
    agreements, volunteers and group memberships (records page and admin)."""
    if start is not None and end is not None and end < start:
        return [_("De einddatum ligt vóór de begindatum.")]
    return []


def placement_period_errors(start: datetime.date, end: datetime.date | None) -> list[str]:
    """Dutch message when a placement's last day ``end`` lies before its start."""
    if end is not None and end < start:
        return [_("De einddatum ligt vóór de startdatum.")]
    return []


def end_errors(start: datetime.date, ended_on: datetime.date) -> list[str]:
    """Dutch message when a record that started on ``start`` would end before it (the
    records page's end action), naming the start date."""
    if ended_on < start:
        return [
            _("De einddatum ligt vóór de begindatum (%(start)s).") % {"start": format_date(start)}
        ]
    return []


# -- association members, entered results, surveys (records page) ---------------------------


def member_code_errors(
    location: Location, code: str, *, exclude_pk: int | None = None
) -> list[str]:
    """Dutch messages for an association member number at ``location``: required, and unique
    at the location ignoring case (``exclude_pk``: the member being changed). One query."""
    if not code:
        return [_("Vul het lidnummer in.")]
    taken = AssociationMember.objects.filter(location=location, member_code__iexact=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        return [_("Lidnummer %(code)s bestaat al bij deze buurtwerkkamer.") % {"code": code}]
    return []


def paying_errors(paying_from: datetime.date | None, paying_to: datetime.date | None) -> list[str]:
    """Dutch message when a member's paying period has an end but no start."""
    if paying_to is not None and paying_from is None:
        return [_("Vul in vanaf wanneer het lid betaalt.")]
    return []


def entered_period_errors(period: str) -> list[str]:
    """Dutch message unless ``period`` is a year ("2020") or a quarter ("2020-Q3")."""
    if not is_period_code(period):
        return [
            _("Vul een jaar (2020) of een kwartaal (2020-Q3) in; u vulde %(value)s in.")
            % {"value": period}
        ]
    return []


def entered_value_errors(value: Decimal | None, positive: bool | None) -> list[str]:
    """Dutch message when an entered result has neither a value (Interviews) nor an outcome
    (Controle)."""
    if value is None and positive is None:
        return [_("Vul een waarde in of kies de uitkomst van de controle.")]
    return []


def entered_taken_errors(location: Location, indicator_code: str, period: str) -> list[str]:
    """Dutch message when ``location`` already has a result of ``indicator_code`` over
    ``period`` (one per location, indicator and period). One query."""
    if EnteredResult.objects.filter(
        location=location, indicator_code=indicator_code, period=period
    ).exists():
        return [
            _("Voor %(code)s is over %(period)s al een resultaat ingevoerd.")
            % {"code": indicator_code, "period": period}
        ]
    return []


def survey_result_errors(
    question: str, share: Decimal | None, score: Decimal | None, seen: set[str]
) -> tuple[str, str] | None:
    """The first problem of one survey result as ``(part, Dutch message)``, ``part`` one of
    "question", "share", "score"; None when the result is fine.

    Rules (SurveyResult): ``question`` is an indicator code (letters, digits, - and _), not
    already in ``seen`` (lower-case questions of the round's earlier results; the question is
    added to it once it passes that check); exactly one of ``share`` (fraction agreeing,
    0-1) and ``score`` (mean mark, 0-10).
    """
    if not question:
        return "question", _("Vul de code van de prestatie in.")
    try:
        validate_slug(question)
    except ValidationError:
        return "question", _("Een code bestaat uit letters, cijfers, - en _ (geen spaties).")
    if question.lower() in seen:
        return "question", _("Deze vraag staat er al.")
    seen.add(question.lower())
    if (share is None) == (score is None):
        return "share", _("Vul óf het aandeel eens óf het gemiddelde cijfer in, niet beide.")
    if share is not None and not Decimal(0) <= share <= Decimal(1):
        message = _("Het aandeel eens ligt tussen 0 en 1 (0,62 is 62%%); u vulde %(value)s in.")
        return "share", message % {"value": share}
    if score is not None and not Decimal(0) <= score <= Decimal(10):
        message = _("Het gemiddelde cijfer ligt tussen 0 en 10; u vulde %(value)s in.")
        return "score", message % {"value": score}
    return None


# -- the rules of a record, whoever saves it -------------------------------------------------

#: The registration date of each model that has one: the day the session, job, hours,
#: referral, placement (its start), paid work, application, support or survey happened. Every
#: entry path refuses a future one (:func:`registration_errors`): the log page, the day page,
#: the records page, the CSV import, the admin and every service.
DATE_FIELDS: dict[type[models.Model], str] = {
    Session: "date",
    Job: "date",
    VolunteerHours: "date",
    IncomingReferral: "date",
    OutgoingReferral: "date",
    Placement: "started_on",
    PaidWork: "date",
    MinimaApplication: "date",
    DebtSupport: "date",
    SurveyRound: "date",
}


#: Per model the (start, end) date pairs that must be in order (the end is the last day).
PERIODS: dict[type[models.Model], tuple[tuple[str, str], ...]] = {
    Volunteer: (("started_on", "ended_on"),),
    KeyHolding: (("started_on", "ended_on"),),
    VolunteerGroup: (("active_from", "active_to"),),
    VolunteerGroupMembership: (("joined_on", "left_on"),),
    AssociationMember: (("registered_on", "deregistered_on"), ("paying_from", "paying_to")),
    Placement: (("started_on", "ended_on"),),
    PartnerAgreement: (("agreed_on", "ended_on"),),
}


def field_values(record: models.Model) -> dict[str, Any]:
    """The values of ``record``'s concrete fields by field name (foreign keys as ids)."""
    return {field.name: field.value_from_object(record) for field in record._meta.concrete_fields}


def registration_errors(
    model: type[models.Model],
    values: Mapping[str, Any],
    *,
    stored: Mapping[str, Any] | None = None,
) -> dict[str, list[str]]:
    """Dutch messages per field for a record of ``model`` with ``values`` (field name ->
    value of that field, e.g. a form's cleaned data over the record's current values): the
    rules every entry path of a registration obeys, whoever saves it. ``stored``: the
    record's values as stored, when it is changed (None: it is added). Empty dict: fine.

    - no registration date in the future (:data:`DATE_FIELDS`, :func:`date_errors`);
    - periods in order (:data:`PERIODS`, :func:`period_errors`; placements:
      :func:`placement_period_errors`), and a member's paying period has a start
      (:func:`paying_errors`);
    - hours within the limits of a day or a week (:func:`hours_errors`);
    - a referral by an agency names the agency (:func:`agency_errors`);
    - a participant's or volunteer's code is not taken in the organisation, ignoring case
      (:func:`code_taken_errors`, one query; the code's pattern and BSN rule are the model
      field's validators);
    - nothing added or changed in a closed period (:func:`closed_errors`, at most one query;
      key "__all__" for records dated by their parent, e.g. an attendance).
    """
    errors: dict[str, list[str]] = {}

    def add(field: str, messages: list[str]) -> None:
        if messages:
            errors.setdefault(field, []).extend(messages)

    date_field = DATE_FIELDS.get(model)
    if date_field is not None and values.get(date_field) is not None:
        add(date_field, date_errors(values[date_field]))
    for start, end in PERIODS.get(model, ()):
        if model is Placement and values.get(start) is not None:
            add(end, placement_period_errors(values[start], values.get(end)))
        elif model is not Placement:
            add(end, period_errors(values.get(start), values.get(end)))
    if model is AssociationMember:
        add("paying_from", paying_errors(values.get("paying_from"), values.get("paying_to")))
    if model is VolunteerHours and "hours" in values:
        add("hours", hours_errors(values.get("hours"), values.get("span") or HoursSpan.DAY))
    if model is IncomingReferral:
        add("agency", agency_errors(values.get("kind") or "", values.get("agency") or ""))
    if model in (Participant, Volunteer) and values.get("code"):
        organisation = values.get("organisation")
        organisation_id = getattr(organisation, "pk", organisation)  # a record, its id or None
        if organisation_id is not None:  # none chosen (yet): no record there has the code
            add(
                "code",
                code_taken_errors(
                    model,
                    organisation_id=organisation_id,
                    code=values["code"],
                    exclude_pk=values.get("id"),
                ),
            )
    for field, messages in closed_errors(model, values, stored=stored).items():
        add(field, messages)
    return errors


def check_registration(record: models.Model, *, stored: Mapping[str, Any] | None = None) -> None:
    """Raise ValidationError keyed by field when :func:`registration_errors` refuses
    ``record`` as it is about to be saved; ``stored``: its values as stored when it is
    changed (:func:`stored_values`; None: it is added)."""
    errors = registration_errors(type(record), field_values(record), stored=stored)
    if errors:
        raise ValidationError(errors)


def stored_values(record: models.Model) -> dict[str, Any] | None:
    """The values of ``record``'s concrete fields as stored in the database, by field name
    (foreign keys as ids), read in the active scope; None for a record not saved yet (or not
    found). One query for a saved record."""
    if record._state.adding or record.pk is None:
        return None
    fields = record._meta.concrete_fields
    row = type(record)._default_manager.filter(pk=record.pk).values(*(f.attname for f in fields))
    found = row.first()
    if found is None:
        return None
    return {field.name: found[field.attname] for field in fields}


# -- closed periods (issue 9) ----------------------------------------------------------------

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
    if parse_period(closure.period).is_quarter:
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
