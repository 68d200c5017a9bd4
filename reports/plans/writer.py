"""Writing a plan section (:mod:`reports.plans.schema`) to its rows, idempotently."""

from __future__ import annotations

from collections.abc import Mapping

from agreements.loader.rows import Counts, upsert
from agreements.loader.sections import WriteContext
from reports.plans.models import PlanCost, PlanFinancing, PlanTarget, PlanYear
from reports.plans.schema import PlanSpec, PlanYearSpec

#: The kinds of row the plan section writes, in the load summary's order.
COUNTS = ("plan_years", "plan_targets", "plan_costs", "plan_financing")


def write_plan(context: WriteContext, spec: PlanSpec | None, counts: Mapping[str, Counts]) -> None:
    """Write ``spec`` for ``context.agreement``: one :class:`PlanYear` per stated year (and
    the reference year and every plan year, also without figures), with its targets, costs
    and financing; rows the file no longer has are removed (all of them when ``spec`` is
    None). Counts into ``counts[kind]`` for each kind of :data:`COUNTS`."""
    agreement = context.agreement
    kept: list[int] = []
    if spec is not None:
        stated = {year.year: year for year in spec.per_year}
        for year in sorted({spec.reference_year, *spec.years}):
            figures = stated.get(year)
            plan_year = upsert(
                PlanYear.objects,
                counts["plan_years"],
                lookup={"agreement": agreement, "year": year},
                values={
                    "is_reference": year == spec.reference_year,
                    "stated_costs_total": figures.costs_total if figures else None,
                    "stated_financing_total": figures.financing_total if figures else None,
                },
            )
            assert isinstance(plan_year, PlanYear)
            kept.append(plan_year.pk)
            _write_year(plan_year, figures, counts)
    stale = PlanYear.objects.filter(agreement=agreement).exclude(pk__in=kept)
    counts["plan_targets"].removed += PlanTarget.objects.filter(plan_year__in=stale).count()
    counts["plan_costs"].removed += PlanCost.objects.filter(plan_year__in=stale).count()
    counts["plan_financing"].removed += PlanFinancing.objects.filter(plan_year__in=stale).count()
    counts["plan_years"].removed += stale.delete()[1].get(PlanYear._meta.label, 0)


def _write_year(
    plan_year: PlanYear, figures: PlanYearSpec | None, counts: Mapping[str, Counts]
) -> None:
    """Write one year's targets, costs and financing; remove the ones it no longer has."""
    targets = figures.targets if figures else ()
    kept = []
    for measure, parsed in targets:
        row = upsert(
            PlanTarget.objects,
            counts["plan_targets"],
            lookup={"plan_year": plan_year, "measure": measure},
            values={
                "text": parsed.text,
                "printed_text": parsed.printed,
                "comparator": parsed.comparator,
                "value": parsed.value,
                "value_of": parsed.value_of,
                "value_max": parsed.value_max,
                "unit": parsed.unit,
            },
        )
        kept.append(row.pk)
    stale_targets = PlanTarget.objects.filter(plan_year=plan_year).exclude(pk__in=kept)
    counts["plan_targets"].removed += stale_targets.delete()[0]
    for model, field, key, amounts in (
        (PlanCost, "group_code", "plan_costs", figures.costs if figures else ()),
        (PlanFinancing, "funder_kind", "plan_financing", figures.financing if figures else ()),
    ):
        kept = []
        for position, (code, amount) in enumerate(amounts):
            row = upsert(
                model.objects,
                counts[key],
                lookup={"plan_year": plan_year, field: code},
                values={"position": position, "amount": amount},
            )
            kept.append(row.pk)
        counts[key].removed += (
            model.objects.filter(plan_year=plan_year).exclude(pk__in=kept).delete()[0]
        )
