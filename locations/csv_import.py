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

from django.utils.translation import gettext as _

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


def read_rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Decode a CSV export (UTF-8, with or without BOM; ``;`` or ``,`` delimited).

    Returns (lower-cased header names, [(line number, row dict), ...]) where line 1 is the
    header. Rows whose cells are all empty are left out. Raises ImportFailed when the file is
    not UTF-8 or has no header.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed(
            [
                _("Het bestand is geen UTF-8-tekst (byte %(byte)d). Sla het op als CSV UTF-8.")
                % {"byte": error.start}
            ]
        ) from error
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader, [])]
    if not any(header):
        raise ImportFailed([_("regel 1: het bestand is leeg of heeft geen kopregel.")])
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
        rows.append((line, dict(zip(header, padded, strict=False))))
    return header, rows


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
