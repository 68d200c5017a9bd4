"""Writes of the agreements app: closing a reporting period and reopening it (issue 9,
"Closing a period").

The board closes a quarter (or the year) of an agreement once its report is issued; from then
on registrations at the agreement's locations dated in that period can no longer be added,
changed or deleted through any path (the rule in :mod:`registrations.services.rules`, read
through :mod:`agreements.closures`) until an admin reopens it with a reason. That the report
must be issued first is a check the reports app registers (:func:`register_close_check`,
``reports.closing``): these services do not know issued reports, and refuse to close while any
registered check gives a reason.

Who may (the rules table, :mod:`locations.access.rules`): closing is issuing-level work,
``Action.ISSUE`` in ``Area.REPORT`` in the agreement's organisation (the board and admins);
reopening changes what was agreed to be final, ``Action.CHANGE`` in ``Area.AGREEMENT`` (admins
only). Both are keyword-only, run in the user's scope and in one transaction, and raise
PermissionDenied or ValidationError (Dutch messages, keyed by field).

What is logged: the closure rows themselves (who closed, when; who reopened, when, why). A
reopened row is kept and closing the same period again makes a new row, so the rows are the
full log; they are never deleted. The model keeps no django-simple-history: its only change is
the reopening, recorded in its own fields (and the history plumbing lives in the registrations
app, a layer above).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, PeriodClosure
from locations.access import Action, Area, build_scope, user_scoped
from locations.access.grants import AnyUser
from locations.periods import Period, parse_period

if TYPE_CHECKING:
    from django.contrib.auth.models import User


#: A check a period must pass before it is closed: (agreement, period) -> None when it may be
#: closed, else the Dutch reason why not (e.g. "issue its report first").
CloseCheck = Callable[[Agreement, Period], str | None]

_close_checks: list[CloseCheck] = []


def register_close_check(check: CloseCheck) -> None:
    """Make :func:`period_close` refuse a period for which ``check`` gives a reason (an app's
    ``ready()`` registers; registering the same check twice has no further effect)."""
    if check not in _close_checks:
        _close_checks.append(check)


def close_refusal(agreement: Agreement, period: Period) -> str | None:
    """Why ``period`` of ``agreement`` may not be closed yet (the first registered check's
    Dutch reason), or None when every check passes. Runs in the active scope."""
    for check in _close_checks:
        reason = check(agreement, period)
        if reason:
            return reason
    return None


def _signed_in(user: AnyUser) -> User:
    assert isinstance(user, get_user_model())  # the access checks let only a signed-in user by
    return user


@user_scoped
def period_close(*, user: AnyUser, agreement: Agreement, period: str) -> PeriodClosure:
    """Close ``period`` ("YYYY-Qn" or "YYYY", a period of the agreement's year; stripped and
    upper-cased) of ``agreement``; return the new :class:`PeriodClosure` with ``user`` as who
    closed it, now.

    Raises PermissionDenied unless ``user`` may issue reports in the agreement's organisation
    (board, admins); ValidationError ``{"period": [...]}`` for a code that is not a period,
    a period of another year, a period a registered check refuses (:func:`close_refusal`:
    its report is not issued yet) or a period that is closed already (and not reopened).
    """
    build_scope(user).check(
        Action.ISSUE,
        Area.REPORT,
        organisation_id=agreement.organisation_id,
        message=_("Alleen het bestuur en beheerders kunnen een periode afsluiten."),
    )
    code = period.strip().upper()
    try:
        parsed = parse_period(code)
    except ValueError as error:
        raise ValidationError(
            {
                "period": _("Kies een kwartaal (2019-Q1) of een jaar (2019); u koos %(value)s.")
                % {"value": period}
            }
        ) from error
    if parsed.year != agreement.year:
        raise ValidationError(
            {
                "period": _("Kies een periode van %(year)s, het jaar van de afspraak.")
                % {"year": agreement.year}
            }
        )
    refusal = close_refusal(agreement, parsed)
    if refusal:
        raise ValidationError({"period": refusal})
    already = _("%(period)s is al afgesloten.")
    try:
        with transaction.atomic():
            if PeriodClosure.objects.filter(
                agreement=agreement, period=parsed.code, reopened_at__isnull=True
            ).exists():
                raise ValidationError({"period": already % {"period": parsed.code}})
            return PeriodClosure.objects.create(
                agreement=agreement,
                period=parsed.code,
                starts_on=parsed.start,
                ends_on=parsed.end,
                closed_by=_signed_in(user),
                closed_at=timezone.now(),
            )
    except IntegrityError as error:  # closed at the same moment by someone else
        raise ValidationError({"period": already % {"period": parsed.code}}) from error


@user_scoped
def period_reopen(*, user: AnyUser, closure: PeriodClosure, reason: str) -> PeriodClosure:
    """Reopen a closed period: ``closure`` gets ``user`` as who reopened it, now, and
    ``reason`` (stripped; required); return it. The row is kept (module docstring).

    Raises PermissionDenied unless ``user`` may change agreements in the closure's
    organisation (admins); ValidationError ``{"reason": [...]}`` without a reason, or
    ``{"period": [...]}`` when the closure was reopened already.
    """
    agreement = closure.agreement
    build_scope(user).check(
        Action.CHANGE,
        Area.AGREEMENT,
        organisation_id=agreement.organisation_id,
        message=_("Alleen een beheerder kan een afgesloten periode heropenen."),
    )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Vul in waarom de periode wordt heropend.")})
    with transaction.atomic():
        current = PeriodClosure.objects.select_for_update().get(pk=closure.pk)
        if current.reopened_at is not None:
            raise ValidationError(
                {"period": _("%(period)s is al heropend.") % {"period": current.period}}
            )
        current.reopened_by = _signed_in(user)
        current.reopened_at = timezone.now()
        current.reopen_reason = reason
        current.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    closure.reopened_by = current.reopened_by
    closure.reopened_at = current.reopened_at
    closure.reopen_reason = current.reopen_reason
    return closure
