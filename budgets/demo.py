"""Demo spending for an agreement's budget (flagged ``is_demo``; replaced on every run).

Per location and budget line with an amount, one booking a month of about a twelfth of the
year's amount (between 85% and 110% of it); petty cash (the petty-cash line) as three to five
small purchases a month adding up to about the monthly allowance. Deterministic for a seed.
"""

from __future__ import annotations

import random
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone

from budgets.models import Budget, BudgetAmount, Expenditure
from locations.access import system_scope

CENT = Decimal("0.01")
PETTY_PURCHASES = (
    "Koffie en thee",
    "OV-kaartje",
    "Afwasmiddel en schoonmaakspullen",
    "Toiletpapier",
    "Schrijfwaren",
    "Printerinkt",
    "Knutselmateriaal activiteit",
    "Boodschappen kookactiviteit",
)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
@system_scope()  # system code: acts for no user
def generate_demo_expenditures(agreement, *, seed: int, until: date | None = None) -> int:
    """Replace the demo spending of ``agreement``'s current budget from 1 January up to
    ``until`` (default: today, at most 31 December of the agreement year); return the number
    of expenditures created (0 when the agreement has no budget lines).

    Bookings fall on the 15th of each month (petty cash on random days of the month) and only
    on dates up to ``until``. System code (:func:`locations.access.system_scope`).
    """
    year_end = date(agreement.year, 12, 31)
    until = min(until or timezone.localdate(), year_end)
    Expenditure.objects.filter(line__budget__agreement=agreement, is_demo=True).delete()
    budget = Budget.objects.filter(agreement=agreement).order_by("-position", "-pk").first()
    if budget is None or until < date(agreement.year, 1, 1):
        return 0
    rng = random.Random(f"{seed}-{agreement.slug}")
    amounts = (
        BudgetAmount.objects.filter(line__budget=budget, amount__gt=0)
        .select_related("line", "location")
        .order_by("location__code", "line__position")
    )
    new = []
    for item in amounts:
        monthly = float(item.amount) / 12
        for month in range(1, 13):
            if item.line.is_petty_cash:
                new += _petty_cash(rng, item, month, monthly, until)
                continue
            on = date(agreement.year, month, 15)
            if on > until:
                break
            new.append(
                Expenditure(
                    location=item.location,
                    line=item.line,
                    date=on,
                    amount=_money(monthly * rng.uniform(0.85, 1.10)),
                    description=item.line.description[:60],
                    is_demo=True,
                )
            )
    Expenditure.objects.bulk_create(new)
    return len(new)


def _petty_cash(rng, item, month, monthly, until) -> list[Expenditure]:
    count = rng.randint(3, 5)
    target = monthly * rng.uniform(0.80, 1.05)
    weights = [rng.uniform(0.5, 1.5) for _ in range(count)]
    rows = []
    for weight in weights:
        on = date(until.year, month, rng.randint(1, 28))
        if on > until:
            continue
        rows.append(
            Expenditure(
                location=item.location,
                line=item.line,
                date=on,
                amount=_money(target * weight / sum(weights)),
                description=rng.choice(PETTY_PURCHASES),
                is_demo=True,
            )
        )
    return rows
