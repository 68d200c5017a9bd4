"""One reporting deadline with its status, as plain data (issue 11)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeadlineStatus(models.TextChoices):
    """Where a deadline stands: its report issued, still due, or overdue (its date passed and
    nothing issued)."""

    ISSUED = "issued", _("uitgegeven")
    DUE = "due", _("te doen")
    OVERDUE = "overdue", _("te laat")


@dataclass(frozen=True)
class DeadlineEntry:
    """A :class:`~agreements.models.ReportingDeadline` as the calendar shows it.

    ``deadline_id``, ``agreement_id``; ``agreement_slug`` ("zuidoost-2019") and
    ``agreement_title``; ``organisation_id``; ``kind`` ("interim"/"final") and ``kind_label``
    (Dutch); ``due_on`` the date; ``period`` the period it covers ("2019-Q2" or "2019");
    ``status`` a :class:`DeadlineStatus` value; ``issued_on`` the day its first report was
    issued (None when not issued); ``days_left`` the days from ``today`` to ``due_on``
    (negative: overdue)."""

    deadline_id: int
    agreement_id: int
    agreement_slug: str
    agreement_title: str
    organisation_id: int
    kind: str
    kind_label: str
    due_on: date
    period: str
    status: str
    issued_on: date | None
    days_left: int

    @property
    def days_overdue(self) -> int:
        """How many days overdue (0 when issued or not yet due)."""
        if self.status != DeadlineStatus.OVERDUE:
            return 0
        return -self.days_left

    @property
    def status_label(self) -> str:
        """The status in Dutch."""
        return str(DeadlineStatus(self.status).label)
