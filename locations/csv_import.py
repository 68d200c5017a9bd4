"""The CSV helpers the importers share: reading an export, its header, dates, the organisation.

Used by the registrations import (``registrations.importer``, docs/import-registrations.md)
and the expenditures import (``budgets.importer``, docs/import-expenditures.md). They live in
the lowest layer so that those two sibling apps need not import each other. Every problem is
an :class:`ImportFailed` with Dutch messages "regel N: ..." (line 1 is the header).
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import re
from collections.abc import Iterator
from typing import BinaryIO

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
        check_unique(header)
        rows = []
        for line, cells in enumerate(reader, start=2):
            if not any(cell.strip() for cell in cells):
                continue
            padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
            rows.append((line, dict(zip(header, padded, strict=False))))
    except csv.Error as error:  # in the line after the last one read
        raise ImportFailed([_csv_error_message(line + 1, error)]) from error
    return header, rows


#: Bytes the streaming reader (:func:`stream_rows`) reads from a file at a time.
READ_CHUNK_BYTES = 65_536

_LINE_END = re.compile(r"\r\n|\r|\n")
_BOM = codecs.BOM_UTF8


class _Lines:
    """The text lines of a binary CSV file, decoded chunk by chunk (:func:`stream_rows`).

    Splits as ``io.StringIO(text, newline="")`` does (after ``\\r\\n``, ``\\r`` or
    ``\\n``, the ends kept) and finds the problems :func:`read_rows` finds in the whole text:
    a byte that is not UTF-8 (its offset after the BOM) and the line of the first NUL. A NUL is
    reported only once the rest of the file is known to be UTF-8 (a bad byte anywhere comes
    first, as in :func:`read_rows`).
    """

    def __init__(self, file: BinaryIO):
        self.file = file
        self.decoder = codecs.getincrementaldecoder("utf-8")()
        self.offset = 0  # bytes after the BOM handed to the decoder so far
        self.newlines = 0  # "\n" characters decoded so far
        self.nul_line: int | None = None
        self.failure: ImportFailed | None = None  # the bad byte, once found
        self.texts = self._texts()
        self.iterator = self._lines()

    def _read(self) -> bytes:
        return self.file.read(READ_CHUNK_BYTES)

    def _texts(self) -> Iterator[str]:
        """Decoded chunks; raises ImportFailed at a byte that is not UTF-8."""
        data = self._read()
        while data and len(data) < len(_BOM) and _BOM.startswith(data):
            more = self._read()
            if not more:
                break
            data += more
        if data.startswith(_BOM):
            data = data[len(_BOM) :] or self._read()
        while True:
            final = not data
            pending = len(self.decoder.getstate()[0])
            try:
                text = self.decoder.decode(data, final=final)
            except UnicodeDecodeError as error:
                self.failure = ImportFailed(
                    [
                        _(
                            "Het bestand is geen UTF-8-tekst (byte %(byte)d). Sla het op als "
                            "CSV UTF-8."
                        )
                        % {"byte": self.offset - pending + error.start}
                    ]
                )
                raise self.failure from error
            self.offset += len(data)
            if self.nul_line is None and "\x00" in text:
                self.nul_line = self.newlines + text.count("\n", 0, text.index("\x00")) + 1
            self.newlines += text.count("\n")
            if text:
                yield text
            if final:
                return
            data = self._read()

    def _lines(self) -> Iterator[str]:
        rest = ""
        for text in self.texts:
            if self.nul_line is not None:
                self.drain()
            buffer = rest + text
            start = 0
            for end in _LINE_END.finditer(buffer):
                if end.group() == "\r" and end.end() == len(buffer):
                    break  # perhaps the first half of "\r\n": wait for the next chunk
                yield buffer[start : end.end()]
                start = end.end()
            rest = buffer[start:]
        if self.nul_line is not None:
            self.drain()
        if rest:
            yield rest

    def __iter__(self) -> Iterator[str]:
        return self.iterator

    def __next__(self) -> str:
        return next(self.iterator)

    def drain(self) -> None:
        """Decode the rest of the file, then raise the first problem in it or before: a byte
        that is not UTF-8, else a NUL. Returns when the file has neither."""
        if self.failure is not None:
            raise self.failure
        for _text in self.texts:
            pass
        if self.nul_line is not None:
            raise ImportFailed(
                [
                    _(
                        "regel %(line)d: een NUL-teken (byte 0) hoort niet in een CSV-bestand; "
                        "sla het bestand opnieuw op als CSV UTF-8."
                    )
                    % {"line": self.nul_line}
                ]
            )


def file_size(file: BinaryIO) -> int:
    """The size in bytes of a seekable binary ``file``; leaves it at its start."""
    size = file.seek(0, io.SEEK_END)
    file.seek(0)
    return size


def stream_rows(file: BinaryIO) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """:func:`read_rows` for a binary file object, row by row: never the whole file at once.

    ``file`` is read from its current position in chunks of :data:`READ_CHUNK_BYTES` bytes
    (``file.read(n)``; its size is not checked here: :func:`size_errors`). Returns the
    lower-cased header names at once and an iterator of (line number, row dict) with the same
    rows, line numbers and errors as :func:`read_rows`; the errors are raised as ImportFailed
    when reached. A problem that :func:`read_rows` reports first is reported first here too:
    before raising a header or CSV error the rest of the file is decoded (bounded memory), so
    that a byte that is not UTF-8 or a NUL further on is what is raised.
    """
    lines = _Lines(file)
    first: list[str] = []  # up to the first "\n": the line the delimiter is read from
    for text in lines:
        first.append(text)
        if text.endswith("\n"):
            break
    first_line = "".join(first).split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","

    def all_lines() -> Iterator[str]:
        yield from first
        yield from lines

    reader = csv.reader(all_lines(), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader, [])]
        if not any(header):
            raise ImportFailed([_("regel 1: het bestand is leeg of heeft geen kopregel.")])
        check_unique(header)
    except csv.Error as error:
        lines.drain()
        raise ImportFailed([_csv_error_message(2, error)]) from error
    except ImportFailed:
        lines.drain()
        raise

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        line = 1
        try:
            for line, cells in enumerate(reader, start=2):
                if not any(cell.strip() for cell in cells):
                    continue
                padded = [cell.strip() for cell in cells] + [""] * (len(header) - len(cells))
                yield line, dict(zip(header, padded, strict=False))
        except csv.Error as error:  # in the line after the last one read
            lines.drain()
            raise ImportFailed([_csv_error_message(line + 1, error)]) from error

    return header, rows()


def check_unique(header: list[str]) -> None:
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
