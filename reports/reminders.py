"""E-mail reminders of reporting deadlines (issue 11, "Reporting calendar and reminders").

Sent by the Celery beat task ``reports.tasks.send_deadline_reminders`` once a day
(``CELERY_BEAT_SCHEDULE``), through Django's e-mail backend (the console in the demo), in
Dutch. On ``today``, for every deadline whose report is not issued (:mod:`reports.deadlines`):

- a **reminder before** (:attr:`ReminderKind.BEFORE`) from ``BWK_REMINDER_DAYS_BEFORE`` days
  before its date up to and including the date itself (a day the task did not run is made up
  the next day);
- an **overdue notice** (:attr:`ReminderKind.OVERDUE`) once its date has passed, for deadlines
  at most :data:`OVERDUE_LOOKBACK_DAYS` days overdue (so that loading an old agreement does not
  send a notice for every deadline of past years).

Recipients: the organisation's board members and the coordinators of the agreement's
locations (memberships of the agreement's organisation; active users with an e-mail
address). Each (deadline, kind, recipient) is sent once: a
:class:`~reports.calendar.models.SentReminder` row is inserted in the transaction that sends
the mail, under a unique constraint, so a second run (or one running at the same time, which
waits on the first's row) sends nothing again; a mail that fails to send leaves no row and is
tried again the next run. Runs as system code (a task has no user).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.models import ReportingDeadline
from locations.access import Role, system_scope
from locations.formatting import format_date
from locations.models import Location, Membership
from locations.periods import period_label
from reports.calendar.entries import DeadlineEntry, DeadlineStatus
from reports.calendar.models import ReminderKind, SentReminder
from reports.deadlines import deadline_entries_of

if TYPE_CHECKING:
    from django.contrib.auth.models import User

logger = logging.getLogger(__name__)

#: Overdue notices are sent for deadlines at most this many days overdue (module docstring).
OVERDUE_LOOKBACK_DAYS = 30


@dataclass(frozen=True)
class ReminderRun:
    """What one run did: ``sent`` mails sent, ``skipped`` already sent before (or by a run at
    the same time), ``failed`` mails the backend refused (tried again next run)."""

    sent: int = 0
    skipped: int = 0
    failed: int = 0


def reminder_kind(entry: DeadlineEntry, days_before: int) -> ReminderKind | None:
    """Which reminder ``entry`` (a deadline with its status on the day it was built for)
    calls for that day, or None (module docstring). Pure."""
    if entry.status == DeadlineStatus.ISSUED:
        return None
    if 0 <= entry.days_left <= days_before:
        return ReminderKind.BEFORE
    if -OVERDUE_LOOKBACK_DAYS <= entry.days_left < 0:
        return ReminderKind.OVERDUE
    return None


def reminder_recipients_of(deadlines: Iterable[ReportingDeadline]) -> dict[int, list[User]]:
    """The users a reminder of each of ``deadlines`` goes to, by deadline id: the board members
    of its agreement's organisation and the coordinators of its agreement's locations; active,
    with an e-mail address; each user once, by user name. Three queries however many deadlines
    (the agreements' locations, the memberships with their users, the coordinators'
    locations). Run in the system scope."""
    deadlines = list(deadlines)
    agreement_ids = {deadline.agreement_id for deadline in deadlines}
    locations_of: dict[int, set[int]] = defaultdict(set)
    for agreement_id, location_id in Location.objects.filter(
        agreements__in=agreement_ids
    ).values_list("agreements", "pk"):
        locations_of[agreement_id].add(location_id)
    memberships = (
        Membership.objects.filter(
            organisation_id__in={deadline.agreement.organisation_id for deadline in deadlines},
            role__in=[Role.BOARD, Role.COORDINATOR],
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .prefetch_related("locations")
    )
    board: dict[int, list[User]] = defaultdict(list)
    coordinators: dict[int, list[tuple[User, set[int]]]] = defaultdict(list)
    for membership in memberships:
        if membership.role == Role.BOARD:
            board[membership.organisation_id].append(membership.user)
        else:
            coordinators[membership.organisation_id].append(
                (membership.user, {location.pk for location in membership.locations.all()})
            )
    recipients = {}
    for deadline in deadlines:
        organisation_id = deadline.agreement.organisation_id
        locations = locations_of[deadline.agreement_id]
        users = {user.pk: user for user in board[organisation_id]}
        for user, user_locations in coordinators[organisation_id]:
            if user_locations & locations:
                users[user.pk] = user
        recipients[deadline.pk] = sorted(users.values(), key=lambda user: user.username)
    return recipients


def reminder_recipients(deadline: ReportingDeadline) -> list[User]:
    """The users a reminder of ``deadline`` goes to (:func:`reminder_recipients_of` for one
    deadline). Run in the system scope."""
    return reminder_recipients_of([deadline])[deadline.pk]


def _message(entry: DeadlineEntry, kind: ReminderKind) -> tuple[str, str]:
    values = {
        "kind": entry.kind_label.lower(),
        "agreement": entry.agreement_title,
        "period": period_label(entry.period),
        "day": format_date(entry.due_on),
        "days": entry.days_left,
        "overdue": -entry.days_left,
    }
    if kind == ReminderKind.BEFORE:
        subject = _("Herinnering: %(kind)s %(period)s uiterlijk %(day)s") % values
        lead = (
            ngettext(
                "De %(kind)s over %(period)s van %(agreement)s moet uiterlijk %(day)s zijn "
                "uitgegeven (nog %(days)s dag).",
                "De %(kind)s over %(period)s van %(agreement)s moet uiterlijk %(day)s zijn "
                "uitgegeven (nog %(days)s dagen).",
                entry.days_left,
            )
            % values
        )
    else:
        subject = _("Termijn verstreken: %(kind)s %(period)s (%(day)s)") % values
        lead = (
            ngettext(
                "De %(kind)s over %(period)s van %(agreement)s had uiterlijk %(day)s uitgegeven "
                "moeten zijn (%(overdue)s dag geleden) en is nog niet uitgegeven.",
                "De %(kind)s over %(period)s van %(agreement)s had uiterlijk %(day)s uitgegeven "
                "moeten zijn (%(overdue)s dagen geleden) en is nog niet uitgegeven.",
                -entry.days_left,
            )
            % values
        )
    link = settings.BWK_SITE_URL.rstrip("/") + reverse("calendar:index")
    body = "\n\n".join(
        [
            lead,
            _("Alle termijnen en hun status staan in de rapportagekalender: %(link)s")
            % {"link": link},
            _(
                "U krijgt dit bericht als bestuurslid of als teamcoördinator van een "
                "buurtwerkkamer van deze afspraak."
            ),
        ]
    )
    return subject, body


def reminders_send(today: date | None = None) -> ReminderRun:
    """Send the reminders due on ``today`` (default: today's local date; tests pass a date)
    with ``settings.BWK_REMINDER_DAYS_BEFORE`` (module docstring). Returns a
    :class:`ReminderRun`. Safe to run twice and concurrently: each reminder goes out once."""
    today = today or timezone.localdate()
    days_before = settings.BWK_REMINDER_DAYS_BEFORE
    sent = skipped = failed = 0
    with system_scope(), translation.override(settings.LANGUAGE_CODE):
        window = ReportingDeadline.objects.filter(
            due_on__gte=today - timedelta(days=OVERDUE_LOOKBACK_DAYS),
            due_on__lte=today + timedelta(days=days_before),
        ).select_related("agreement")
        deadlines = {deadline.pk: deadline for deadline in window}
        due = [
            (entry, kind)
            for entry in deadline_entries_of(deadlines.values(), today)
            if (kind := reminder_kind(entry, days_before)) is not None
        ]
        recipients = reminder_recipients_of(deadlines[entry.deadline_id] for entry, _kind in due)
        for entry, kind in due:
            deadline = deadlines[entry.deadline_id]
            subject, body = _message(entry, kind)
            for user in recipients[deadline.pk]:
                email = user.email
                try:
                    with transaction.atomic():
                        SentReminder.objects.create(
                            deadline=deadline,
                            kind=kind,
                            recipient=user,
                            email=email,
                            sent_at=timezone.now(),
                        )
                        send_mail(subject, body, None, [email])
                except IntegrityError:
                    skipped += 1
                except OSError:  # SMTP and socket errors: no row kept, tried again next run
                    logger.exception("Reminder to %s not sent", email)
                    failed += 1
                else:
                    sent += 1
    return ReminderRun(sent=sent, skipped=skipped, failed=failed)
