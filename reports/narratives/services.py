"""Writing and reading narratives (issue 11): every write goes through
:func:`narrative_save`; the report reads the approved ones with :func:`approved_narratives`.

Rules (each refused with a Dutch message, as a ``ValidationError``):

- the period is a quarter ("YYYY-Qn") of the agreement's year and the location one of the
  agreement's;
- who: a writer (:attr:`Action.ADD` / :attr:`Action.CHANGE` in :attr:`Area.NARRATIVE` at the
  location: its coordinators, admins) saves a draft or submits it to the board; an approver
  (:attr:`Action.APPROVE`: the board, admins) edits and approves. Anything else raises
  PermissionDenied;
- no BSN in any text (:func:`locations.personal_data.bsn_errors`; DOMAIN.md, Privacy). E-mail
  addresses and telephone numbers are a warning the page form asks to confirm
  (:class:`reports.narratives.forms.NarrativeForm`), as on the registrations pages;
- a closed period locks its narratives, as it locks registrations (issue 9): while a closure
  of the agreement (the quarter or the year, not reopened) covers the quarter, nothing is
  saved, submitted or approved;
- submitting or approving needs at least one text.

A change of the texts after approval makes the narrative unapproved again (a writer's change:
a draft; an approver's save without approving: submitted), so a report only ever shows a text
as approved. History: every save is a history row (django-simple-history) with who saved it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agreements.models import Agreement, PeriodClosure
from locations.access import Action, Area, require_scope, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location
from locations.periods import Period, parse_period
from locations.personal_data import bsn_errors
from registrations.tracking import acting_as
from reports.narratives.models import TEXT_FIELDS, Narrative, NarrativeStatus
from reports.report import NarrativeEntry

if TYPE_CHECKING:
    from django.contrib.auth.models import User

#: What a save does: keep a draft, hand it to the board, approve it.
Step = Literal["save", "submit", "approve"]


def _signed_in(user: AnyUser) -> User:
    assert isinstance(user, get_user_model())  # the access checks let only a signed-in user by
    return user


def narrative_period(agreement: Agreement, text: str) -> Period:
    """The quarter ``text`` ("2019-Q2") of ``agreement``'s year. Raises ValidationError (Dutch)
    for anything else (a year, another year, not a period)."""
    try:
        period = parse_period(text)
    except ValueError as error:
        raise ValidationError(_("Kies een kwartaal, bijvoorbeeld 2019-Q2.")) from error
    if not period.is_quarter or period.year != agreement.year:
        raise ValidationError(
            _("Kies een kwartaal van %(year)s, het jaar van de afspraak.")
            % {"year": agreement.year}
        )
    return period


def narrative_closure(agreement: Agreement, period: Period) -> PeriodClosure | None:
    """The closure (not reopened) of ``agreement`` that covers the quarter ``period`` (a
    closure of that quarter or of the year), or None when its narratives may be written. One
    query, in the active scope."""
    return (
        PeriodClosure.objects.filter(
            agreement=agreement,
            reopened_at__isnull=True,
            starts_on__lte=period.end,
            ends_on__gte=period.start,
        )
        .order_by("starts_on", "pk")
        .first()
    )


def narrative_errors(texts: dict[str, str]) -> dict[str, list[str]]:
    """The refusals of the texts ``texts`` (field name -> text): a BSN in any of them. Empty
    dict: fine."""
    errors = {name: bsn_errors(text) for name, text in texts.items()}
    return {name: found for name, found in errors.items() if found}


def narrative_for(*, agreement: Agreement, location: Location, period: Period) -> Narrative:
    """The narrative of ``location`` in ``period`` of ``agreement`` as the active scope sees it,
    or a new unsaved one (status draft, empty texts)."""
    found = Narrative.objects.filter(
        agreement=agreement, location=location, period=period.code
    ).first()
    return found or Narrative(agreement=agreement, location=location, period=period.code)


@user_scoped
def narrative_save(
    *,
    user: AnyUser,
    agreement: Agreement,
    location: Location,
    period: str,
    texts: dict[str, str],
    step: Step = "save",
) -> Narrative:
    """Save the narrative of ``location`` in the quarter ``period`` of ``agreement`` with
    ``texts`` (``highlights``, ``story``, ``attention``; missing ones are kept as they are),
    then: ``step`` "save" keeps it unapproved (a writer's: draft; an approver's: submitted),
    "submit" hands it to the board (writers), "approve" approves it (approvers).

    Returns the saved :class:`Narrative`. Raises PermissionDenied when ``user`` may not take
    the step at the location, ValidationError (Dutch; a dict per field for a BSN) for a
    period that is no quarter of the agreement, a location outside it, a closed period, a BSN,
    or submitting/approving an empty narrative. Atomic; the row is locked while it is saved.
    """
    require_scope().check_at(Action.VIEW, Area.NARRATIVE, location)
    quarter = narrative_period(agreement, period)
    if not agreement.locations.filter(pk=location.pk).exists():
        raise ValidationError(_("Deze buurtwerkkamer hoort niet bij de afspraak."))
    approver = step == "approve" or (
        step == "save"
        and not require_scope().can_at(Action.CHANGE, Area.NARRATIVE, location)
        and require_scope().can_at(Action.APPROVE, Area.NARRATIVE, location)
    )
    closure = narrative_closure(agreement, quarter)
    if closure is not None:
        raise ValidationError(
            _("%(period)s is afgesloten: het verhaal kan niet meer worden gewijzigd.")
            % {"period": closure.period}
        )
    errors = narrative_errors({k: v for k, v in texts.items() if k in TEXT_FIELDS})
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    author = _signed_in(user)
    with transaction.atomic(), acting_as(user):
        narrative = (
            Narrative.objects.select_for_update()
            .filter(agreement=agreement, location=location, period=quarter.code)
            .first()
        )
        if narrative is None:
            require_scope().check_at(
                Action.APPROVE if approver else Action.ADD, Area.NARRATIVE, location
            )
            narrative = Narrative(agreement=agreement, location=location, period=quarter.code)
        else:
            require_scope().check_at(
                Action.APPROVE if approver else Action.CHANGE, Area.NARRATIVE, location
            )
        changed = False
        for name in TEXT_FIELDS:
            if name in texts and texts[name].strip() != getattr(narrative, name):
                setattr(narrative, name, texts[name].strip())
                changed = True
        if step != "save" and not any(getattr(narrative, name) for name in TEXT_FIELDS):
            raise ValidationError(_("Schrijf ten minste één onderdeel van het verhaal."))
        if not approver:
            narrative.written_by, narrative.written_at = author, now
        if step == "submit":
            narrative.status = NarrativeStatus.SUBMITTED
            narrative.submitted_by, narrative.submitted_at = author, now
        elif step == "approve":
            narrative.status = NarrativeStatus.APPROVED
            narrative.approved_by, narrative.approved_at = author, now
        elif changed or narrative.pk is None:
            narrative.status = NarrativeStatus.SUBMITTED if approver else NarrativeStatus.DRAFT
        if step != "approve" and narrative.status != NarrativeStatus.APPROVED:
            narrative.approved_by, narrative.approved_at = None, None
        narrative.save()
    return narrative


def approved_narratives(
    *, agreement: Agreement, locations: list[Location], period: Period
) -> list[NarrativeEntry]:
    """The approved narratives of ``locations`` of ``agreement`` for the report of ``period``:
    its quarter, or every quarter of the year for a year report; in the order of
    ``locations``, then by quarter. Reads in the active scope (one query; none for no
    locations)."""
    if not locations:
        return []
    codes = (
        [period.code]
        if period.is_quarter
        else [Period(period.year, quarter).code for quarter in (1, 2, 3, 4)]
    )
    order = {location.pk: index for index, location in enumerate(locations)}
    found = Narrative.objects.filter(
        agreement=agreement,
        location__in=list(order),
        period__in=codes,
        status=NarrativeStatus.APPROVED,
    ).select_related("location")
    rows = sorted(found, key=lambda n: (order[n.location_id], n.period))
    return [
        NarrativeEntry(
            location_code=n.location.code,
            location_name=n.location.name,
            period=n.period,
            highlights=n.highlights,
            story=n.story,
            attention=n.attention,
            approved_on=timezone.localdate(n.approved_at),
        )
        for n in rows
        if n.approved_at is not None  # always set on an approved one
    ]
