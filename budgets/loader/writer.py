"""Writing the budget sections of a validated agreement file, idempotently.

The budgets app's file section (:mod:`budgets.loader`): the agreement loader calls it after
writing the agreement, inside the load's one transaction. Rows are
matched on their natural keys and only saved when a value changed; what the file no longer has
is removed from the agreement, so re-loading a file replaces the agreement's budgets,
financing, volunteer investments, volunteer rates and stated figures. Volunteer rates belong
to the agreement (issue 12): another file of the same year never changes them. System code:
it runs inside the load's :func:`locations.access.system_scope`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from agreements.loader.rows import Counts, delete_rows, upsert
from agreements.loader.sections import WriteContext
from agreements.loader.source import LoaderError, Problem
from budgets.loader.specs import BudgetSectionsSpec
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Expenditure,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)

#: The kinds of row written, in the order of the load summary.
COUNTS = (
    "volunteer_rates",
    "budgets",
    "budget_lines",
    "budget_amounts",
    "financing",
    "volunteer_investments",
    "stated_figures",
)


def write_budget_sections(
    context: WriteContext, spec: BudgetSectionsSpec, counts: Mapping[str, Counts]
) -> None:
    """Write rates, budgets, financing, volunteer hours and stated figures of ``spec``.

    ``context.locations``, ``context.parties`` and ``context.room_groups`` map the file's
    codes to the rows just written (an amount, financing or hours keyed ``region`` has
    neither a room nor a group); ``counts`` has a :class:`Counts` per kind in :data:`COUNTS`. Raises
    :class:`LoaderError` (the caller's transaction is rolled back) when a budget line to
    remove already has expenditures booked on it.
    """
    organisation, agreement = context.organisation, context.agreement
    locations, parties = context.locations, context.parties
    for rate in spec.volunteer_rates:
        upsert(
            VolunteerRate.objects,
            counts["volunteer_rates"],
            lookup={"agreement": agreement, "kind": rate.kind},
            values={
                "organisation_id": organisation.pk,
                "year": context.year,
                "rate": rate.rate,
                "source": rate.source,
            },
        )
    counts["volunteer_rates"].removed = delete_rows(
        VolunteerRate.objects.filter(agreement=agreement).exclude(
            kind__in=[rate.kind for rate in spec.volunteer_rates]
        )
    )

    kept_budgets, kept_lines = [], []
    for budget_spec in spec.budgets:
        budget = upsert(
            Budget.objects,
            counts["budgets"],
            lookup={"agreement": agreement, "version": budget_spec.version},
            values={
                "position": budget_spec.position,
                "source": budget_spec.source,
                "groups": budget_spec.stored_groups(),
                "ratios": budget_spec.stored_ratios(),
            },
        )
        kept_budgets.append(budget.pk)
        for line_spec in budget_spec.lines:
            line = upsert(
                BudgetLine.objects,
                counts["budget_lines"],
                lookup={"budget": budget, "code": line_spec.code},
                values={
                    "group": line_spec.group,
                    "description": line_spec.description,
                    "note": line_spec.note,
                    "footnote": line_spec.footnote,
                    "position": line_spec.position,
                    "is_petty_cash": line_spec.is_petty_cash,
                },
            )
            kept_lines.append(line.pk)
            kept_amounts = [
                upsert(
                    BudgetAmount.objects,
                    counts["budget_amounts"],
                    lookup={"line": line, **_where(context, code)},
                    values={"amount": amount},
                ).pk
                for code, amount in line_spec.amounts
            ]
            counts["budget_amounts"].removed += delete_rows(
                BudgetAmount.objects.filter(line=line).exclude(pk__in=kept_amounts)
            )
    stale_lines = BudgetLine.objects.filter(budget__agreement=agreement).exclude(pk__in=kept_lines)
    _refuse_lines_in_use(context.file, stale_lines)
    counts["budget_amounts"].removed += BudgetAmount.objects.filter(line__in=stale_lines).count()
    counts["budget_lines"].removed = delete_rows(stale_lines)
    counts["budgets"].removed = delete_rows(
        Budget.objects.filter(agreement=agreement).exclude(pk__in=kept_budgets)
    )

    kept = []
    for financing in spec.financing:
        in_kind, earmarked = dict(financing.in_kind), dict(financing.earmarked)
        for code, amount in financing.amounts:
            row = upsert(
                Financing.objects,
                counts["financing"],
                lookup={
                    "agreement": agreement,
                    "party": parties[financing.funder],
                    **_where(context, code),
                    "is_intended": financing.is_intended,
                },
                values={
                    "amount": amount,
                    "in_kind": in_kind.get(code),
                    "earmarked": earmarked.get(code),
                    "footnote": financing.footnote,
                },
            )
            kept.append(row.pk)
    counts["financing"].removed = delete_rows(
        Financing.objects.filter(agreement=agreement).exclude(pk__in=kept)
    )

    kept = [
        upsert(
            VolunteerInvestment.objects,
            counts["volunteer_investments"],
            lookup={"agreement": agreement, **_where(context, hours.location)},
            values={
                "residents_hours": hours.residents,
                "professionals_hours": hours.professionals,
            },
        ).pk
        for hours in spec.volunteer_hours
    ]
    counts["volunteer_investments"].removed = delete_rows(
        VolunteerInvestment.objects.filter(agreement=agreement).exclude(pk__in=kept)
    )

    kept = [
        upsert(
            StatedFigure.objects,
            counts["stated_figures"],
            lookup={
                "agreement": agreement,
                "location": locations[figure.location] if figure.location else None,
                "figure": figure.figure,
                "position": figure.position,
            },
            values={"value": figure.value, "text": figure.text, "source": figure.source},
        ).pk
        for figure in spec.stated_figures
    ]
    counts["stated_figures"].removed = delete_rows(
        StatedFigure.objects.filter(agreement=agreement).exclude(pk__in=kept)
    )


def _where(context: WriteContext, code: str) -> dict[str, Any]:
    """The ``location`` and ``room_group`` of a row stated under ``code``: a room of the
    file, a room group of the file (format 2), or else ``region`` (both empty)."""
    if code in context.locations:
        return {"location": context.locations[code], "room_group": None}
    return {"location": None, "room_group": context.room_groups.get(code)}


def _refuse_lines_in_use(file: str, stale_lines: models.QuerySet) -> None:
    """Raise :class:`LoaderError` when a budget line the file no longer has (or whose budget
    version it no longer has) already has expenditures: spending is never deleted."""
    in_use = (
        BudgetLine.objects.filter(
            pk__in=Expenditure.objects.filter(line__in=stale_lines).values("line")
        )
        .select_related("budget")
        .order_by("budget__position", "position")
    )
    problems = [
        Problem(
            file,
            None,
            None,
            "budgets",
            _(
                "regel %(code)s van begroting '%(version)s' heeft uitgaven en kan niet "
                "weg; laat haar in het bestand staan"
            )
            % {"code": line.code, "version": line.budget.version},
        )
        for line in in_use
    ]
    if problems:
        raise LoaderError(problems)
