"""The CSV helpers the importers share: reading an export, its header, dates, the organisation.

Used by the registrations import (``registrations.importer``, docs/import-registrations.md)
and the expenditures import (``budgets.importer``, docs/import-expenditures.md). They live in
the lowest layer so that those two sibling apps need not import each other. Every problem is
an :class:`ImportFailed` with Dutch messages "regel N: ..." (line 1 is the header).
"""

from __future__ import annotations

import csv
import datetime
import io

from django.conf import settings
from django.utils.translation import gettext as _

from locations.formatting import format_number
from locations.models import Organisation

#: Accepted date spellings in an import: YYYY-MM-DD and DD-MM-YYYY.
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y")


class ImportFailed(Exception):
    """The file cannot be imported; ``errors`` lists every problem as "regel N: ..."."""

    def __init__(self, errors: list[str]):
        super().__init__(f"{len(errors)} fout(en) in het bestand")
        self.errors = errors


def parse_date(text: str) -> datetime.date | None:
    """A date written YYYY-MM-DD or DD-MM-YYYY, or None when it is neither."""
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


#: Most characters one CSV field may hold: the csv module's own limit (``field_size_limit``),
#: stated here so that the message and docs/import-registrations.md name it.
MAX_FIELD_CHARS = 131_072


def size_errors(size: int) -> list[str]:
    """Dutch message when a file of ``size`` bytes is larger than an import accepts
    (``settings.IMPORT_MAX_BYTES``, env ``IMPORT_MAX_BYTES``, docs/configuration.md)."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        return [
            _(
                "Het bestand is te groot (%(size)d bytes); een import mag hooguit "
                "%(limit)d bytes zijn."
            )
            % {"size": size, "limit": limit}
        ]
    return []


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode a CSV export (UTF-8, with or without BOM; ``;`` or ``,`` delimited).

    Returns (lower-cased header names, [(line number, row dict), ...]) where line 1 is the
    header. Rows whose cells are all empty are left out. Raises ImportFailed when the file is
    larger than ``settings.IMPORT_MAX_BYTES`` (:func:`size_errors`), not UTF-8, holds a NUL
    character, has a field over :data:`MAX_FIELD_CHARS` characters or a malformed quote, has
    no header or names a column twice (issue 10: a clear message, never a crash, and no
    column silently dropped).
    """
    if size_errors(len(data)):
        raise ImportFailed(size_errors(len(data)))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            [
                _("Het bestand is geen UTF-8-tekst (byte %(byte)d). Sla het op als CSV UTF-8.")
                % {"byte": error.start}
            ]
        ) from error
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise ImportFailed(
            [
                _(
                    "regel %(line)d: een NUL-teken (byte 0) hoort niet in een CSV-bestand; "
                    "sla het bestand opnieuw op als CSV UTF-8."
                )
                % {"line": line}
            ]
        )
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        if not any(header):
            raise ImportFailed([_("regel 1: het bestand is leeg of heeft geen kopregel.")])
        _check_unique(header)
        rows = []
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
            rows.append((line, dict(zip(header, padded, strict=False))))
    except csv.Error as error:  # in the line after the last one read
        raise ImportFailed([_csv_error_message(line + 1, error)]) from error
    return header, rows


def _check_unique(header: list[str]) -> None:
    """Raise ImportFailed naming every column the header holds more than once."""
    twice = sorted({name for name in header if name and header.count(name) > 1})
    if twice:
        raise ImportFailed(
            [
                _("regel 1: kolom '%(name)s' staat er twee keer in; elke kolom mag één keer.")
                % {"name": name}
                for name in twice
            ]
        )


def _csv_error_message(line: int, error: csv.Error) -> str:
    """The Dutch message for a line the csv module cannot read (``line``: where it stopped)."""
    if "field larger than field limit" in str(error):
        return _(
            "regel %(line)d: een veld is langer dan %(limit)s tekens; een veld mag hooguit "
            "%(limit)s tekens zijn (staat er een aanhalingsteken te veel?)."
        ) % {"line": line, "limit": format_number(MAX_FIELD_CHARS)}
    return _(
        "regel %(line)d: deze regel is geen geldige CSV (%(error)s); controleer de "
        "aanhalingstekens."
    ) % {"line": line, "error": error}


def organisation_for_import(slug: str | None) -> Organisation:
    """The organisation an import writes to: the one named by ``slug``, or the only one.

    Raises ImportFailed (Dutch message) for an unknown slug, or when no slug is given and the
    installation does not hold exactly one organisation. Shared by the CSV importers.
    """
    if slug:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            raise ImportFailed([_("Onbekende organisatie '%(slug)s'.") % {"slug": slug}])
        return organisation
    organisations = list(Organisation.objects.all()[:2])
    if len(organisations) != 1:
        raise ImportFailed(
            [_("Geef de organisatie op met --organisation SLUG (er is niet precies één).")]
        )
    return organisations[0]


def check_header(
    header: list[str],
    required: tuple[str, ...],
    optional: tuple[str, ...] = (),
    *,
    sort_allowed: bool = False,
) -> None:
    """Check a CSV header (lower-cased names) against a file format's columns.

    Raises ImportFailed listing every missing required column and every unknown column
    ("regel 1: ..."), naming the allowed columns in the format's order (alphabetically with
    ``sort_allowed``, as the registrations import has always done). Shared by the CSV
    importers (docs/import-registrations.md, docs/import-expenditures.md).
    """
    known = (*required, *optional)
    errors = [
        _("regel 1: kolom '%(name)s' ontbreekt.") % {"name": name}
        for name in required
        if name not in header
    ]
    errors += [
        _("regel 1: onbekende kolom '%(name)s' (toegestaan: %(known)s).")
        % {"name": name, "known": ", ".join(sorted(known) if sort_allowed else known)}
        for name in header
        if name and name not in known
    ]
    if errors:
        raise ImportFailed(errors)
