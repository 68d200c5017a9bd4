"""The rules every entry path of a registration obeys, as plain functions.

Each ``*_errors`` function returns Dutch messages (empty list: fine); each ``check_*``
function raises ``ValidationError`` keyed by field. The services apply them to every write;
forms, the CSV import and the admin call the same functions to show the message next to the
field or the line. :func:`registration_errors` gathers the rules that hold for a record
whatever path saves it (e.g. no registration date in the future, nothing in a closed period).

Closed periods (issue 9, "Closing a period"): the rule is in
:mod:`registrations.services.closed` (:func:`registration_errors` applies it to every record a
service or the admin saves); which fields date a record of each model (:data:`DATE_FIELDS`,
:data:`PERIODS`) is in :mod:`registrations.services.fields`.
"""

from __future__ import annotations

import contextlib
import datetime
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import models
from django.db.models import Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from locations.formatting import format_date
from locations.models import Location
from locations.periods import is_period_code, period_label
from locations.personal_data import bsn_errors
from registrations.models.participants import Participant
from registrations.models.records import AssociationMember, EnteredResult
from registrations.models.referrals import IncomingReferral, Placement, ReferralKind
from registrations.models.volunteers import HoursSpan, Volunteer, VolunteerHours
from registrations.services.closed import closed_errors
from registrations.services.fields import DATE_FIELDS, PERIODS, field_values


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


def nickname_errors(nickname: str) -> list[str]:
    """Dutch message when a participant's or volunteer's nickname holds a line break, a tab or
    another control character (Unicode categories Cc, Zl, Zp; issue 10: a nickname with a line
    break became extra participants in the typed list), or a number that may be a BSN
    (:func:`locations.personal_data.bsn_errors`). Every path applies it: the typed lists of
    the log and day pages, the services and the admin (:func:`registration_errors`).
    """
    if any(unicodedata.category(char) in ("Cc", "Zl", "Zp") for char in nickname):
        return [
            _(
                "Een roepnaam mag geen regeleinde, tab of ander stuurteken bevatten. Typ de "
                "roepnaam op één regel, alleen met letters, cijfers en spaties."
            )
        ]
    return bsn_errors(nickname)


def free_text_fields(model: type[models.Model]) -> list[str]:
    """Names of ``model``'s free-text fields: its text and character fields without choices,
    except the pseudonymous ``code`` (its own validators refuse a BSN, more strictly:
    :func:`registrations.models.codes.looks_like_bsn`) and ``nickname``
    (:func:`nickname_errors`)."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in ("code", "nickname")
    ]


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
        return _(
            "De vrijwilligerscode %(code)s bestaat al. Kies een andere code, of gebruik de "
            "bestaande vrijwilliger."
        ) % {"code": code}
    return _("De deelnemerscode %(code)s bestaat al. Kies een andere code.") % {"code": code}


#: Most hours one entry may hold (issue 3, quick hours entry): a day has 24 hours; a week entry
#: is capped at 80 hours so that a typo (800 instead of 8.00) is caught.
MAX_HOURS: dict[str, Decimal] = {HoursSpan.DAY: Decimal(24), HoursSpan.WEEK: Decimal(80)}


def is_in_future(date: datetime.date) -> bool:
    """The rule "no registration date in the future": True when ``date`` lies after today
    (local time), when nothing can have happened yet. A date outside the agreement year is
    fine (registrations are not tied to one agreement)."""
    return date > timezone.localdate()


#: No registration is dated before this day, wherever it is entered (issue 10, plausible
#: dates): the product's oldest source is the 2019 agreement, so an earlier year is a typo
#: (0019 for 2019) even at a location that has no opening date or agreement yet.
FIRST_POSSIBLE_DATE = datetime.date(2000, 1, 1)


def first_possible_day(
    opened_on: datetime.date | None, first_agreement_year: int | None
) -> datetime.date:
    """The first day a registration at a location may be dated, from what is known of it: the
    latest of :data:`FIRST_POSSIBLE_DATE`, the day it opened (``Location.opened_on``, from the
    agreement file; None: not known) and 1 January of the year before the first agreement it
    is part of (None: none yet). No query."""
    candidates = [FIRST_POSSIBLE_DATE]
    if opened_on is not None:
        candidates.append(opened_on)
    if first_agreement_year is not None:
        candidates.append(datetime.date(first_agreement_year - 1, 1, 1))
    return max(candidates)


def with_first_agreement_year(locations: models.QuerySet[Location]) -> models.QuerySet[Location]:
    """``locations`` annotated with ``first_agreement_year`` (the year of the first agreement
    each is part of, None when none), for :func:`first_possible_day` without a query per
    location (the CSV import)."""
    return locations.annotate(first_agreement_year=Min("agreements__year"))


#: Inside :func:`earliest_dates_remembered`: the earliest dates read so far, by location id.
_REMEMBERED: ContextVar[dict[int, datetime.date] | None] = ContextVar(
    "registrations_earliest_dates", default=None
)


@contextlib.contextmanager
def earliest_dates_remembered() -> Iterator[None]:
    """Within the block, :func:`earliest_date` reads each location's first possible day once
    (the form's check and the service's check of one save share it; issue 13, "A fast
    save"). For a block that does not change locations' opening dates or agreements, such
    as one request of the day page; nested blocks share the outer one's memory."""
    if _REMEMBERED.get() is not None:
        yield
        return
    token = _REMEMBERED.set({})
    try:
        yield
    finally:
        _REMEMBERED.reset(token)


def remember_earliest_dates(locations: Iterable[Location]) -> None:
    """Inside :func:`earliest_dates_remembered`, remember the first possible day of each of
    ``locations``, read with :func:`with_first_agreement_year` (their ``opened_on`` and
    ``first_agreement_year``), so that :func:`earliest_date` reads nothing for them: a page
    that reads its location anyway reads this along (issue 13, "A fast save"). Outside such
    a block, or for a location read without the annotation, it does nothing. No query."""
    remembered = _REMEMBERED.get()
    if remembered is None:
        return
    for location in locations:
        if hasattr(location, "first_agreement_year"):
            remembered[location.pk] = first_possible_day(
                location.opened_on, location.first_agreement_year
            )


def earliest_date(location: Location | int | None) -> datetime.date:
    """The first day a registration at ``location`` (a record, its id or None: any location)
    may be dated (:func:`first_possible_day`). One query for a location (once per location
    inside :func:`earliest_dates_remembered`); none for None."""
    if location is None:
        return FIRST_POSSIBLE_DATE
    location_id = location.pk if isinstance(location, Location) else location
    remembered = _REMEMBERED.get()
    if remembered is not None and location_id in remembered:
        return remembered[location_id]
    facts = Location.objects.filter(pk=location_id).aggregate(
        opened_on=Max("opened_on"), first_agreement_year=Min("agreements__year")
    )
    earliest = first_possible_day(facts["opened_on"], facts["first_agreement_year"])
    if remembered is not None:
        remembered[location_id] = earliest
    return earliest


def date_errors(date: datetime.date, location: Location | int | None = None) -> list[str]:
    """Dutch message for an implausible registration date (empty list: fine): one in the
    future (:func:`is_in_future`), or one before the first day a registration at
    ``location`` (a record, its id, or None: any location) may be dated
    (:func:`earliest_date`; one query when a location is given). The one date rule of every
    entry path: day page, log page, records page, CSV import, admin and services."""
    if is_in_future(date):
        return [
            _("De datum %(date)s ligt in de toekomst. Kies vandaag of een eerdere dag.")
            % {"date": format_date(date)}
        ]
    if date < FIRST_POSSIBLE_DATE or (location is not None and date < earliest_date(location)):
        first = earliest_date(location)
        return [
            _(
                "De datum %(date)s ligt vóór %(first)s, de eerste dag waarop hier iets kan "
                "zijn. Kies %(first)s of een latere dag."
            )
            % {"date": format_date(date), "first": format_date(first)}
        ]
    return []


def hours_errors(hours: Decimal | None, span: str) -> list[str]:
    """Dutch messages for an hours figure (in hours, Decimal) of a day or a week entry.

    Rule: 0 < hours <= 24 for a day, 0 < hours <= 80 for a week (:data:`MAX_HOURS`).
    """
    if hours is None:
        return [_("Vul het aantal uren in.")]
    if hours <= 0:
        return [_("Het aantal uren moet groter dan 0 zijn. Vul bijvoorbeeld 2 of 1,5 in.")]
    limit = MAX_HOURS.get(span, MAX_HOURS[HoursSpan.DAY])
    if hours > limit:
        if span == HoursSpan.WEEK:
            message = _(
                "Een week heeft hier hooguit 80 uur; u vulde %(hours)s in. Vul 80 of minder in."
            )
            return [message % {"hours": hours}]
        return [
            _("Een dag heeft hooguit 24 uur; u vulde %(hours)s in. Vul 24 of minder in.")
            % {"hours": hours}
        ]
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


def check_date(
    date: datetime.date, field: str = "date", location: Location | int | None = None
) -> None:
    """Raise ValidationError ``{field: [...]}`` when :func:`date_errors` refuses ``date`` (at
    ``location``, when given)."""
    errors = date_errors(date, location)
    if errors:
        raise ValidationError({field: errors})


def check_participant(participant: Participant | None, location: Location) -> None:
    """Raise ValidationError ``{"participant": [...]}`` unless ``participant`` (optional)
    belongs to ``location``'s organisation."""
    if participant is not None and participant.organisation_id != location.organisation_id:
        raise ValidationError(
            {"participant": _("Deze deelnemer is niet gevonden. Controleer de code.")}
        )


# -- periods (records with a start and an end date) -----------------------------------------


def period_errors(start: datetime.date | None, end: datetime.date | None) -> list[str]:
    """Dutch message when both dates are known and ``end`` (the last day) lies before
    ``start``; used for key holdings, groups, members (registered and paying), partner
    agreements, volunteers and group memberships (records page and admin)."""
    if start is not None and end is not None and end < start:
        return [_("De einddatum ligt vóór de begindatum. Kies de begindatum of een latere dag.")]
    return []


def placement_period_errors(start: datetime.date, end: datetime.date | None) -> list[str]:
    """Dutch message when a placement's last day ``end`` lies before its start."""
    if end is not None and end < start:
        return [_("De einddatum ligt vóór de startdatum. Kies de startdatum of een latere dag.")]
    return []


def end_errors(start: datetime.date, ended_on: datetime.date) -> list[str]:
    """Dutch message when a record that started on ``start`` would end before it (the
    records page's end action), naming the start date."""
    if ended_on < start:
        return [
            _("De einddatum ligt vóór de begindatum (%(start)s). Kies %(start)s of een latere dag.")
            % {"start": format_date(start)}
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
        return [
            _("Lidnummer %(code)s bestaat al bij deze buurtwerkkamer. Kies een ander lidnummer.")
            % {"code": code}
        ]
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
            _("Deze periode kennen we niet: %(value)s. Kies een kwartaal of een jaar uit de lijst.")
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
            _(
                "Voor deze prestatie is over %(period)s al een resultaat ingevoerd. Kies een "
                "andere periode, of vraag de beheerder het bestaande resultaat te wijzigen."
            )
            % {"period": period_label(period)}
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
        return "question", _("Kies de prestatie van deze vraag uit de lijst.")
    try:
        validate_slug(question)
    except ValidationError:
        return "question", _("Deze prestatie kennen we niet. Kies de prestatie uit de lijst.")
    if question.lower() in seen:
        return "question", _("Deze vraag staat er al. Vul elke vraag maar één keer in.")
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

    - a plausible registration date: not in the future, not before the location's first
      possible day (:data:`DATE_FIELDS`, :func:`date_errors`, one query);
    - periods in order (:data:`PERIODS`, :func:`period_errors`; placements:
      :func:`placement_period_errors`), and a member's paying period has a start
      (:func:`paying_errors`);
    - hours within the limits of a day or a week (:func:`hours_errors`);
    - a referral by an agency names the agency (:func:`agency_errors`);
    - a participant's or volunteer's nickname holds no line break or control character
      (:func:`nickname_errors`), and no free-text field (:func:`free_text_fields`: notes,
      descriptions, titles, agencies, organisation names, nicknames) a number that may be a
      BSN (:func:`locations.personal_data.bsn_errors`, issue 10);
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
        add(date_field, date_errors(values[date_field], values.get("location")))
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
    if model in (Participant, Volunteer):
        add("nickname", nickname_errors(values.get("nickname") or ""))
    for name in free_text_fields(model):
        if isinstance(values.get(name), str):
            add(name, bsn_errors(values[name]))
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
