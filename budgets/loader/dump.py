"""The budget sections of a loaded agreement as file content (the inverse of the loader).

:func:`dump_budget_sections` is the budgets app's ``FileSection.dump``
(:mod:`agreements.loader.dump`): volunteer rates, budgets with their lines, financing (a
committed and an intended entry per funder), volunteer hours and stated figures (a figure
stated several times as the list of its values, in order), written so
that :mod:`budgets.loader.schema` reads back the same values. Euros are written with 2
decimals, hours with 1, percentages as printed numbers with ``%``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from agreements.models import Agreement
from budgets.figures.groups import is_ratio_name
from budgets.loader.schema.stated import ALL, HOUR_FIGURES
from budgets.models import (
    Budget,
    BudgetAmount,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
    where_code,
)


def _euros(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.01')):f}"


def _hours(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.1')):f}"


def _share(value: Decimal) -> str:
    """A fraction as the percentage the file writes: 0.3800 -> "38%", 0.385 -> "38.5%"."""
    percent = (value * 100).quantize(Decimal("0.01")).normalize()
    return f"{percent:f}%"


def _values(items: list[tuple[int, dict[str, str]]]) -> dict[str, str] | list[dict[str, str]]:
    """A stated figure's (position, item) pairs as written: the one item alone, or the items
    in position order."""
    ordered = [item for _position, item in sorted(items, key=lambda pair: pair[0])]
    return ordered[0] if len(ordered) == 1 else ordered


def _ratio(stored: dict[str, Any]) -> dict[str, Any]:
    """A stored ratio as the file writes it; the denominator left out when it is the total."""
    item: dict[str, Any] = {
        "code": stored["code"],
        "name": stored["name"],
        "numerator": list(stored["numerator"]),
    }
    if stored.get("denominator"):
        item["denominator"] = list(stored["denominator"])
    return item


def _where_order(row: BudgetAmount | VolunteerInvestment) -> tuple[int, int, str]:
    """Rooms by code first, then the region, then the room groups in the file's order."""
    if row.location_id is not None:
        return (0, 0, row.location.code)
    if row.room_group_id is not None:
        return (2, row.room_group.position, row.room_group.code)
    return (1, 0, "")


def dump_budget_sections(agreement: Agreement) -> dict[str, Any]:
    """The top-level keys ``volunteer_rates``, ``budgets``, ``financing``,
    ``volunteer_hours`` and ``stated_figures`` of ``agreement`` (each left out when the
    agreement has none), as plain values."""
    data: dict[str, Any] = {}
    rates = VolunteerRate.objects.filter(agreement=agreement).order_by("kind")
    if rates:
        data["volunteer_rates"] = {
            rate.kind: {"rate": _euros(rate.rate), "source": rate.source} for rate in rates
        }
    budgets = list(Budget.objects.filter(agreement=agreement).order_by("position", "pk"))
    if budgets:
        amounts: dict[int, dict[str, str]] = {}
        for row in sorted(
            BudgetAmount.objects.filter(line__budget__agreement=agreement).select_related(
                "location", "room_group"
            ),
            key=_where_order,
        ):
            amounts.setdefault(row.line_id, {})[where_code(row)] = _euros(row.amount)
        data["budgets"] = []
        for budget in budgets:
            lines = []
            for line in budget.lines.order_by("position", "pk"):
                item: dict[str, Any] = {
                    "code": line.code,
                    "group": line.group or None,
                    "description": line.description,
                }
                if line.note:
                    item["note"] = line.note
                if line.footnote:
                    item["footnote"] = line.footnote
                if line.is_petty_cash:
                    item["petty_cash"] = True
                item["amounts"] = amounts.get(line.pk, {})
                lines.append(item)
            entry: dict[str, Any] = {"version": budget.version}
            if budget.source:
                entry["source"] = budget.source
            if budget.groups:
                entry["groups"] = [
                    {"code": group["code"], "name": group["name"]} for group in budget.groups
                ]
            if budget.ratios is not None:  # [] is stated too: "no ratios"
                entry["ratios"] = [_ratio(ratio) for ratio in budget.ratios]
            entry["lines"] = lines
            data["budgets"].append(entry)
    financing: dict[tuple[int, bool], dict[str, Any]] = {}
    for row in (
        Financing.objects.filter(agreement=agreement)
        .select_related("party", "location", "room_group")
        .order_by("pk")
    ):
        entry = financing.setdefault(
            (row.party_id, row.is_intended),
            {"funder": row.party.code, "amounts": {}, "in_kind": {}, "earmarked": {}},
        )
        if row.is_intended:
            entry["intended"] = True
        where = where_code(row)
        entry["amounts"][where] = _euros(row.amount)
        if row.in_kind is not None:
            entry["in_kind"][where] = _euros(row.in_kind)
        if row.earmarked is not None:
            entry["earmarked"][where] = _euros(row.earmarked)
        if row.footnote:
            entry["footnote"] = row.footnote
    if financing:
        data["financing"] = [
            {key: value for key, value in entry.items() if value != {}}
            for entry in financing.values()
        ]
    hours = VolunteerInvestment.objects.filter(agreement=agreement).select_related(
        "location", "room_group"
    )
    if hours:
        data["volunteer_hours"] = {
            where_code(row): {
                "residents": _hours(row.residents_hours),
                "professionals": _hours(row.professionals_hours),
            }
            for row in sorted(hours, key=_where_order)
        }
    stated: dict[str, dict[str, list[tuple[int, dict[str, str]]]]] = {}
    for figure in (
        StatedFigure.objects.filter(agreement=agreement)
        .select_related("location")
        .order_by("location__code", "pk")
    ):
        if is_ratio_name(figure.figure):
            value = _share(figure.value)
        elif figure.figure in HOUR_FIGURES:
            value = _hours(figure.value)
        else:
            value = _euros(figure.value)
        item = {"value": value, "text": figure.text}
        if figure.source:
            item["source"] = figure.source
        where = figure.location.code if figure.location_id else ALL
        stated.setdefault(where, {}).setdefault(figure.figure, []).append((figure.position, item))
    if stated:
        # A figure stated once is written as one mapping (as format 1 has it), several values
        # as the list of format 2, in their order.
        data["stated_figures"] = {
            where: {name: _values(items) for name, items in figures.items()}
            for where, figures in stated.items()
        }
    return data
