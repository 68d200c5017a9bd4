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

Streaming (issue 13): the file is never read whole (:func:`locations.csv_import.stream_rows`,
64 KiB at a time). A first pass checks every row and keeps one small entry per session the
file names (its anonymous count); only when every row is good, a second pass reads the file
again and writes it in batches of :data:`BATCH_ROWS` rows, one transaction for all, with a
fixed number of queries per batch (:func:`_write_batch`). Memory grows with the sessions, not
the rows (bench/import_memory.py).

History: every participant, session and attendance the import creates gets a "+" history row,
every session whose anonymous count it changes a "~" row, with the importing user and reason
"geïmporteerd" (bulk writes with history, :mod:`registrations.tracking`).
"""

from __future__ import annotations

import datetime
import io
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import BinaryIO, TypedDict

from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agreements.choices import Category
from agreements.closures import ClosedPeriods, closed_periods
from agreements.models import PeriodClosure
from locations.access import system_scope
from locations.access.grants import AnyUser
from locations.csv_import import (
    ImportFailed,
    check_header,
    file_size,
    organisation_for_import,
    parse_date,
    size_errors,
    stream_rows,
)
from locations.formatting import format_date
from locations.models import Location, Organisation
from locations.personal_data import bsn_errors
from locations.xlsx_import import stream_xlsx_rows
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

#: Plain-Dutch help per column (docs/import-registrations.md, "The file"), shown with the
#: template files and on the upload page.
COLUMN_HELP = {
    "date": gettext_lazy("Datum: JJJJ-MM-DD (2019-03-14) of DD-MM-JJJJ (14-03-2019). Verplicht."),
    "location": gettext_lazy("Code van de buurtwerkkamer, bijvoorbeeld cjm. Verplicht."),
    "category": gettext_lazy(
        "Categorie: social, activation, jobs, computer, language, forms, debt of work. Verplicht."
    ),
    "participant": gettext_lazy(
        "Deelnemerscode, bijvoorbeeld CJM-0001; leeg = een anonieme bezoeker. De kolom is "
        "verplicht, de cel mag leeg zijn."
    ),
    "session": gettext_lazy("Titel van de activiteit, bijvoorbeeld Koffie-inloop. Niet verplicht."),
}


@dataclass
class ImportResult:
    """What an import did; all counts are numbers of database rows (visits for anonymous)."""

    sessions_created: int = 0
    sessions_updated: int = 0
    sessions_unchanged: int = 0
    attendances_added: int = 0
    participants_created: int = 0
    anonymous_visits: int = 0


class _Session:
    """One session the file names: the file's anonymous count for it and, once written, its
    id and what the import did to it (the write pass, :func:`_write_batch`)."""

    __slots__ = ("anonymous", "pk", "state")

    def __init__(self) -> None:
        self.anonymous = 0
        self.pk: int | None = None
        self.state = _UNSEEN


# What the import did to a session: not yet written, created, matched and left alone, or
# matched and changed (its anonymous count set or an attendance added).
_UNSEEN, _CREATED, _FOUND, _CHANGED = range(4)

SessionKey = tuple[int, datetime.date, str, str]  # (location id, date, category, title)


class _History(TypedDict):
    """Who and why of the history rows the import writes (:mod:`registrations.tracking`)."""

    user: AnyUser
    reason: str


class _Rooms:
    """The organisation's locations by lower-case code, each with its first possible day
    (the date rule), and the closures at them (read once, at the first dated row).
    ``only``: the one location rows may name (a browser import at one room), or None."""

    def __init__(self, organisation: Organisation, only: Location | None = None):
        self.only = only
        self.by_code = {
            location.code.lower(): location
            for location in with_first_agreement_year(
                Location.objects.filter(organisation=organisation)
            )
        }
        # location id -> the first day a registration there may be dated (the date rule)
        self.earliest = {
            location.pk: first_possible_day(
                location.opened_on,
                location.first_agreement_year,  # type: ignore[attr-defined]  # the annotation
            )
            for location in self.by_code.values()
        }
        self._closures: ClosedPeriods | None = None

    def closure(self, location: Location, date: datetime.date) -> PeriodClosure | None:
        """The closure making ``date`` closed at ``location``, or None. The first call reads
        every closure at the organisation's rooms on or after their first possible day (one
        query, however long the file; issue 9)."""
        if self._closures is None:
            self._closures = closed_periods(self.earliest, min(self.earliest.values()))
        return self._closures.on(location.pk, date)

    def key(self, row: dict[str, str]) -> SessionKey:
        """The session of a row :func:`validate` accepted."""
        location = self.by_code[row["location"].lower()]
        date = parse_date(row["date"])
        assert date is not None  # validated
        return (location.pk, date, _CATEGORIES[row["category"].lower()], row.get("session", ""))


_CATEGORIES = {value.lower(): value for value in Category.values}


def validate(
    rows: Iterable[tuple[int, dict[str, str]]], organisation: Organisation
) -> dict[SessionKey, _Session]:
    """Check every row (read one by one: ``rows`` may be a stream); return the sessions the
    file names, each with the file's anonymous count for it.

    Raises ImportFailed listing every bad row ("regel N: problem; problem"), in line order.
    Queries: the rooms, and (at the first row with a known room and date) the closures.
    Memory: one entry per session of the file (not per row), plus the messages of bad rows.
    """
    return _checked(rows, _Rooms(organisation))


def _checked(
    rows: Iterable[tuple[int, dict[str, str]]], rooms: _Rooms
) -> dict[SessionKey, _Session]:
    """:func:`validate` with the organisation's rooms already read."""
    sessions: dict[SessionKey, _Session] = defaultdict(_Session)
    errors: list[str] = []
    for line, row, problems in checked_rows(rows, rooms):
        if problems:
            errors.append(
                _("regel %(line)d: %(problems)s.") % {"line": line, "problems": "; ".join(problems)}
            )
        elif not errors:  # once a row is bad nothing is imported: stop counting
            group = sessions[rooms.key(row)]
            if not row["participant"]:
                group.anonymous += 1
    if errors:
        raise ImportFailed(errors)
    return dict(sessions)


def checked_rows(
    rows: Iterable[tuple[int, dict[str, str]]], rooms: _Rooms
) -> Iterator[tuple[int, dict[str, str], list[str]]]:
    """Every row of ``rows`` with its Dutch problems (empty when it is good), one by one: the
    one checking path of the command, the browser preview and the browser import."""
    for line, row in rows:
        yield line, row, _row_problems(row, rooms)


def _row_problems(row: dict[str, str], rooms: _Rooms) -> list[str]:
    """The Dutch problems of one row (empty when it is good), in the order they are reported:
    date, room (and the date rule there), category, participant code, title, closed period."""
    problems = []
    date = parse_date(row["date"])
    if date is None:
        problems.append(
            _("ongeldige datum '%(date)s' (gebruik JJJJ-MM-DD of DD-MM-JJJJ)")
            % {"date": row["date"]}
        )
    elif is_in_future(date):
        problems.append(_("datum '%(date)s' ligt in de toekomst") % {"date": row["date"]})
    location = rooms.by_code.get(row["location"].lower())
    if location is None:
        problems.append(_("onbekende buurtwerkkamer '%(code)s'") % {"code": row["location"]})
    elif rooms.only is not None and location.pk != rooms.only.pk:
        problems.append(
            _(
                "buurtwerkkamer '%(code)s' is niet %(location)s; hier importeert u alleen "
                "rijen van %(location)s"
            )
            % {"code": row["location"], "location": rooms.only.code}
        )
        location = None  # not checked further here
    elif date is not None and date < rooms.earliest[location.pk]:
        problems.append(
            _("datum '%(date)s' ligt vóór %(first)s, de eerste dag van %(location)s")
            % {
                "date": row["date"],
                "first": format_date(rooms.earliest[location.pk]),
                "location": location.code,
            }
        )
    if _CATEGORIES.get(row["category"].lower()) is None:
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
    problems += [_("titel: %(message)s") % {"message": message} for message in bsn_errors(title)]
    if location is not None and date is not None:
        closure = rooms.closure(location, date)
        if closure is not None:
            problems.append(
                _(
                    "datum %(date)s ligt in de afgesloten periode %(period)s; een beheerder kan "
                    "die heropenen"
                )
                % {"date": format_date(date), "period": closure.period}
            )
    return problems


#: Rows written per batch (one set of queries each, :func:`_write_batch`). Measured at 1M rows
#: (bench/README.md): 2,000 took 1,146 s (each statement gets slower as the transaction grows),
#: 20,000 took 150 s for about 53 MiB (holding the file: 144 s, 2 GiB).
BATCH_ROWS = 20_000


#: The file types an import reads: CSV (:func:`locations.csv_import.stream_rows`) and an
#: Excel workbook (:func:`locations.xlsx_import.stream_xlsx_rows`), by file name extension.
FILE_KINDS = ("csv", "xlsx")


def file_kind(name: str) -> str | None:
    """The import kind of a file name ("csv" or "xlsx", by its extension, case ignored), or
    None for any other name."""
    suffix = PurePath(name).suffix.lower().lstrip(".")
    return suffix if suffix in FILE_KINDS else None


def open_rows(
    file: BinaryIO, kind: str = "csv"
) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and row stream of ``file`` read as ``kind`` (one of :data:`FILE_KINDS`)."""
    if kind == "xlsx":
        return stream_xlsx_rows(file)
    return stream_rows(file)


def _opened(
    data: bytes | BinaryIO,
    kind: str,
    organisation_slug: str | None,
    location: Location | None,
) -> tuple[BinaryIO, int, Organisation, _Rooms, Iterator[tuple[int, dict[str, str]]]]:
    """The first pass's start, shared by the import and the preview: the size limit (before
    anything is read), the header, the organisation and its rooms. Returns (file, start,
    organisation, rooms, row stream); raises ImportFailed on a file-level problem."""
    file = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    start = file.tell()
    size = file_size(file) - start
    file.seek(start)
    if size_errors(size):
        raise ImportFailed(size_errors(size))
    header, rows = open_rows(file, kind)
    try:
        check_header(header, REQUIRED_COLUMNS, OPTIONAL_COLUMNS, sort_allowed=True)
        if location is not None:
            organisation = location.organisation
        else:
            organisation = organisation_for_import(organisation_slug)
    except ImportFailed:
        for _row in rows:  # a bad byte or line further on is what is reported, as always
            pass
        raise
    return file, start, organisation, _Rooms(organisation, only=location), rows


@dataclass
class PreviewRow:
    """One row of a preview: its line (CSV line or Excel row number), cells and problems."""

    line: int
    cells: dict[str, str]
    problems: list[str]


@dataclass
class Preview:
    """What an import of a file would meet: ``rows`` (the requested page's rows), every bad
    row (``bad``, in line order, however many pages), the number of rows and of sessions."""

    rows: list[PreviewRow]
    bad: list[PreviewRow]
    total: int
    sessions: int


@system_scope()  # system code: the caller checked access to ``location``
def preview_registrations(
    data: bytes | BinaryIO,
    *,
    location: Location,
    kind: str = "csv",
    first: int = 0,
    count: int = 100,
) -> Preview:
    """Check every row of the file as the import does (:func:`checked_rows`) without writing.

    Returns a :class:`Preview` holding rows ``first`` to ``first + count`` (0-based, of the
    non-empty rows) and every bad row. Raises ImportFailed on a file-level problem (size,
    type, header, encoding). Memory: one page of rows, the bad rows and one key per session.
    """
    _file, _start, _organisation, rooms, rows = _opened(data, kind, None, location)
    page: list[PreviewRow] = []
    bad: list[PreviewRow] = []
    keys: set[SessionKey] = set()
    total = 0
    for line, cells, problems in checked_rows(rows, rooms):
        row = PreviewRow(line, cells, problems)
        if first <= total < first + count:
            page.append(row)
        if problems:
            bad.append(row)
        else:
            keys.add(rooms.key(cells))
        total += 1
    return Preview(rows=page, bad=bad, total=total, sessions=len(keys))


@system_scope()  # system code: acts for no user
def import_registrations(
    data: bytes | BinaryIO,
    *,
    organisation_slug: str | None = None,
    user: AnyUser = None,
    kind: str = "csv",
    location: Location | None = None,
) -> ImportResult:
    """Import a CSV export or .xlsx workbook into the organisation; return what was done.

    ``data`` is the file's bytes or a seekable binary file object (an opened file, an upload);
    a file is streamed, never read whole: a first pass reads and checks every row, a second
    writes them in batches of :data:`BATCH_ROWS` rows, so memory grows with the number of
    sessions the file names, not with its rows. ``kind`` is ``"csv"`` or ``"xlsx"``
    (:data:`FILE_KINDS`). ``organisation_slug`` is required when more than one organisation
    exists and no ``location`` is given; with ``location`` (the browser import of one room)
    the organisation is the location's and a row naming another room is a problem.
    ``user`` (a Django user, optional) is recorded as
    ``history_user`` of every row written (else the user of
    :func:`registrations.tracking.acting_as`, else none). Raises ImportFailed (nothing
    imported) on any problem, every bad row reported before anything is written. Writes in one
    transaction.
    """
    file, start, organisation, rooms, rows = _opened(data, kind, organisation_slug, location)
    sessions = _checked(rows, rooms)
    result = ImportResult(anonymous_visits=sum(group.anonymous for group in sessions.values()))
    history = _History(user=user, reason=_("geïmporteerd"))
    file.seek(start)
    _header, rows = open_rows(file, kind)
    with transaction.atomic():
        batch: list[tuple[SessionKey, str, Location]] = []
        for _line, row in rows:
            key = rooms.key(row)
            batch.append((key, row["participant"], rooms.by_code[row["location"].lower()]))
            if len(batch) == BATCH_ROWS:
                _write_batch(batch, organisation, sessions, result, history)
                batch = []
        _write_batch(batch, organisation, sessions, result, history)
    result.sessions_created = sum(group.state == _CREATED for group in sessions.values())
    result.sessions_updated = sum(group.state == _CHANGED for group in sessions.values())
    result.sessions_unchanged = sum(group.state == _FOUND for group in sessions.values())
    return result


def _write_batch(
    batch: list[tuple[SessionKey, str, Location]],
    organisation: Organisation,
    sessions: dict[SessionKey, _Session],
    result: ImportResult,
    history: _History,
) -> None:
    """Write a batch of checked rows (session, participant code as written or "", room).

    At most eleven queries, however many rows: the batch's known participants, the new ones
    and their history; the batch's sessions not written yet, the changed anonymous counts and
    the new sessions (each with its history); the attendances already there, the new ones and
    their history.
    Earlier batches are visible (same transaction), so a participant or session is created
    once and an attendance listed twice counts once.
    """
    if not batch:
        return
    participants = _participants(batch, organisation, result, history)
    _sessions(batch, sessions, history)
    pairs: dict[tuple[int, int], SessionKey] = {}
    for key, code, _room in batch:
        if code:
            session_pk = sessions[key].pk
            assert session_pk is not None  # written by _sessions
            pairs.setdefault((session_pk, participants[code.lower()]), key)
    if not pairs:
        return
    present = set(
        Attendance.objects.filter(
            session_id__in={pair[0] for pair in pairs},
            participant_id__in={pair[1] for pair in pairs},
        ).values_list("session_id", "participant_id")
    )
    attendances = []
    for pair, key in pairs.items():
        if pair not in present:
            attendances.append(Attendance(session_id=pair[0], participant_id=pair[1]))
            if sessions[key].state == _FOUND:
                sessions[key].state = _CHANGED
    bulk_create_tracked(Attendance, attendances, **history)
    result.attendances_added += len(attendances)


def _participants(
    batch: list[tuple[SessionKey, str, Location]],
    organisation: Organisation,
    result: ImportResult,
    history: _History,
) -> dict[str, int]:
    """Participant ids by lower-case code for the codes of ``batch``; unknown codes are
    created, with the room of their first row as home location (earlier batches created the
    codes they hold, so that is the first row of the file)."""
    written: dict[str, tuple[str, Location]] = {}
    for _key, code, room in batch:
        if code:
            written.setdefault(code.lower(), (code, room))
    if not written:
        return {}
    existing = dict(
        Participant.objects.annotate(code_lower=Lower("code"))
        .filter(organisation=organisation, code_lower__in=list(written))
        .values_list("code_lower", "pk")
    )
    new = [
        Participant(organisation=organisation, home_location=room, code=code)
        for lower, (code, room) in sorted(written.items())
        if lower not in existing
    ]
    bulk_create_tracked(Participant, new, **history)
    result.participants_created += len(new)
    existing.update({participant.code.lower(): participant.pk for participant in new})
    return existing


def _sessions(
    batch: list[tuple[SessionKey, str, Location]],
    sessions: dict[SessionKey, _Session],
    history: _History,
) -> None:
    """Give every session of ``batch`` its id: an existing one (location, date, category,
    title; the oldest when several) gets the file's anonymous count, an unknown one is created
    with it. Sessions written by an earlier batch are not read again."""
    keys = list(dict.fromkeys(key for key, _code, _room in batch if sessions[key].pk is None))
    if not keys:
        return
    wanted = set(keys)
    candidates = Session.objects.filter(
        location_id__in={key[0] for key in keys},
        date__in={key[1] for key in keys},
        category__in={key[2] for key in keys},
        title__in={key[3] for key in keys},
    ).order_by("pk")
    found: dict[SessionKey, Session] = {}
    for session in candidates:
        key = (session.location_id, session.date, session.category, session.title)
        if key in wanted:
            found.setdefault(key, session)
    to_update = []
    for key, session in found.items():
        group = sessions[key]
        group.pk, group.state = session.pk, _FOUND
        if session.anonymous_count != group.anonymous:
            session.anonymous_count = group.anonymous
            to_update.append(session)
            group.state = _CHANGED
    bulk_update_tracked(Session, to_update, ["anonymous_count"], **history)
    new = [
        Session(
            location_id=key[0],
            date=key[1],
            category=key[2],
            title=key[3],
            anonymous_count=sessions[key].anonymous,
        )
        for key in keys
        if key not in found
    ]
    bulk_create_tracked(Session, new, **history)
    for session in new:
        group = sessions[(session.location_id, session.date, session.category, session.title)]
        group.pk, group.state = session.pk, _CREATED
