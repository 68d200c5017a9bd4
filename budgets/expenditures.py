"""Which budget lines an expenditure at a location may be booked on, and saving one.

An expenditure belongs on a line of a budget of an agreement that covers its location, dated
in that agreement's year (issue 4 "Actual spending"). Used by the admin, the board page form
and (with the same rule, resolved in bulk) the CSV importer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from budgets.models import BudgetLine, Expenditure
from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location


def lines_for_location(location: Location, *, year: int | None = None) -> QuerySet[BudgetLine]:
    """The budget lines an expenditure at ``location`` may use (scoped manager): lines of every
    budget of an agreement covering the location, of ``year`` when given; ordered by agreement
    year, budget position and line position."""
    lines = BudgetLine.objects.filter(budget__agreement__locations=location)
    if year is not None:
        lines = lines.filter(budget__agreement__year=year)
    return lines.select_related("budget__agreement").order_by(
        "-budget__agreement__year", "-budget__position", "position"
    )


def line_label(line: BudgetLine) -> str:
    """A dropdown label naming the agreement and version: "zuidoost-2021 · (A1) Ondersteunen …"."""
    return f"{line.budget.agreement.slug} · {line}"


def expenditure_problems(*, location: Location, line: BudgetLine, on: date) -> list[str]:
    """Plain Dutch problems with booking spending at ``location`` on ``line`` dated ``on``:
    the line's agreement must cover the location and ``on`` must lie in its year. Empty when
    fine."""
    agreement = line.budget.agreement
    problems = []
    if not agreement.locations.filter(pk=location.pk).exists():
        problems.append(
            _("Regel %(line)s hoort bij %(agreement)s, en die afspraak geldt niet voor %(loc)s.")
            % {"line": line.code, "agreement": agreement.slug, "loc": location.name}
        )
    if on.year != agreement.year:
        problems.append(
            _("De datum ligt niet in %(year)d, het jaar van afspraak %(agreement)s.")
            % {"year": agreement.year, "agreement": agreement.slug}
        )
    return problems


@user_scoped
def expenditure_create(
    *,
    user: AnyUser,
    location: Location,
    line: BudgetLine,
    on: date,
    amount: Decimal,
    description: str = "",
) -> Expenditure:
    """Save one expenditure entered by ``user`` (euros with cents) and return it.

    Raises PermissionDenied unless the access rules let ``user`` add spending at ``location``
    (admins of its organisation). The caller has checked :func:`expenditure_problems`.
    """
    build_scope(user).check_at(Action.ADD, Area.SPENDING, location)
    assert isinstance(user, get_user_model())  # the check lets only a signed-in user through
    return Expenditure.objects.create(
        location=location,
        line=line,
        date=on,
        amount=amount,
        description=description,
        created_by=user,
    )
