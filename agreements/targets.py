"""Parsing the target texts of an agreement's targets table ("> 10 op 20", "400", "Positief").

Pure functions, no database: the loader uses :func:`parse_target` to fill
:class:`agreements.models.Target`, the reports compare realised figures with its result.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from agreements.choices import Comparator, Method

_NUMBER = r"\d+(?:,\d+)?"
#: Words and symbols before a figure (issue 12, "targets as stated"), lower case.
_WORDS = {
    "min.": Comparator.GTE,
    "min": Comparator.GTE,
    "minimaal": Comparator.GTE,
    "minstens": Comparator.GTE,
    "ten minste": Comparator.GTE,
    "tenminste": Comparator.GTE,
    "max.": Comparator.AT_MOST,
    "max": Comparator.AT_MOST,
    "maximaal": Comparator.AT_MOST,
    "hoogstens": Comparator.AT_MOST,
    "ten hoogste": Comparator.AT_MOST,
}
_WORD_RE = "|".join(re.escape(word) for word in sorted(_WORDS, key=len, reverse=True))
_TARGET = re.compile(
    rf"^(?:(?P<comparator>>=|≥|>|<=|≤)|(?P<word>{_WORD_RE})(?=[\s\d]))?\s*(?P<value>{_NUMBER})"
    rf"(?:\s*(?P<percent>%)|\s+op\s+(?P<value_of>{_NUMBER}))?$",
    re.IGNORECASE,
)
#: "10-20", "10 - 20%", "10 tot 20", "tussen 10 en 20", "van 10 tot 20".
_RANGE = re.compile(
    rf"^(?:tussen\s+|van\s+)?(?P<low>{_NUMBER})\s*(?P<low_percent>%)?"
    rf"\s*(?:-|–|tot(?:\s+en\s+met)?|t/m|en)\s*(?P<high>{_NUMBER})\s*(?P<percent>%)?$",
    re.IGNORECASE,
)
#: "Not yet": no target this year (shown as no target, never as achieved).
NOT_YET_TEXTS = frozenset({"nog niet", "n.v.t.", "nvt", "n.v.t", "geen", "-", "—"})
_SYMBOLS = {
    ">": Comparator.GT,
    "≥": Comparator.GTE,
    ">=": Comparator.GTE,
    "≤": Comparator.AT_MOST,
    "<=": Comparator.AT_MOST,
}
_TEXT_OF = {
    Comparator.GT: "> ",
    Comparator.GTE: "≥ ",
    Comparator.AT_LEAST: "",
    Comparator.AT_MOST: "≤ ",
}
POSITIVE_TEXT = "Positief"
NOT_YET_TEXT = "nog niet"
POSITIVE_METHODS = frozenset({Method.BUDGET, Method.AUDIT})
EXAMPLES = "'> 10', '> 50%', '> 10 op 20', '400', 'Positief'"


@dataclass(frozen=True)
class ParsedTarget:
    """A target as stated in an agreement, taken apart.

    - ``comparator``: ``gt`` ("> 10"), ``gte`` ("≥ 5", "Min. 5", "minimaal 5"), ``at_least``
      (a plain figure, "400"), ``positive`` ("Positief": the budget or audit check comes out
      positive), ``at_most`` ("≤ 5", "max. 5", "maximaal 5"), ``range`` ("10-20", "10 tot
      20") or ``not_yet`` ("nog niet", "n.v.t.": no target this year).
    - ``value``: the figure (``Decimal``), None for "Positief" and "nog niet". For "> 10 op
      20" this is 10: how many of the referred take part; for a range its lower bound; for
      "at most" the maximum.
    - ``value_of``: for "X op Y" (method 'Aantal op aangemeld') the number referred, Y; else None.
    - ``value_max``: the upper bound of a range ("10-20": 20); else None.
    - ``unit``: ``"%"`` for a share ("> 50%"), else ``""``.
    - ``printed``: the target exactly as the document prints it (issue 12: kept and shown
      beside the parsed target), e.g. "Min. 10".
    - ``text``: the target normalised: single spaces, ``>=`` written ``≥``, words as symbols
      ("Min. 10" as "≥ 10"), a range as "10-20", e.g. "> 10 op 20".
    """

    comparator: Comparator
    value: Decimal | None
    value_of: Decimal | None
    unit: str
    text: str
    value_max: Decimal | None = None
    printed: str = ""


def _decimal(number: str) -> Decimal:
    """A figure as written in Dutch ("7,5") as a Decimal."""
    return Decimal(number.replace(",", "."))


def parse_target(text: str) -> ParsedTarget:
    """The parsed target of ``text`` (:func:`_parse`) with ``printed`` the text exactly."""
    return dataclasses.replace(_parse(text), printed=str(text))


def _parse(text: str) -> ParsedTarget:
    """Parse one target text of the targets table (DOMAIN.md, 'Targets and status'; issue 12
    "targets as stated").

    Accepted: "> 50%", "> 10", "> 8", "> 10 op 20", "400", "Positief", "≥ 5", ">= 5"; "at
    least" in words ("Min. 5", "minimaal 5", "minstens 5", "ten minste 5": as "≥ 5"); "at
    most" ("≤ 5", "<= 5", "max. 5", "maximaal 5", "hoogstens 5", "ten hoogste 5"); ranges
    ("10-20", "10 - 20%", "10 tot 20", "tussen 10 en 20", "van 10 tot en met 20"); "not yet"
    ("nog niet", "n.v.t.", "nvt", "geen", "-": no target this year). Spaces and case are free
    ("  >10  op 20 "), decimals use a comma ("> 7,5"). Returns a :class:`ParsedTarget`.
    Raises ``ValueError`` with a message naming the text when it is anything else, when a
    percentage exceeds 100, when "X op Y" has X greater than Y, or when a range's lower
    bound exceeds its upper one.
    """
    normalised = " ".join(str(text).split())
    if normalised.lower() == POSITIVE_TEXT.lower():
        return ParsedTarget(Comparator.POSITIVE, None, None, "", POSITIVE_TEXT)
    if normalised.lower() in NOT_YET_TEXTS:
        return ParsedTarget(Comparator.NOT_YET, None, None, "", NOT_YET_TEXT)
    ranged = _RANGE.match(normalised)
    if ranged is not None:
        return _parse_range(text, ranged)
    match = _TARGET.match(normalised)
    if match is None:
        raise ValueError(_not_a_target(text))
    if match["word"]:
        comparator = _WORDS[match["word"].lower()]
    else:
        comparator = _SYMBOLS.get(match["comparator"] or "", Comparator.AT_LEAST)
    value = _decimal(match["value"])
    unit = "%" if match["percent"] else ""
    if unit and value > 100:
        raise ValueError(
            _("'%(text)s': een percentage kan niet boven 100%% liggen") % {"text": text}
        )
    value_of = _decimal(match["value_of"]) if match["value_of"] else None
    if value_of is not None and comparator == Comparator.AT_MOST:
        raise ValueError(_not_a_target(text))
    if value_of is not None and value > value_of:
        raise ValueError(
            _(
                "'%(text)s': het aantal deelnemers (%(value)s) kan niet groter zijn dan "
                "het aantal aangemelden (%(value_of)s)"
            )
            % {"text": text, "value": match["value"], "value_of": match["value_of"]}
        )
    normal_text = f"{_TEXT_OF[comparator]}{match['value']}{unit}"
    if value_of is not None:
        normal_text += f" op {match['value_of']}"
    return ParsedTarget(comparator, value, value_of, unit, normal_text)


def _not_a_target(text: str) -> str:
    """The message for a text that is no target (in the active language)."""
    return _("'%(text)s' is geen doel (verwacht bijv. %(examples)s)") % {
        "text": text,
        "examples": EXAMPLES,
    }


def _parse_range(text: str, match: re.Match[str]) -> ParsedTarget:
    """A range "10-20" (both bounds included); "10%-20%" or "10-20%" is a share."""
    low, high = _decimal(match["low"]), _decimal(match["high"])
    unit = "%" if match["percent"] or match["low_percent"] else ""
    if match["low_percent"] and not match["percent"]:
        raise ValueError(_not_a_target(text))
    if unit and high > 100:
        raise ValueError(
            _("'%(text)s': een percentage kan niet boven 100%% liggen") % {"text": text}
        )
    if low > high:
        raise ValueError(
            _(
                "'%(text)s': de ondergrens (%(low)s) kan niet groter zijn dan "
                "de bovengrens (%(high)s)"
            )
            % {"text": text, "low": match["low"], "high": match["high"]}
        )
    normal_text = f"{match['low']}-{match['high']}{unit}"
    return ParsedTarget(Comparator.RANGE, low, None, unit, normal_text, value_max=high)


def method_mismatch(parsed: ParsedTarget, method: str | None) -> str | None:
    """Why ``parsed`` does not fit an indicator of ``method`` (a :class:`Method` value or
    None), as a translated message, or None when it fits (DOMAIN.md "Targets and status"):
    "X op Y" only for 'Aantal op aangemeld', "Positief" only for 'Begroting' and 'Controle';
    "nog niet" fits every method. Used by the agreement loader and the admin's target form."""
    if method is None or parsed.comparator == Comparator.NOT_YET:
        return None
    if method == Method.COUNT_OF_REFERRED and parsed.value_of is None:
        return _("'%(text)s': method %(method)s vraagt een doel 'X op Y' (bijv. '> 10 op 20')") % {
            "text": parsed.text,
            "method": method,
        }
    if method != Method.COUNT_OF_REFERRED and parsed.value_of is not None:
        return _("'%(text)s': doelen 'X op Y' zijn alleen voor method %(method)s") % {
            "text": parsed.text,
            "method": Method.COUNT_OF_REFERRED,
        }
    if (parsed.comparator == Comparator.POSITIVE) != (method in POSITIVE_METHODS):
        return _(
            "'%(text)s': 'Positief' is het doel van de methods budget en audit, "
            "en van geen andere (deze rij: %(method)s)"
        ) % {"text": parsed.text, "method": method}
    return None


def stored_target_values(parsed: ParsedTarget) -> dict[str, object]:
    """The stored fields of a target (:class:`agreements.models.TargetFields`) from its parsed
    form: a room's :class:`Target` and a region's or group's :class:`RegionTarget` alike
    (the loader's writer and the admin's target form)."""
    return {
        "text": parsed.text,
        "comparator": parsed.comparator.value,
        "value": parsed.value,
        "value_of": parsed.value_of,
        "unit": parsed.unit,
        "value_max": parsed.value_max,
        "printed_text": parsed.printed,
    }
