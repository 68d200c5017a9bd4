"""The budget check of the INPUT indicator "Goede besteding budget" (method Begroting)."""

from __future__ import annotations

from agreements.models import Agreement
from budgets.figures.compute import budget_overview
from budgets.figures.names import ALL


def budget_check(
    agreement: Agreement, *, location_codes: list[str] | None = None
) -> dict[str, bool | None]:
    """Per location code (and "all"): True when there is no shortfall (the INPUT indicator
    "Goede besteding budget" is "Positief"), False on a shortfall, None when the budget total
    or the financing is not computable (DOMAIN.md; 2019 agreement, INPUT)."""
    overview = budget_overview(agreement, location_codes=location_codes)
    result: dict[str, bool | None] = {}
    for code in [*(code for code, _name in overview.locations), ALL]:
        shortfall = overview.has_shortfall(code)
        result[code] = None if shortfall is None else not shortfall
    return result
