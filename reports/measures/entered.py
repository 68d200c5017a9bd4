"""Interviews and Controle (results entered by staff) and Begroting (the budget check)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.figures import ALL, budget_check
from locations.formatting import document_name
from locations.periods import parse_period, period_label
from registrations.models import (
    EnteredResult,
)
from reports.measures.base import (
    Key,
    Kind,
    MeasureContext,
    Measured,
)

# --- Interviews and Controle (entered) ----------------------------------------------------------


def _period_end(code: str) -> date | None:
    try:
        return parse_period(code).end
    except ValueError:
        return None


def _entered_by(result: EnteredResult) -> str:
    user = result.created_by
    if user is None:
        return _("onbekend")
    return user.get_full_name() or user.get_username()


def counted_entered_results(
    ctx: MeasureContext, codes: Sequence[str]
) -> list[tuple[EnteredResult, date]]:
    """The entered results :func:`entered_results` chooses from, each with its period's last
    day: for the indicator ``codes`` at the context's locations, over a period ("YYYY-Qn" or
    "YYYY") of the agreement year that ends no later than the report period's end. The trace
    page (:func:`reports.trace.evidence.entered`) lists these same rows. One query."""
    year = ctx.agreement.year
    counted = []
    results = EnteredResult.objects.filter(
        indicator_code__in=list(codes),
        location_id__in=ctx.location_ids,
        period__startswith=str(year),
    ).select_related("created_by")
    for result in results:
        end = _period_end(result.period)
        if end is None or end.year != year or end > ctx.end:
            continue
        counted.append((result, end))
    return counted


def entered_results(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Figures entered by staff: Interviews (an estimate with its unit) and Controle
    (Positief/Negatief).

    Rule (DOMAIN.md "Interviews", "Controle"; issue 3): per location the
    :class:`EnteredResult` for the indicator code whose ``period`` ("YYYY-Qn" or "YYYY") lies
    in the agreement year and ends no later than the report period's end, the latest such
    period winning (a full-year entry "YYYY" ends on 31 December, so it only counts in a Q4 or
    full-year report, and beats a "YYYY-Q4" entry). An entry for Q2 therefore shows in the Q3
    report. The row note names who entered it, the period, the source and the explanation;
    its public version (``public_note``, for a funder's report) leaves out who entered it.

    Totals block: Controle is "Positief" when every location is positive, "Negatief" when any
    is negative, else not available; Interviews estimates are summed only when every location
    has an entry with a value and no location's target is a percentage (a count such as
    rent-arrears cases); otherwise the totals show "—" with a note (percentages per room
    cannot be added up).
    """
    found: dict[tuple[str, int], tuple[tuple[date, bool], EnteredResult]] = {}
    for result, end in counted_entered_results(ctx, codes):
        rank = (end, "Q" not in result.period.upper())
        key = (result.indicator_code, result.location_id)
        if key not in found or rank > found[key][0]:
            found[key] = (rank, result)
    out: dict[Key, Measured] = {}
    for code in codes:
        entries: list[tuple[EnteredResult, str]] = []
        for location_id in ctx.location_ids:
            entry = found.get((code, location_id))
            unit = ctx.units.get((code, location_id), "")
            if entry is None:
                out[(code, location_id)] = Measured(
                    Kind.ENTERED, unit=unit, note=_("Nog niet ingevoerd.")
                )
                continue
            result = entry[1]
            entries.append((result, unit))
            check = result.positive is not None and result.value is None
            out[(code, location_id)] = Measured(
                Kind.CHECK if check else Kind.ENTERED,
                value=None if check else result.value,
                positive=result.positive if check else None,
                entered_by=_entered_by(result),
                entered_source=result.source,
                unit=unit,
                note=_("Ingevoerd door %(who)s over %(period)s; bron: %(source)s. %(text)s")
                % {
                    "who": _entered_by(result),
                    "period": period_label(result.period),
                    "source": document_name(result.source),
                    "text": result.explanation,
                },
                public_note=_("Ingevoerd over %(period)s; bron: %(source)s. %(text)s")
                % {
                    "period": period_label(result.period),
                    "source": document_name(result.source),
                    "text": result.explanation,
                },
            )
        out[(code, None)] = _entered_total(ctx, code, entries)
    return out


def _entered_total(
    ctx: MeasureContext, code: str, entries: list[tuple[EnteredResult, str]]
) -> Measured:
    complete = len(entries) == len(ctx.location_ids) and bool(entries)
    checks = [r.positive for r, _unit in entries if r.positive is not None and r.value is None]
    if checks:
        if not all(checks):
            return Measured(Kind.CHECK, positive=False, note=_("Negatief bij minstens één."))
        if complete and len(checks) == len(entries):
            return Measured(Kind.CHECK, positive=True)
        return Measured(Kind.CHECK, note=_("Niet voor alle buurtwerkkamers ingevoerd."))
    if not complete:
        return Measured(
            Kind.ENTERED, note=_("Niet opgeteld: niet voor alle buurtwerkkamers ingevoerd.")
        )
    if any(unit for _r, unit in entries):
        return Measured(Kind.ENTERED, note=_("Niet opgeteld: percentages per buurtwerkkamer."))
    values = [r.value for r, _unit in entries if r.value is not None]
    if len(values) < len(entries):  # an entry with neither a value nor an outcome
        return Measured(
            Kind.ENTERED, note=_("Niet opgeteld: niet voor alle buurtwerkkamers ingevoerd.")
        )
    return Measured(
        Kind.ENTERED,
        value=sum(values, Decimal(0)),
        note=_("Optelsom van de buurtwerkkamers."),
    )


# --- Begroting --------------------------------------------------------------------------------


def budget(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Begroting: "Positief" when the financing covers the budget (no shortfall).

    Rule (DOMAIN.md "Begroting"; 2019/2021 agreements, INPUT "geen tekort financiering"):
    ``budgets.figures.budget_check(agreement, location_codes=...)`` per location code and
    "all": True -> Positief, False -> Negatief, None -> not available, with the note
    "begroting of financiering ontbreekt". With ``ctx.budget_overview`` the same rule is
    applied to that overview (no shortfall at the location: Positief), without a query.
    """
    overview = ctx.budget_overview
    if overview is None:
        checks = budget_check(
            ctx.agreement, location_codes=[location.code for location in ctx.locations]
        )
    else:
        checks = {}
        for location_code in [*(code for code, _name in overview.locations), ALL]:
            shortfall = overview.has_shortfall(location_code)
            checks[location_code] = None if shortfall is None else not shortfall
    codes_by_key: dict[int | None, str] = {location.pk: location.code for location in ctx.locations}
    codes_by_key[None] = "all"
    missing = _("Begroting of financiering ontbreekt.")
    result: dict[Key, Measured] = {}
    for code in codes:
        for key, location_code in codes_by_key.items():
            positive = checks.get(location_code)
            result[(code, key)] = Measured(
                Kind.CHECK, positive=positive, note=missing if positive is None else ""
            )
    return result
