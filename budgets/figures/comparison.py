"""A computed figure beside the figures its sources state, and when they differ.

Pure functions and frozen dataclasses; no database. The stated values come from
:class:`~budgets.models.StatedFigure` rows (several per figure when passages or documents
state it differently, issue 12) and never replace the computed ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
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
class Statement:
    """One stated value of a figure with its source (issue 12: a figure may be stated by
    several passages or documents). ``value`` as stored (shares as fractions), ``text`` as
    printed, ``source`` where it is printed ("" when the file names none); ``differs`` follows
    :func:`compare` against the computed figure, ``difference`` = computed - value (exact;
    None when nothing is computed)."""

    value: Decimal
    text: str
    source: str
    differs: bool
    difference: Decimal | None
    #: The row's :attr:`~budgets.models.StatedFigure.position` (its index in the file's list).
    position: int = 0


@dataclass(frozen=True)
class Figure:
    """One computed figure at one location (or "all") with the figures the sources state.

    ``computed`` is None when not applicable / not computable; shares are fractions.
    ``statements`` are all stated values (:class:`Statement`, in file order, from
    :class:`~budgets.models.StatedFigure` rows by position; () when nothing is stated);
    ``stated`` / ``stated_text`` are the first of them (None / "" when none) and
    ``difference`` is computed - that first value (exact), None unless both exist.
    ``differs`` is True when ANY stated value differs from the computed one (:func:`compare`).
    ``statements`` is left out of equality, so a figure compares as it did with one value.
    """

    name: str
    computed: Decimal | None
    stated: Decimal | None
    stated_text: str
    kind: str
    differs: bool
    difference: Decimal | None
    statements: tuple[Statement, ...] = field(default=(), compare=False)

    @property
    def differing_statements(self) -> tuple[Statement, ...]:
        """The stated values that differ from the computed one, in file order."""
        return tuple(statement for statement in self.statements if statement.differs)

    @classmethod
    def build(
        cls,
        name: str,
        computed: Decimal | None,
        stated: StatedFigure | Sequence[StatedFigure] | None,
    ) -> Figure:
        """A figure from its computed value and the stated row, or the stated rows in file
        order (several values of one figure), or None when nothing is stated."""
        kind = figure_kind(name)
        rows: Sequence[StatedFigure]
        if stated is None:
            rows = ()
        elif isinstance(stated, StatedFigure):
            rows = (stated,)
        else:
            rows = stated
        statements = tuple(
            Statement(
                value=row.value,
                text=row.text,
                source=row.source,
                differs=compare(kind, computed, row.value, row.text),
                difference=computed - row.value if computed is not None else None,
                position=row.position,
            )
            for row in rows
        )
        first = statements[0] if statements else None
        return cls(
            name=name,
            computed=computed,
            stated=first.value if first else None,
            stated_text=first.text if first else "",
            kind=kind,
            differs=any(statement.differs for statement in statements),
            difference=first.difference if first else None,
            statements=statements,
        )
