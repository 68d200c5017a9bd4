"""Import attendances from a CSV file (format: docs/import-registrations.md).

One row is one attendance: ``date``, ``location`` (location code), ``category`` (category
code), ``participant`` (pseudonymous code; empty = an anonymous visit) and optionally
``session`` (title). Rows with the same (date, location, category, title) form one session.

All or nothing: every row is validated first and every problem is reported with its line
number (line 1 is the header); if there is any, nothing is imported. The rules are those of
every entry path (:mod:`registrations.services.rules`): the participant code pattern and BSN
rule, no date in the future, and no date in a closed period at the row's location (checked for
all rows with one query, :func:`agreements.closures.closed_periods`). Re-importing a file
doubles nothing: sessions are matched on (location, date, category, title), attendances are
unique, and the anonymous count of every session the file names is SET to the file's count
(the file is the source of truth for the sessions it names).

History: every participant, session and attendance the import creates gets a "+" history row,
every session whose anonymous count it changes a "~" row, with the importing user and reason
"geïmporteerd" (bulk writes with history, :mod:`registrations.tracking`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from agreements.choices import Category
from agreements.closures import closed_periods
from locations.access import system_scope
from locations.access.grants import AnyUser
from locations.csv_import import (
    ImportFailed,
    check_header,
    organisation_for_import,
    parse_date,
    read_rows,
)
from locations.formatting import format_date
from locations.models import Location, Organisation
from registrations.models.participants import Attendance, Participant, Session
from registrations.services.rules import (
    first_possible_day,
    is_in_future,
    participant_code_errors,
    with_first_agreement_year,
)
from registrations.tracking import bulk_create_tracked, bulk_update_tracked

REQUIRED_COLUMNS = ("date", "location", "category", "participant")
OPTIONAL_COLUMNS = ("session",)
TITLE_MAX_LENGTH = Session._meta.get_field("title").max_length


@dataclass
class ImportResult:
    """What an import did; all counts are numbers of database rows (visits for anonymous)."""

    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    attendances_added: int = 0
    participants_created: int = 0
    anonymous_visits: int = 0


@dataclass
class _SessionRows:
    """The file's rows of one session: participant codes (lower -> as written) and anonymous."""

    codes: dict[str, str] = field(default_factory=dict)
    anonymous: int = 0


SessionKey = tuple[int, datetime.date, str, str]  # (location id, date, category, title)


class _History(TypedDict):
    """Who and why of the history rows the import writes (:mod:`registrations.tracking`)."""

    user: AnyUser
    reason: str


def validate(
    rows: list[tuple[int, dict[str, str]]], organisation: Organisation
) -> tuple[dict[SessionKey, _SessionRows], dict[str, Location]]:
    """Check every row; return the sessions named by the file and the home location of each
    new participant code (lower -> the location of its first row).

    Raises ImportFailed listing every bad row ("regel N: problem; problem"), in line order.
    """
    locations = {
        location.code.lower(): location
        for location in with_first_agreement_year(
            Location.objects.filter(organisation=organisation)
        )
    }
    # location id -> the first day a registration there may be dated (the date rule)
    earliest = {
        location.pk: first_possible_day(
            location.opened_on,
            location.first_agreement_year,  # type: ignore[attr-defined]  # the annotation
        )
        for location in locations.values()
    }
    categories = {value.lower(): value for value in Category.values}
    sessions: dict[SessionKey, _SessionRows] = defaultdict(_SessionRows)
    first_location: dict[str, Location] = {}
    problems_by_line: dict[int, list[str]] = {}
    dated: list[tuple[int, Location, datetime.date]] = []  # rows with a known room and date
    for line, row in rows:
        problems = []
        date = parse_date(row["date"])
        if date is None:
            problems.append(
                _("ongeldige datum '%(date)s' (gebruik JJJJ-MM-DD of DD-MM-JJJJ)")
                % {"date": row["date"]}
            )
        elif is_in_future(date):
            problems.append(_("datum '%(date)s' ligt in de toekomst") % {"date": row["date"]})
        location = locations.get(row["location"].lower())
        if location is None:
            problems.append(_("onbekende buurtwerkkamer '%(code)s'") % {"code": row["location"]})
        elif date is not None and date < earliest[location.pk]:
            problems.append(
                _("datum '%(date)s' ligt vóór %(first)s, de eerste dag van %(location)s")
                % {
                    "date": row["date"],
                    "first": format_date(earliest[location.pk]),
                    "location": location.code,
                }
            )
        category = categories.get(row["category"].lower())
        if category is None:
            problems.append(
                _("onbekende categorie '%(code)s' (kies uit: %(known)s)")
                % {"code": row["category"], "known": ", ".join(Category.values)}
            )
        code = row["participant"]
        if code:
            problems += [
                _("deelnemerscode '%(code)s': %(message)s") % {"code": code, "message": message}
                for message in participant_code_errors(code)
            ]
        title = row.get("session", "")
        if TITLE_MAX_LENGTH is not None and len(title) > TITLE_MAX_LENGTH:
            problems.append(_("titel langer dan %(max)d tekens") % {"max": TITLE_MAX_LENGTH})
        if location is not None and date is not None:
            dated.append((line, location, date))
        if problems:
            problems_by_line[line] = problems
            continue
        assert date is not None and location is not None and category is not None  # all found
        group = sessions[(location.pk, date, category, title)]
        if code:
            group.codes.setdefault(code.lower(), code)
            first_location.setdefault(code.lower(), location)
        else:
            group.anonymous += 1
    _closed_rows(dated, problems_by_line)
    if problems_by_line:
        raise ImportFailed(
            [
                _("regel %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(found)}
                for line, found in sorted(problems_by_line.items())
            ]
        )
    return dict(sessions), first_location


def _closed_rows(
    dated: list[tuple[int, Location, datetime.date]], problems_by_line: dict[int, list[str]]
) -> None:
    """Add the closed-period problem to each of the ``dated`` rows (line, room, date) whose
    date lies in a closed period at its room (issue 9). One query for all rows."""
    if not dated:
        return
    closures = closed_periods(
        {location.pk for _line, location, _date in dated},
        min(date for _line, _location, date in dated),
        max(date for _line, _location, date in dated),
    )
    for line, location, date in dated:
        closure = closures.on(location.pk, date)
        if closure is not None:
            problems_by_line.setdefault(line, []).append(
                _(
                    "datum %(date)s ligt in de afgesloten periode %(period)s; een beheerder kan "
                    "die heropenen"
                )
                % {"date": format_date(date), "period": closure.period}
            )


@system_scope()  # system code: acts for no user
def import_registrations(
    data: bytes, *, organisation_slug: str | None = None, user: AnyUser = None
) -> ImportResult:
    """Import a CSV export (bytes) into the organisation; return what was done.

    ``organisation_slug`` is required when more than one organisation exists. ``user`` (a
    Django user, optional) is recorded as ``history_user`` of every row written (else the user
    of :func:`registrations.tracking.acting_as`, else none). Raises ImportFailed (nothing
    imported) on any problem. Runs in one transaction.
    """
    header, rows = read_rows(data)
    check_header(header, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, sort_allowed=True)
    organisation = organisation_for_import(organisation_slug)
    sessions, first_location = validate(rows, organisation)
    result = ImportResult(anonymous_visits=sum(group.anonymous for group in sessions.values()))
    history = _History(user=user, reason=_("geïmporteerd"))
    with transaction.atomic():
        participants = _participants(organisation, first_location, sessions, result, history)
        _sessions_and_attendances(sessions, participants, result, history)
    return result


def _participants(
    organisation: Organisation,
    first_location: dict[str, Location],
    sessions: dict[SessionKey, _SessionRows],
    result: ImportResult,
    history: _History,
) -> dict[str, int]:
    """Participant ids by lower-case code; unknown codes are created (home: first row's room)."""
    written = {lower: code for group in sessions.values() for lower, code in group.codes.items()}
    existing = dict(
        Participant.objects.annotate(code_lower=Lower("code"))
        .filter(organisation=organisation, code_lower__in=list(written))
        .values_list("code_lower", "pk")
    )
    new = [
        Participant(
            organisation=organisation, home_location=first_location[lower], code=written[lower]
        )
        for lower in sorted(set(written) - set(existing))
    ]
    bulk_create_tracked(Participant, new, **history)
    result.participants_created = len(new)
    existing.update({participant.code.lower(): participant.pk for participant in new})
    return existing


def _sessions_and_attendances(
    sessions: dict[SessionKey, _SessionRows],
    participants: dict[str, int],
    result: ImportResult,
    history: _History,
) -> None:
    if not sessions:
        return
    dates = [key[1] for key in sessions]
    found: dict[SessionKey, Session] = {}
    candidates = Session.objects.filter(
        location_id__in={key[0] for key in sessions}, date__range=(min(dates), max(dates))
    ).order_by("pk")
    for session in candidates:
        key = (session.location_id, session.date, session.category, session.title)
        if key in sessions:
            found.setdefault(key, session)
    new = [
        Session(location_id=key[0], date=key[1], category=key[2], title=key[3])
        for key in sessions
        if key not in found
    ]
    for session in new:
        session.anonymous_count = sessions[
            (session.location_id, session.date, session.category, session.title)
        ].anonymous
    bulk_create_tracked(Session, new, **history)
    result.sessions_created = len(new)

    present = set(
        Attendance.objects.filter(session__in=list(found.values())).values_list(
            "session_id", "participant_id"
        )
    )
    changed: set[int] = set()
    to_update = []
    for key, session in found.items():
        if session.anonymous_count != sessions[key].anonymous:
            session.anonymous_count = sessions[key].anonymous
            to_update.append(session)
            changed.add(session.pk)
    bulk_update_tracked(Session, to_update, ["anonymous_count"], **history)

    all_sessions = {**found, **{(s.location_id, s.date, s.category, s.title): s for s in new}}
    attendances = []
    for key, session in all_sessions.items():
        for lower in sessions[key].codes:
            pair = (session.pk, participants[lower])
            if pair not in present:
                attendances.append(Attendance(session_id=pair[0], participant_id=pair[1]))
                if key in found:
                    changed.add(session.pk)
    bulk_create_tracked(Attendance, attendances, **history)
    result.attendances_added = len(attendances)
    result.sessions_updated = len(changed)
    result.sessions_unchanged = len(found) - len(changed)
