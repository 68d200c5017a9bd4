"""How numbers, euros, percentages, hours and dates are shown: the one house formatting.

Every page, the PDF and the text cells of the Excel report format their figures here (pure
functions, no database). The separators and the date pattern come from Django's localisation:
the format module of the active language (``bwk/formats/nl``: "1.234,56" and "21-03-2019";
``bwk/formats/en``: "1,234.56" and "21-03-2019"), Dutch when no language is active. The
examples below are Dutch.

The rules (docs/report-formats.md, "Numbers and dates"):

- thousands are always grouped ("10.500"); a number shows the decimals it has, without
  trailing zeros ("68,75", "400"), or at most ``places`` decimals, rounded half-up;
- rounding is half-up, away from zero on a tie (2,5 -> 3; -2,5 -> -3), never banker's;
- the minus sign stands before everything else, the euro sign included: "-5", "-€ 68",
  "-€ 1.234,50", "-3%"; an explicit sign (``signed=True``, for differences) puts "+" before
  a positive value in the same place: "+12", "+€ 1.000"; zero gets no sign ("€ 0");
- a value that is missing or not applicable (None) is "—"; a missing date is "".
"""

from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils import dateformat, numberformat
from django.utils.formats import get_format
from django.utils.translation import get_language

Number = int | Decimal

#: The text of a missing or not applicable figure.
EMPTY = "—"
_CENTS = 2


def _language() -> str:
    """The active language, or the project's default when none is active (Django leaves
    none active under ``translation.deactivate_all()``, e.g. in some management commands)."""
    return get_language() or settings.LANGUAGE_CODE


def round_half_up(value: Number, places: int = 0) -> Decimal:
    """``value`` rounded to ``places`` decimals, a tie away from zero.

    round_half_up(Decimal("2.5")) -> Decimal("3"); Decimal("-2.5") -> Decimal("-3");
    round_half_up(Decimal("10.045"), 2) -> Decimal("10.05"). Exact: ``value`` is taken as a
    Decimal (an int as it is).
    """
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _sign(value: Decimal, signed: bool) -> str:
    if value < 0:
        return "-"
    if signed and value > 0:
        return "+"
    return ""


def _digits(value: Decimal, places: int | None) -> str:
    """The absolute value of ``value`` with the active language's separators, thousands
    grouped; ``places`` None: the decimals ``value`` is written with."""
    language = _language()
    return str(
        numberformat.format(
            abs(value),
            get_format("DECIMAL_SEPARATOR", language),
            places,
            get_format("NUMBER_GROUPING", language),
            get_format("THOUSAND_SEPARATOR", language),
            force_grouping=True,
        )
    )


def _trimmed(value: Number, places: int | None) -> Decimal:
    """``value`` rounded half-up to at most ``places`` decimals (None: as it is), without
    trailing zeros and without a minus sign on zero."""
    number = Decimal(value) if places is None else round_half_up(value, places)
    if number == number.to_integral_value():
        return number.quantize(Decimal(1)) + 0
    return number.normalize()


def format_number(value: Number | None, *, places: int | None = None, signed: bool = False) -> str:
    """A count, target or amount as a number: the decimals it has, trailing zeros dropped.

    In: an int or Decimal (None: "—"); ``places`` the most decimals to show (rounded half-up;
    None: all it has); ``signed`` "+" before a positive number (for differences).

    1234 -> "1.234"; 1234567 -> "1.234.567"; -1500 -> "-1.500"; Decimal("400.00") -> "400";
    Decimal("68.75") -> "68,75"; Decimal("1225.50") -> "1.225,5";
    format_number(Decimal("2.25"), places=1) -> "2,3"; format_number(12, signed=True) -> "+12";
    format_number(0, signed=True) -> "0"; None -> "—".
    """
    if value is None:
        return EMPTY
    number = _trimmed(value, places)
    return _sign(number, signed) + _digits(number, None)


def format_euro(value: Number | None, *, cents: bool | None = True, signed: bool = False) -> str:
    """Euros: "€ " and the amount, the minus (or with ``signed`` the plus) before the euro sign.

    In: euros as an int or Decimal (None: "—"). ``cents`` True: always two decimals
    ("€ 1.234,50", "€ 118.900,00"); False: whole euros, rounded half-up ("€ 125.568");
    None: two decimals only when the amount has cents ("€ 125.568", "€ 1.234,50").

    Decimal("1234.5") -> "€ 1.234,50"; Decimal("10.045") -> "€ 10,05"; -3 -> "-€ 3,00";
    format_euro(Decimal("-68"), cents=False) -> "-€ 68";
    format_euro(1000, cents=False, signed=True) -> "+€ 1.000"; 0 -> "€ 0,00"; None -> "—".
    """
    if value is None:
        return EMPTY
    number = Decimal(value)
    if cents is None:
        cents = number != number.to_integral_value()
    places = _CENTS if cents else 0
    rounded = round_half_up(number, places)
    return f"{_sign(rounded, signed)}€ {_digits(rounded, places)}"


def format_percentage(value: Number | None, *, signed: bool = False) -> str:
    """A percentage (in percent, 12.5 for 12,5%) rounded half-up to a whole percent.

    Decimal("12.5") -> "13%"; Decimal("33.333") -> "33%"; -3 -> "-3%"; None -> "—".
    """
    if value is None:
        return EMPTY
    return f"{format_number(value, places=0, signed=signed)}%"


def format_share(value: Number | None, *, signed: bool = False) -> str:
    """A share (a fraction, 0.375 for 37,5%) as a whole percentage, rounded half-up.

    Decimal("0.375") -> "38%"; Decimal("0.125") -> "13%"; 1 -> "100%"; None -> "—".
    """
    return format_percentage(None if value is None else Decimal(value) * 100, signed=signed)


def format_hours(value: Number | None, *, signed: bool = False) -> str:
    """Hours as a number with at most one decimal (rounded half-up), thousands grouped.

    Decimal("10500") -> "10.500"; Decimal("10500.0") -> "10.500"; Decimal("12.5") -> "12,5";
    format_hours(Decimal("-0.5"), signed=True) -> "-0,5"; None -> "—".
    """
    return format_number(value, places=1, signed=signed)


def format_date(value: date | None) -> str:
    """A date by the active language's DATE_FORMAT: dd-mm-jjjj in Dutch and in English.

    date(2019, 3, 21) -> "21-03-2019"; None -> "" (an empty cell, not "—").
    """
    if value is None:
        return ""
    return dateformat.format(value, get_format("DATE_FORMAT", _language()))


#: A reference to a source file rather than a document: a path ("shared/seeds/000_x.txt",
#: "data/agreements/zuidoost-2019.yaml"), a seed number with its lines ("seed 000 line 122",
#: "seed 001 lines 471-484", "seed lines 64-94") or the developers' domain brief.
_FILE_REFERENCE = re.compile(
    r"\b(?:shared|seeds|data|docs|out)/[\w./-]*"
    r"|\b[\w-]+\.(?:ya?ml|txt|py|md|csv|json)\b"
    r"|\bseeds?(?:\s+\d+)?(?:,?\s+(?:lines?|l\.)\s*[\d\s,-]+)?",
    re.IGNORECASE,
)

_LINES = re.compile(r"^\(?(?:lines?|l\.)\s*[\d\s,-]+\)?[.,;]?$", re.IGNORECASE)


def document_name(source: str | None) -> str:
    """The name of the document a ``source`` text refers to, for the interface: file paths,
    seed numbers and line references removed, with the brackets and clauses they leave empty
    ("Afspraak 2019, text extraction in shared/seeds/000_x.txt" -> "Afspraak 2019";
    "seed 000 line 122" -> ""). Plain text is returned as it is (stripped); None gives ""."""
    if not source:
        return ""
    clauses = []
    for clause in re.split(r"(?<=[,;])\s+|\s+(?=\()", source.strip()):
        if _FILE_REFERENCE.search(clause) or _LINES.match(clause):
            continue
        clauses.append(clause)
    text = " ".join(clauses).strip()
    return text.rstrip(",;: ").strip()
