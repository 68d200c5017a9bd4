"""The sections of the day page (:mod:`registrations.views.day`): one :class:`DaySection`
per kind of record, with its forms and how a row reads."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Model, Prefetch, QuerySet, prefetch_related_objects
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from locations.formatting import format_date, format_number
from locations.models import Location
from registrations.forms import day as day_forms
from registrations.forms import hours as hours_forms
from registrations.forms import referrals as referral_forms
from registrations.models.participants import Attendance, Job, Session
from registrations.models.referrals import (
    DebtSupport,
    IncomingReferral,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Placement,
)
from registrations.models.volunteers import VolunteerHours


def _who(row) -> str:
    return row.participant.code if getattr(row, "participant_id", None) else ""


def _session_text(row: Session) -> tuple[str, str]:
    codes = [a.participant.code for a in row.attendances.all()]
    title = f"{row.get_category_display()}" + (f" · {row.title}" if row.title else "")
    detail = ngettext("%(count)d deelnemer", "%(count)d deelnemers", len(codes)) % {
        "count": len(codes)
    }
    if codes:
        detail += ": " + ", ".join(codes)
    detail += " · " + _("%(count)d anoniem") % {"count": row.anonymous_count}
    return title, detail


def hours_display(hours: Decimal) -> str:
    """Hours without trailing zeros in the active language's notation (12.50 -> "12,5")."""
    return format_number(hours)


def _hours_text(row: VolunteerHours) -> tuple[str, str]:
    title = f"{row.volunteer.code}: {hours_display(row.hours)} " + _("uur")
    detail = _("in de week vanaf deze dag") if row.span == "week" else _("op deze dag")
    if row.is_professional:
        detail += " · " + _("professional")
    return title, detail


@dataclass(frozen=True)
class DaySection:
    """One kind of record on the day page.

    ``date_field``: the model's date that puts a record on a day; ``describe(row)`` gives the
    row's (title, detail) text; ``related``: select_related paths of the rows' query;
    ``one_row_per_save``: an add form saves one record, so a save can be answered by its row
    alone (:meth:`registrations.views.day.DayView.post`); not the hours, whose form saves
    several rows and whose section shows their totals.
    """

    kind: str
    title: str | Promise
    model: type[Model]
    date_field: str
    add_form: type[day_forms.DayForm]
    edit_form: type[day_forms.DayForm]
    describe: Callable[[Model], tuple[str, str]]
    related: tuple[str, ...] = ("participant",)
    empty: str | Promise = field(default=gettext_lazy("Op deze dag is hier nog niets vastgelegd."))
    one_row_per_save: bool = True

    def rows(self, location: Location, date: datetime.date) -> list[Model]:
        """The section's records at ``location`` on ``date`` in the active scope, oldest first."""
        return list(self._read(location, date).order_by("pk"))

    def row(self, location: Location, date: datetime.date, pk: int) -> Model | None:
        """The section's record ``pk`` at ``location`` on ``date`` in the active scope, read as
        :meth:`rows` reads it (what :meth:`describe` needs comes along), or None."""
        return self._read(location, date).filter(pk=pk).first()

    def others(self, location: Location, date: datetime.date, saved: Model) -> tuple[int, int]:
        """How many of the section's records lie at ``location`` on ``date`` in the active
        scope besides ``saved``, and the highest primary key among them (0 for none): one
        query, no row read. Primary keys only grow, so a record added since a page was shown
        raises the highest one, also when another was deleted meanwhile."""
        others = self._on_day(location, date).exclude(pk=saved.pk)
        figures = others.aggregate(n=Count("pk"), last=Max("pk"))
        return figures["n"], figures["last"] or 0

    def described(self, row: Model) -> Model:
        """``row`` (a record just saved) with what :meth:`describe` needs: a session's
        attendances with their participants are read (one query); other records carry their
        related rows as the service set them."""
        if self.model is Session:
            prefetch_related_objects([row], _attendances())
        return row

    def _on_day(self, location: Location, date: datetime.date) -> QuerySet[Model]:
        return self.model.objects.filter(location=location, **{self.date_field: date})

    def _read(self, location: Location, date: datetime.date) -> QuerySet[Model]:
        rows = self._on_day(location, date)
        if self.model is Session:
            rows = rows.prefetch_related(_attendances())
        return rows.select_related(*self.related)


def _attendances() -> Prefetch:
    """A session's attendances with their participants, by code (how a session row reads)."""
    return Prefetch(
        "attendances",
        queryset=Attendance.objects.select_related("participant").order_by("participant__code"),
    )


SECTIONS: dict[str, DaySection] = {
    s.kind: s
    for s in (
        DaySection(
            "session",
            gettext_lazy("Activiteiten"),
            Session,
            "date",
            day_forms.SessionDayForm,
            day_forms.SessionDayForm,
            _session_text,
            related=(),
        ),
        DaySection(
            "job",
            gettext_lazy("Klussen"),
            Job,
            "date",
            day_forms.JobDayForm,
            day_forms.JobDayForm,
            lambda r: (r.description, _who(r)),
        ),
        DaySection(
            "hours",
            gettext_lazy("Vrijwilligersuren"),
            VolunteerHours,
            "date",
            hours_forms.HoursDayForm,
            hours_forms.HoursEditForm,
            _hours_text,
            related=("volunteer",),
            one_row_per_save=False,
        ),
        DaySection(
            "incoming",
            gettext_lazy("Aanmeldingen en nieuwkomers"),
            IncomingReferral,
            "date",
            referral_forms.IncomingReferralDayForm,
            referral_forms.IncomingReferralDayForm,
            lambda r: (
                f"{r.get_kind_display()}" + (f" · {r.agency}" if r.agency else ""),
                " · ".join(
                    x
                    for x in (_who(r), _("doet mee") if r.takes_part else _("doet nog niet mee"))
                    if x
                ),
            ),
        ),
        DaySection(
            "outgoing",
            gettext_lazy("Doorverwijzingen"),
            OutgoingReferral,
            "date",
            referral_forms.OutgoingReferralDayForm,
            referral_forms.OutgoingReferralDayForm,
            lambda r: (r.organisation_name, " · ".join(x for x in (_who(r), r.note) if x)),
        ),
        DaySection(
            "placement",
            gettext_lazy("Gestarte werkplekken"),
            Placement,
            "started_on",
            referral_forms.PlacementDayForm,
            referral_forms.PlacementDayForm,
            lambda r: (
                r.get_kind_display(),
                " · ".join(
                    x
                    for x in (
                        _who(r),
                        _("tot en met %(date)s") % {"date": format_date(r.ended_on)}
                        if r.ended_on
                        else "",
                    )
                    if x
                ),
            ),
        ),
        DaySection(
            "paidwork",
            gettext_lazy("Betaald werk gevonden"),
            PaidWork,
            "date",
            referral_forms.PaidWorkDayForm,
            referral_forms.PaidWorkDayForm,
            lambda r: (_who(r) or _("(geen code)"), r.note),
        ),
        DaySection(
            "minima",
            gettext_lazy("Aanvragen minimaregeling"),
            MinimaApplication,
            "date",
            referral_forms.MinimaDayForm,
            referral_forms.MinimaDayForm,
            lambda r: (r.scheme or _("Aanvraag minimaregeling"), _who(r)),
        ),
        DaySection(
            "debt",
            gettext_lazy("Ondersteuning naar schuldhulp"),
            DebtSupport,
            "date",
            referral_forms.DebtSupportDayForm,
            referral_forms.DebtSupportDayForm,
            lambda r: (
                r.organisation_name or _("Ondersteuning schuldhulp"),
                " · ".join(x for x in (_who(r), r.note) if x),
            ),
        ),
    )
}


def hours_totals(rows: list[VolunteerHours]) -> dict[str, str]:
    """Hours of residents and of professionals (recorded separately), day and week entries,
    summed and formatted for display."""
    totals = {"residents": Decimal(0), "professionals": Decimal(0)}
    for row in rows:
        totals["professionals" if row.is_professional else "residents"] += row.hours
    return {key: hours_display(value) for key, value in totals.items()}
