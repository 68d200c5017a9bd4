"""The ``plan`` section of a loaded plan, for :mod:`agreements.loader.dump`."""

from __future__ import annotations

from typing import Any

from agreements.models import Agreement
from reports.plans.models import PlanYear
from reports.plans.schema import KEY


def _euros(amount: Any) -> str:
    """Euros as the file writes them: a decimal point, no trailing ".00"."""
    text = format(amount, "f")
    return text[:-3] if text.endswith(".00") else text


def dump_plan(agreement: Agreement) -> dict[str, Any]:
    """``{"plan": ...}`` for an agreement with plan years (the values
    :func:`reports.plans.schema.read_plan` accepts back); ``{}`` for any other agreement."""
    years = list(
        PlanYear.objects.filter(agreement=agreement)
        .order_by("year")
        .prefetch_related("targets", "costs", "financing")
    )
    if not years:
        return {}
    reference = next((y.year for y in years if y.is_reference), years[0].year)
    per_year: list[dict[str, Any]] = []
    for plan_year in years:
        item: dict[str, Any] = {"year": plan_year.year}
        targets = {t.measure: t.printed_text or t.text for t in plan_year.targets.all()}
        if targets:
            item["targets"] = dict(sorted(targets.items()))
        costs = sorted(plan_year.costs.all(), key=lambda row: row.position)
        if costs:
            item["costs"] = {row.group_code: _euros(row.amount) for row in costs}
        if plan_year.stated_costs_total is not None:
            item["costs_total"] = _euros(plan_year.stated_costs_total)
        financing = sorted(plan_year.financing.all(), key=lambda row: row.position)
        if financing:
            item["financing"] = {row.funder_kind: _euros(row.amount) for row in financing}
        if plan_year.stated_financing_total is not None:
            item["financing_total"] = _euros(plan_year.stated_financing_total)
        if len(item) > 1:
            per_year.append(item)
    return {
        KEY: {
            "reference_year": reference,
            "years": [y.year for y in years if not y.is_reference],
            "per_year": per_year,
        }
    }
