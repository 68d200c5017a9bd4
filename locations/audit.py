"""The access log: who viewed, searched or exported personal data (issue 10, "Privacy by
design"; DOMAIN.md, Privacy: "who viewed or changed what is logged").

Changes to registrations are kept by their history (django-simple-history,
``registrations/tracking.py``); this log keeps the *reads*: every view of one participant's or
volunteer's details (their history page, the merge preview, their page in the admin), every
search over them (the participant search of the log and day pages, the admin's searches) and
every download of a file with personal data (report files with the internal notes that name
staff). One :class:`AccessLogEntry` per read: who, when, what (the model and the object's id,
or the search text), in which organisation, on which page and why (where a reason is asked).

The log is **insert-only**: the application cannot change or delete an entry. ``save()`` of a
stored entry and ``delete()`` raise :class:`AccessLogImmutable`, so do ``update()`` and
``delete()`` of its querysets, the admin shows it read-only without delete, and a database
trigger (migration ``locations.0002``) refuses every UPDATE and DELETE of its table, whatever
code sends it (raw SQL included). Only TRUNCATE, a table owner's operation that the test
database's flush uses, is not refused.

The entry is tenant-owned through its organisation (area :attr:`Area.ACCESS_LOG`: the board
and admins read it; nobody writes it except through the functions below). Writing needs no
active scope: the functions insert the row directly, as the access itself already happened
inside the user's scope.

Why not a library: django-timeline-logger (Maykin, used by Open Formulieren's
``openforms.logging``) and django-auditlog (its access log entries) both store a generic,
changeable row without an organisation; wrapping either in a tenant-owned, fail-closed manager
and an insert-only trigger on a third-party table is more code than this module.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from locations.access.rules import Area
from locations.access.state import TenantManager, UnscopedManager


class AccessLogImmutable(RuntimeError):
    """Raised on any attempt to change or delete an access log entry from the application."""


class AccessKind(models.TextChoices):
    """What the user did with personal data."""

    VIEW = "view", _("bekeken")
    SEARCH = "search", _("gezocht")
    EXPORT = "export", _("geëxporteerd")


class AccessLogQuerySet(models.QuerySet):
    """Querysets of the access log: reading only; ``update()`` and ``delete()`` raise
    :class:`AccessLogImmutable` (outside any scope :class:`~locations.access.ScopeError`
    first, as every tenant-owned queryset)."""

    def _refuse(self, message: str) -> NoReturn:
        # Outside any scope the queryset fails closed first, as every tenant model's does
        # (compiling it raises ScopeError); inside one the change is refused all the same.
        self.query.get_compiler(using=self.db).as_sql()
        raise AccessLogImmutable(message)

    def update(self, **kwargs: Any) -> int:
        self._refuse("Het toegangslog kan niet worden gewijzigd.")

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse("Het toegangslog kan niet worden verwijderd.")

    update.queryset_only = True  # type: ignore[attr-defined]
    delete.queryset_only = True  # type: ignore[attr-defined]


class AccessLogEntry(models.Model):
    """One read of personal data.

    ``at``: when (aware datetime); ``user``: who; ``organisation``: whose data (the tenant);
    ``kind``: :class:`AccessKind`; ``subject``: the model read, as its label
    (``registrations.participant``, ``reports.reportfile``); ``object_id``: the record read
    (None for a search); ``query``: the search text (empty unless a search); ``page``: the URL
    path of the page, without its query string; ``reason``: why, where the page asks for one
    (else empty).
    """

    tenant_path = "organisation"
    access_area = Area.ACCESS_LOG

    at = models.DateTimeField(_("tijdstip"), default=timezone.now, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        "locations.Organisation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    kind = models.CharField(_("handeling"), max_length=10, choices=AccessKind.choices)
    subject = models.CharField(_("soort gegevens"), max_length=100)
    object_id = models.PositiveBigIntegerField(_("record"), null=True, blank=True)
    query = models.CharField(_("zoektekst"), max_length=200, blank=True)
    page = models.CharField(_("pagina"), max_length=300, blank=True)
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    objects = TenantManager.from_queryset(AccessLogQuerySet)()
    unscoped = UnscopedManager.from_queryset(AccessLogQuerySet)()

    class Meta:
        app_label = "locations"
        verbose_name = _("toegangslogregel")
        verbose_name_plural = _("toegangslog")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-at"], name="accesslog_org_at")]

    def __str__(self) -> str:
        what = self.query if self.kind == AccessKind.SEARCH else f"{self.subject} {self.object_id}"
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()} {what}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert a new entry; raise :class:`AccessLogImmutable` for a stored one."""
        if not self._state.adding:
            raise AccessLogImmutable("Het toegangslog kan niet worden gewijzigd.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Always raises :class:`AccessLogImmutable`."""
        raise AccessLogImmutable("Het toegangslog kan niet worden verwijderd.")


def _page(request: Any) -> str:
    return str(getattr(request, "path", ""))[:300]


def log_access(
    *,
    user: Any,
    organisation_id: int,
    kind: str,
    subject: str,
    object_id: int | None = None,
    query: str = "",
    page: str = "",
    reason: str = "",
) -> AccessLogEntry:
    """Insert one entry (see :class:`AccessLogEntry` for the fields; ``query`` and ``reason``
    are cut to 200 and 300 characters, a NUL character removed). Returns the entry. No scope
    needed; one INSERT."""
    entry = AccessLogEntry(
        user_id=user.pk,
        organisation_id=organisation_id,
        kind=kind,
        subject=subject,
        object_id=object_id,
        query=query.replace("\x00", "")[:200],
        page=page[:300],
        reason=reason.replace("\x00", "")[:300],
    )
    entry.save()
    return entry


def log_view(request: Any, record: models.Model, *, reason: str = "") -> AccessLogEntry:
    """Log that ``request.user`` viewed the details of ``record`` (a tenant-owned record with
    an ``organisation_id``: a participant or volunteer) on the request's page."""
    return log_access(
        user=request.user,
        organisation_id=getattr(record, "organisation_id"),  # noqa: B009 (typed Model has none)
        kind=AccessKind.VIEW,
        subject=record._meta.label_lower,
        object_id=record.pk,
        page=_page(request),
        reason=reason,
    )


def log_search(
    request: Any, *, subject: str, query: str, organisation_ids: Iterable[int]
) -> list[AccessLogEntry]:
    """Log that ``request.user`` searched ``subject`` (a model label) for ``query`` in each of
    ``organisation_ids`` (the organisations the search covered: one entry each). An empty
    ``query`` is no search: nothing is logged (empty list)."""
    if not query.strip():
        return []
    return [
        log_access(
            user=request.user,
            organisation_id=organisation_id,
            kind=AccessKind.SEARCH,
            subject=subject,
            query=query.strip(),
            page=_page(request),
        )
        for organisation_id in sorted(set(organisation_ids))
    ]


def log_export(request: Any, record: models.Model, *, organisation_id: int) -> AccessLogEntry:
    """Log that ``request.user`` downloaded ``record`` (a file with personal data, e.g. a
    report file with internal notes) of ``organisation_id``."""
    return log_access(
        user=request.user,
        organisation_id=organisation_id,
        kind=AccessKind.EXPORT,
        subject=record._meta.label_lower,
        object_id=record.pk,
        page=_page(request),
    )
