"""A computed figure beside the figure its source states, and when the two differ.

Pure functions and a frozen dataclass; no database. The stated values come from
:class:`~budgets.models.StatedFigure` rows and never replace the computed ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from budgets.figures.names import figure_kind
from budgets.models import StatedFigure

CENT = Decimal("0.01")
_PERCENT_TEXT = re.compile(r"(\d+)(?:[.,](\d+))?\s*%")


def share_places(stated_text: str) -> int:
    """The decimals of the fraction a share was stated with: "38%" -> 2, "38,5%" -> 3.

    A share without a readable percentage in its text is taken as a whole percent (2).
    """
    match = _PERCENT_TEXT.search(stated_text or "")
    decimals = len(match.group(2)) if match and match.group(2) else 0
    return decimals + 2


def compare(
    kind: str, computed: Decimal | None, stated: Decimal | None, stated_text: str = ""
) -> bool:
    """True when a stated figure and the computed one both exist and differ.

    The rule: a share is compared after rounding the computed fraction half-up to the stated
    precision ("38%" -> 2 decimals of the fraction, so 0.3786 agrees with 0.38); money to the
    cent (both rounded half-up to cents); hours exactly.
    """
    if computed is None or stated is None:
        return False
    if kind == "share":
        quantum = Decimal(1).scaleb(-share_places(stated_text))
        return computed.quantize(quantum, rounding=ROUND_HALF_UP) != stated.quantize(
            quantum, rounding=ROUND_HALF_UP
        )
    if kind == "money":
        return computed.quantize(CENT, rounding=ROUND_HALF_UP) != stated.quantize(
            CENT, rounding=ROUND_HALF_UP
        )
    return computed != stated


@dataclass(frozen=True)
class Figure:
    """One computed figure at one location (or "all") with the figure the source states.

    ``computed`` is None when not applicable / not computable; shares are fractions.
    ``stated`` / ``stated_text`` come from :class:`~budgets.models.StatedFigure` (None / ""
    when the source states nothing). ``differs`` follows :func:`compare`; ``difference`` is
    computed - stated (exact), None unless both exist.
    """

    name: str
    computed: Decimal | None
    stated: Decimal | None
    stated_text: str
    kind: str
    differs: bool
    difference: Decimal | None

    @classmethod
    def build(cls, name: str, computed: Decimal | None, stated: StatedFigure | None) -> Figure:
        """A figure from its computed value and the stated row (or None)."""
        kind = figure_kind(name)
        value = stated.value if stated is not None else None
        text = stated.text if stated is not None else ""
        return cls(
            name=name,
            computed=computed,
            stated=value,
            stated_text=text,
            kind=kind,
            differs=compare(kind, computed, value, text),
            difference=computed - value if computed is not None and value is not None else None,
        )
