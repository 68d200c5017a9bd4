"""Parsing the target texts of an agreement's targets table ("> 10 op 20", "400", "Positief").

Pure functions, no database: the loader uses :func:`parse_target` to fill
:class:`agreements.models.Target`, the reports compare realised figures with its result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from agreements.choices import Comparator

_NUMBER = r"\d+(?:,\d+)?"
_TARGET = re.compile(
    rf"^(?P<comparator>>=|≥|>)?\s*(?P<value>{_NUMBER})"
    rf"(?:\s*(?P<percent>%)|\s+op\s+(?P<value_of>{_NUMBER}))?$",
    re.IGNORECASE,
)
_SYMBOLS = {">": Comparator.GT, "≥": Comparator.GTE, ">=": Comparator.GTE}
_TEXT_OF = {Comparator.GT: "> ", Comparator.GTE: "≥ ", Comparator.AT_LEAST: ""}
POSITIVE_TEXT = "Positief"
EXAMPLES = "'> 10', '> 50%', '> 10 op 20', '400', 'Positief'"


@dataclass(frozen=True)
class ParsedTarget:
    """A target as stated in an agreement, taken apart.

    - ``comparator``: ``gt`` ("> 10"), ``gte`` ("≥ 5"), ``at_least`` (a plain figure, "400")
      or ``positive`` ("Positief": the budget or audit check comes out positive).
    - ``value``: the figure (``Decimal``), None for "Positief". For "> 10 op 20" this is 10:
      how many of the referred take part.
    - ``value_of``: for "X op Y" (method 'Aantal op aangemeld') the number referred, Y; else None.
    - ``unit``: ``"%"`` for a share ("> 50%"), else ``""``.
    - ``text``: the target normalised: single spaces, ``>=`` written ``≥``, e.g. "> 10 op 20".
    """

    comparator: Comparator
    value: Decimal | None
    value_of: Decimal | None
    unit: str
    text: str


def _decimal(number: str) -> Decimal:
    """A figure as written in Dutch ("7,5") as a Decimal."""
    return Decimal(number.replace(",", "."))


def parse_target(text: str) -> ParsedTarget:
    """Parse one target text of the targets table (DOMAIN.md, 'Targets and status').

    Accepted: "> 50%", "> 10", "> 8", "> 10 op 20", "400", "Positief", "≥ 5", ">= 5";
    spaces are free ("  >10  op 20 "), decimals use a comma ("> 7,5"). Returns a
    :class:`ParsedTarget`. Raises ``ValueError`` with a message naming the text when it is
    anything else, when a percentage exceeds 100, or when "X op Y" has X greater than Y.
    """
    normalised = " ".join(str(text).split())
    if normalised.lower() == POSITIVE_TEXT.lower():
        return ParsedTarget(Comparator.POSITIVE, None, None, "", POSITIVE_TEXT)
    match = _TARGET.match(normalised)
    if match is None:
        raise ValueError(f"'{text}' is not a target (expected e.g. {EXAMPLES})")
    comparator = _SYMBOLS.get(match["comparator"] or "", Comparator.AT_LEAST)
    value = _decimal(match["value"])
    unit = "%" if match["percent"] else ""
    if unit and value > 100:
        raise ValueError(f"'{text}': a percentage cannot exceed 100%")
    value_of = _decimal(match["value_of"]) if match["value_of"] else None
    if value_of is not None and value > value_of:
        raise ValueError(
            f"'{text}': the number taking part ({match['value']}) cannot exceed "
            f"the number referred ({match['value_of']})"
        )
    normal_text = f"{_TEXT_OF[comparator]}{match['value']}{unit}"
    if value_of is not None:
        normal_text += f" op {match['value_of']}"
    return ParsedTarget(comparator, value, value_of, unit, normal_text)
