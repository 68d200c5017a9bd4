"""The line groups and ratios of a budget: what the agreement file states, or today's A-E.

A budget's groups and ratios are data of the document (issue 12, "Budget groups from the
document"): ``groups`` / ``ratios`` of a budget in the agreement file, stored on
:class:`~budgets.models.Budget`. A budget that states none has :data:`DEFAULT_GROUPS` and
:data:`DEFAULT_RATIOS`, the groups (A)-(E) and the three ratios of the 2021 agreement
(BEGROTING; DOMAIN.md): ``sroi_share`` = B / total, ``people_share`` = (A + B) / total,
``overhead_share`` = (A3 + E) / total. Plain values, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The suffix every ratio code ends with, so its kind is "share" wherever it is named.
RATIO_SUFFIX = "_share"


@dataclass(frozen=True)
class GroupDef:
    """A group of budget lines: its ``code`` (e.g. "A", "P") and its name as stated."""

    code: str
    name: str


@dataclass(frozen=True)
class RatioDef:
    """A ratio of a budget: ``code`` (the figure name, ending in "_share"), its name as
    stated, the group or line codes summed above the line (``numerator``) and below it
    (``denominator``; empty: the budget total)."""

    code: str
    name: str
    numerator: tuple[str, ...]
    denominator: tuple[str, ...] = ()


#: Today's groups (2021 agreement, BEGROTING); the names are the model's labels.
DEFAULT_GROUPS = (
    GroupDef("A", "(A) Inzet mensen"),
    GroupDef("B", "(B) Inzet mensen met een 'social return'"),
    GroupDef("C", "(C) Huisvestingskosten"),
    GroupDef("D", "(D) Locatiekosten"),
    GroupDef("E", "(E) Verenigingskosten"),
)
#: Today's ratios; "A3" is the overhead line besides group E.
DEFAULT_RATIOS = (
    RatioDef("sroi_share", "Social Return On Investment (SROI)", ("B",)),
    RatioDef("people_share", "Aandeel investering in mensen", ("A", "B")),
    RatioDef("overhead_share", "Aandeel overhead", ("A3", "E")),
)


def groups_of(stored: Sequence[dict[str, Any]] | None) -> tuple[GroupDef, ...]:
    """The groups of a budget from its stored list of ``{"code", "name"}`` (in order);
    :data:`DEFAULT_GROUPS` when it stores none."""
    if not stored:
        return DEFAULT_GROUPS
    return tuple(GroupDef(item["code"], item["name"]) for item in stored)


def ratios_of(stored: Sequence[dict[str, Any]] | None, *, has_groups: bool) -> tuple[RatioDef, ...]:
    """The ratios of a budget from its stored list of ``{"code", "name", "numerator",
    "denominator"}``. None stored (the file has no ``ratios``): :data:`DEFAULT_RATIOS` when
    the budget has today's groups (``has_groups`` False), none when it states groups of its
    own (a ratio the document does not define is not shown). A list stored is the document's
    ratios exactly: ``[]`` (the file says ``ratios: []``) is no ratio at all, also with
    today's groups."""
    if stored is None:
        return () if has_groups else DEFAULT_RATIOS
    return tuple(
        RatioDef(
            item["code"],
            item["name"],
            tuple(item["numerator"]),
            tuple(item.get("denominator") or ()),
        )
        for item in stored
    )


def is_ratio_name(name: str) -> bool:
    """Whether a figure name is a ratio's (a share): it ends in :data:`RATIO_SUFFIX`."""
    return name.endswith(RATIO_SUFFIX)
