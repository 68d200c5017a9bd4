"""Calendar feed tokens and sent reminders (issue 11)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from agreements.models import ReportingDeadline
from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Organisation


class CalendarToken(models.Model):
    """The secret of one user's calendar feed in one organisation (``/kalender.ics?token=``).

    Only ``digest`` (SHA-256 of the token, hex) is stored; the token itself is shown once, on
    the calendar page, when it is made (:func:`reports.calendar.tokens.calendar_token_renew`).
    Renewing replaces the row (the old link stops working); revoking deletes it (the feed then
    answers 404). ``last_used_at`` is when a calendar app last fetched the feed. At most one
    per user and organisation. Owned by its user: the board and admins see that a user has
    one (never the token), a coordinator or funder only their own (``owner_path``). Its area
    is the agreements' (every role sees reporting deadlines there).
    """

    tenant_path = "organisation"
    owner_path = "user"
    access_area = Area.AGREEMENT
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="+", verbose_name=_("organisatie")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_tokens",
        verbose_name=_("gebruiker"),
    )
    digest = models.CharField(_("vingerafdruk"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("gemaakt op"))
    last_used_at = models.DateTimeField(_("laatst gebruikt op"), null=True, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("agendakoppeling")
        verbose_name_plural = _("agendakoppelingen")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="calendar_token_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation}"


class ReminderKind(models.TextChoices):
    """Which reminder of a deadline: some days before it, or once it has passed unissued."""

    BEFORE = "before", _("herinnering vooraf")
    OVERDUE = "overdue", _("termijn verstreken")


class SentReminder(models.Model):
    """One reminder e-mail sent: a deadline, the kind of reminder, the recipient, when.

    The unique constraint on (deadline, kind, recipient) makes each reminder go out once, even
    when the task runs twice or twice at the same time (:func:`reports.reminders.reminders_send`
    inserts the row before sending, in the same transaction).
    """

    tenant_path = "deadline__agreement__organisation"
    access_area = Area.OVERSIGHT
    deadline = models.ForeignKey(
        ReportingDeadline,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("rapportagemoment"),
    )
    kind = models.CharField(_("soort"), max_length=10, choices=ReminderKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("ontvanger"),
    )
    email = models.EmailField(_("e-mailadres"))
    sent_at = models.DateTimeField(_("verstuurd op"))

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind", "recipient"], name="sent_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deadline} · {self.get_kind_display()} · {self.recipient}"
