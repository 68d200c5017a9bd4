"""A progress report as JSON, and back: stored reports rebuild exactly.

:func:`report_to_json` dumps a :class:`~reports.selectors.ProgressReport` (everything its
renderings show) to a JSON text; :func:`report_from_json` rebuilds an equal report from it.
The web page's report part, the PDF and the Excel file rendered from the rebuilt report are
the same as from the original (the PDF and the workbook byte for byte): a report issued to a
funder can be stored this way and rendered again after the registrations or the budget have
changed (docs/report-formats.md, "The report as JSON").

The text is one JSON object ``{"format": 1, "report": {...}}``. ``format`` is the version of
the shape (:data:`FORMAT`); ``report`` holds the report's fields by name, nested dataclasses
as objects, lists and tuples as arrays, ``Decimal`` as a string with its exact digits and
exponent ("2000.50", "0.2999250187453136715821044739"), dates as "YYYY-MM-DD", None as null,
dictionaries in their order. The conversion is pydantic's ``TypeAdapter`` over the report's
own (stdlib) dataclasses, so their type hints are the only description of the shape.

Compatibility, a rule for every dataclass inside the report (:mod:`reports.selectors`,
:mod:`reports.financial`, :mod:`budgets.figures`, :mod:`budgets.actuals`,
:mod:`budgets.display`, :mod:`locations.periods`): fields are only appended, with a default,
so a stored report without a newer field rebuilds with that default. A change that older
texts cannot be read as increments :data:`FORMAT`, and :func:`report_from_json` must then
read the older formats too.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import TypeAdapter

from reports.report import ProgressReport

#: The version of the JSON shape written by :func:`report_to_json`.
FORMAT = 1


@dataclass(frozen=True)
class _Header:
    format: int


@dataclass(frozen=True)
class _Stored:
    format: int
    report: ProgressReport


_HEADER = TypeAdapter(_Header)
_STORED = TypeAdapter(_Stored)


def report_to_json(report: ProgressReport) -> str:
    """``report`` as a JSON text ``{"format": 1, "report": {...}}`` (module docstring)."""
    return _STORED.dump_json(_Stored(format=FORMAT, report=report)).decode()


def report_from_json(text: str | bytes) -> ProgressReport:
    """The report stored in ``text`` (written by :func:`report_to_json`), equal to the one
    that was dumped: Decimals with the same digits, dates, tuples, nested dataclasses and the
    period as they were.

    Raises ValueError when ``text`` is not JSON, has no integer ``format``, has a format other
    than :data:`FORMAT`, or does not hold a report of that format (pydantic's
    ``ValidationError`` is a ValueError).
    """
    header = _HEADER.validate_json(text)
    if header.format != FORMAT:
        raise ValueError(f"unknown report format {header.format} (this version reads {FORMAT})")
    return _STORED.validate_json(text, strict=True).report
