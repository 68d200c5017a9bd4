"""Which reporting deadlines a user sees, and their status (issue 11, "Reporting calendar").

A deadline (:class:`~agreements.models.ReportingDeadline`: an agreement, interim or final, a
date, the period it covers) is

- **issued** when a report of that agreement and period has been issued to anyone
  (:class:`~reports.models.IssuedReport`, any audience, any version);
- **overdue** when its date has passed (``due_on`` before today) and nothing is issued;
- **due** otherwise.

Who sees which: the access layer (deadlines are :attr:`Area.AGREEMENT` records with a
``party_path``): the board and admins every deadline of their organisation, coordinators those
of the agreements of their organisation (agreements are organisation-level records), funders
those of the agreements their party is in. Whether a report is issued is read as system code:
a coordinator may not see the archive, but may see that the deadline is met (the status names
no audience and no file).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Min
from django.utils import timezone

from agreements.models import ReportingDeadline
from locations.access import system_scope, user_scoped
from locations.access.grants import AnyUser
from reports.calendar.entries import DeadlineEntry, DeadlineStatus
from reports.models import IssuedReport


def deadline_status(due_on: date, issued_on: date | None, today: date) -> DeadlineStatus:
    """The status of a deadline due ``due_on`` whose report was first issued ``issued_on``
    (None: not issued), on ``today`` (module docstring). Pure."""
    if issued_on is not None:
        return DeadlineStatus.ISSUED
    if due_on < today:
        return DeadlineStatus.OVERDUE
    return DeadlineStatus.DUE


def deadline_entries_of(deadlines: Iterable[ReportingDeadline], today: date) -> list[DeadlineEntry]:
    """``deadlines`` (with their agreement loaded) as :class:`DeadlineEntry` rows on
    ``today``, in the given order. One query for whether each was issued."""
    rows = list(deadlines)
    if not rows:
        return []
    agreement_ids = sorted({row.agreement_id for row in rows})
    with system_scope():  # module docstring: the status, not the archive
        first_issued = {
            (found["agreement_id"], found["period"]): found["first"]
            for found in IssuedReport.objects.filter(agreement_id__in=agreement_ids)
            .values("agreement_id", "period")
            .annotate(first=Min("issued_at"))
        }
    entries = []
    for row in rows:
        issued_at = first_issued.get((row.agreement_id, row.period))
        issued_on = timezone.localdate(issued_at) if issued_at is not None else None
        entries.append(
            DeadlineEntry(
                deadline_id=row.pk,
                agreement_id=row.agreement_id,
                agreement_slug=row.agreement.slug,
                agreement_title=row.agreement.title,
                organisation_id=row.agreement.organisation_id,
                kind=row.kind,
                kind_label=str(row.get_kind_display()),
                due_on=row.due_on,
                period=row.period,
                status=deadline_status(row.due_on, issued_on, today).value,
                issued_on=issued_on,
                days_left=(row.due_on - today).days,
            )
        )
    return entries


@user_scoped
def calendar_entries(
    *, user: AnyUser, today: date, organisation_id: int | None = None
) -> list[DeadlineEntry]:
    """Every deadline ``user`` may see (module docstring), optionally of one organisation, on
    ``today``, by date (then agreement). Two queries."""
    deadlines = ReportingDeadline.objects.select_related("agreement").order_by(
        "due_on", "agreement__region", "pk"
    )
    if organisation_id is not None:
        deadlines = deadlines.filter(agreement__organisation_id=organisation_id)
    return deadline_entries_of(deadlines, today)
