"""The coordinator's day page per location (issue 3, "How it must feel").

Everything recorded at one location on one day, per kind of record (a :class:`DaySection`):
sessions, jobs, volunteer hours, incoming referrals and newcomers, outgoing referrals,
placements started, paid work, minima applications and debt support. Each section has an add
form and per-row edit and delete. With htmx (header ``HX-Request``) opening a row's edit
form or delete question (and cancelling) answers that row alone, which replaces the row in
place; adding a record answers its row, the count, the confirmation and a fresh add form
(:meth:`_DayMixin.render_added`) when the page showed the rest of the section, else, like
every other write, the section's partial, which replaces the section in place; without
JavaScript the same URLs answer the full page or a redirect (post/redirect/get).

Access (:mod:`locations.access`, :class:`~locations.access.views.AccessMixin`): the page of a
location whose registrations the user cannot see answers 404; users who may see but not write
there (the board) get the page read-only and 403 on a write; writes go through the services,
which check the rules again.
"""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Q
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.models import Location
from registrations.forms.day import DayForm
from registrations.history import delete_with_undo
from registrations.models.volunteers import Volunteer
from registrations.services.closed import closed_day_errors
from registrations.services.rules import (
    date_errors,
    earliest_dates_remembered,
    remember_earliest_dates,
    with_first_agreement_year,
)
from registrations.views.common import chosen_date, chosen_location, remember_location
from registrations.views.day_sections import SECTIONS, DaySection, hours_totals

#: Session key of the last delete's undo token, shown once on the next full page.
UNDO_SESSION_KEY = "registrations_day_undo"
#: The add forms' hidden field: how many records of the section the page shows.
SHOWN_FIELD = "shown"
#: The add form's hidden field with the highest primary key of the rows the page shows (0:
#: none); with ``shown`` it tells a page that is up to date from one where a colleague
#: deleted a record and added another. A post without it is judged on ``shown`` alone.
LAST_FIELD = "last"


def _shifted_url(location: Location, date: datetime.date, days: int) -> str | None:
    """The day page ``days`` days from ``date``; None past the ends of the calendar."""
    try:
        return day_url(location, date + datetime.timedelta(days=days))
    except OverflowError:
        return None


def day_url(location: Location, date: datetime.date) -> str:
    """URL of the day page of ``location`` on ``date``."""
    return reverse(
        "registrations:day", kwargs={"location_id": location.pk, "date": date.isoformat()}
    )


class DayRedirectView(AccessMixin, View):
    """``GET registratie/dag/[?location=<id>&date=<YYYY-MM-DD>]``: redirect to a day page.

    Default: the remembered location (else the first writable one) and today. Used by the
    date picker and the location switcher, which work without JavaScript. 403 for users who
    may not log anywhere.
    """

    access_area = Area.REGISTRATION
    access_actions = {"get": Action.ADD}

    def get(self, request, *args, **kwargs):
        locations = list(self.scope.locations(Action.ADD, Area.REGISTRATION))
        if not locations:
            raise PermissionDenied(self.denied_message())
        location = chosen_location(request, locations)
        return HttpResponseRedirect(day_url(location, chosen_date(request)))


class _DayMixin(AccessMixin):
    """Sets ``self.location``, ``self.date`` and ``self.writable`` (the user may add
    registrations at the location)."""

    access_area = Area.REGISTRATION

    def dispatch(self, request, *args, **kwargs):
        # One request: the location's first possible day is read once, though the form, the
        # service and the page each check the date rule (issue 13, "A fast save").
        with earliest_dates_remembered():
            return super().dispatch(request, *args, **kwargs)

    def set_day(self, location: Location, date: datetime.date) -> None:
        self.location, self.date = location, date
        self.writable = self.scope.can_at(Action.ADD, Area.REGISTRATION, location)
        if self.writable:
            remember_location(self.request, location)

    def require_writable(self) -> None:
        if not self.writable:
            self.scope.check_at(Action.ADD, Area.REGISTRATION, self.location)

    def form(self, section: DaySection, data=None, instance=None) -> DayForm:
        form_class = section.edit_form if instance is not None else section.add_form
        return form_class(
            data, user=self.request.user, location=self.location, date=self.date, instance=instance
        )

    def section_context(self, section: DaySection, **state) -> dict:
        """Everything one section's template needs; ``state``: ``add_form``, ``editing``
        (pk), ``mode`` ("edit" or "delete"), ``edit_form``, ``notice``, ``undo``, ``error``
        (a refused delete's message)."""
        rows = section.rows(self.location, self.date)
        context = {
            "section": section,
            "rows": [(row, *section.describe(row)) for row in rows],
            "shown": len(rows),
            "last": max((row.pk for row in rows), default=0),
            "writable": self.writable,
            "day_url": day_url(self.location, self.date),
            "add_form": state.get("add_form") or (self.form(section) if self.writable else None),
            "editing": state.get("editing"),
            "mode": state.get("mode"),
            "edit_form": state.get("edit_form"),
            "notice": state.get("notice"),
            "undo": state.get("undo"),
            "error": state.get("error"),
        }
        if section.kind == "hours":
            context["totals"] = hours_totals(rows)
            context["volunteer_options"] = self._volunteer_options() if self.writable else []
        return context

    def _volunteer_options(self) -> list[tuple[str, str]]:
        """(code, nickname or "") of the volunteers of the location, for the code datalist."""
        volunteers = (
            Volunteer.objects.filter(Q(locations=self.location) | Q(home_location=self.location))
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=self.date))
            .distinct()
            .order_by("code")
        )
        return [
            (
                v.code,
                v.nickname
                if self.scope.sees_nickname(
                    organisation_id=v.organisation_id, home_location_id=v.home_location_id
                )
                else "",
            )
            for v in volunteers
        ]

    def render_row(self, section: DaySection, row: Model, **state):
        """One row of ``section`` alone (``registrations/day/_row.html``): the htmx answer to
        opening its edit form or delete question, or cancelling them (issue 13, "the smallest
        fragment re-rendered"); ``state`` as in :meth:`section_context` (``editing``,
        ``mode``, ``edit_form``). Reads the row only, not the section's other rows."""
        context = {
            "s": {
                "section": section,
                "writable": self.writable,
                "day_url": day_url(self.location, self.date),
                "editing": state.get("editing"),
                "mode": state.get("mode"),
                "edit_form": state.get("edit_form"),
            },
            "kind": section.kind,
            "row": row,
        }
        context["title"], context["detail"] = section.describe(row)
        return render(self.request, "registrations/day/_row.html", context)

    def render_added(self, section: DaySection, saved: Model) -> HttpResponse | None:
        """The htmx answer to ``saved``, a record just added through ``section``'s add form,
        when the page showed every other record of the section (the form's ``shown`` is the
        count before it): the confirmation, with the new row, the count and a fresh add form
        out of band (``registrations/day/_added.html``; issue 13, "the smallest fragment
        re-rendered"); one query to count the section's records (two for a session: its
        attendances), the other rows are neither read nor rendered. None when the section
        has changed otherwise (a colleague's record, also one added after another was deleted:
        the form's ``last``; a form from an older page; a form that saves several records):
        then the section is answered whole."""
        shown = self.request.POST.get(SHOWN_FIELD, "")
        last = self.request.POST.get(LAST_FIELD)
        if not (
            section.one_row_per_save
            and isinstance(saved, Model)
            and shown.isascii()
            and shown.isdigit()
            and (last is None or (last.isascii() and last.isdigit()))
        ):
            return None
        others, highest = section.others(self.location, self.date, saved)
        if others != int(shown) or (last is not None and highest != int(last)):
            return None
        count = others + 1
        row = section.described(saved)
        title, detail = section.describe(row)
        context = {
            "s": {
                "section": section,
                "writable": self.writable,
                "day_url": day_url(self.location, self.date),
                "notice": _("Opgeslagen."),
                "count": count,
                "shown": count,
                "last": max(highest, saved.pk),
                "add_form": self.form(section),
            },
            "kind": section.kind,
            "row": row,
            "title": title,
            "detail": detail,
        }
        response = render(self.request, "registrations/day/_added.html", context)
        response["HX-Retarget"] = f"#outcome-{section.kind}"
        response["HX-Reswap"] = "outerHTML"
        return response

    def render_section(self, section: DaySection, **state):
        return render(
            self.request,
            "registrations/day/_section.html",
            {"s": self.section_context(section, **state)},
        )

    def render_page(self, focus: str | None = None, **state):
        """The full day page; ``state`` applies to the section ``focus`` (a kind)."""
        undo = self.request.session.pop(UNDO_SESSION_KEY, None)
        sections = []
        for kind, section in SECTIONS.items():
            own = dict(state) if kind == focus else {}
            if undo and undo.get("kind") == kind:
                own["undo"] = undo
            sections.append(self.section_context(section, **own))
        locations = list(self.scope.locations(Action.ADD, Area.REGISTRATION))
        context = {
            "location": self.location,
            "date": self.date,
            "writable": self.writable,
            "sections": sections,
            "locations": locations,
            "today": timezone.localdate(),
            "previous_url": _shifted_url(self.location, self.date, -1),
            "next_url": _shifted_url(self.location, self.date, 1),
            "is_future": self.date > timezone.localdate(),
            # A day before the location's first possible day (the date rule): say why.
            "too_early": []
            if self.date > timezone.localdate()
            else date_errors(self.date, self.location),
            # Where the user may write: why nothing can be saved on a day of a closed period.
            "closed": closed_day_errors(self.location, self.date) if self.writable else [],
        }
        return render(self.request, "registrations/day.html", context)

    def done(self, section: DaySection, notice: str, undo: dict | None = None):
        """Answer a successful write: the section (htmx) or a redirect to the day page."""
        if self.request.htmx:
            return self.render_section(section, notice=notice, undo=undo)
        messages.success(self.request, notice)
        if undo:
            self.request.session[UNDO_SESSION_KEY] = undo
        return HttpResponseRedirect(f"{day_url(self.location, self.date)}#section-{section.kind}")


class DayView(_DayMixin, View):
    """``registratie/dag/<location_id>/<YYYY-MM-DD>/``: the day page.

    GET: the full page; with htmx and ``?section=<kind>`` only that section. POST
    ``form=<kind>`` adds a record of that kind (403 where the user may not write); with htmx
    answered by :meth:`render_added` where it can, else by the section.
    """

    access_actions = {"post": Action.ADD}

    def get_target(self) -> Location:
        # The location's first possible day (the date rule) is read along with it.
        location = self.find(
            with_first_agreement_year(Location.objects.all()), pk=self.kwargs["location_id"]
        )
        remember_earliest_dates([location])
        try:
            date = datetime.date.fromisoformat(self.kwargs["date"])
        except ValueError as error:
            raise Http404(_("Ongeldige datum.")) from error
        self.set_day(location, date)
        return location

    def get(self, request, *args, **kwargs):
        section = SECTIONS.get(request.GET.get("section", ""))
        if request.htmx and section is not None:
            return self.render_section(section)
        return self.render_page()

    def post(self, request, *args, **kwargs):
        self.require_writable()
        section = SECTIONS.get(request.POST.get("form", ""))
        if section is None:
            return HttpResponseBadRequest(_("Onbekend formulier."))
        form = self.form(section, request.POST)
        saved = form.save() if form.is_valid() else None
        if saved is not None:
            added = self.render_added(section, saved) if request.htmx else None
            return added or self.done(section, _("Opgeslagen."))
        if request.htmx:
            return self.render_section(section, add_form=form)
        return self.render_page(focus=section.kind, add_form=form)


class DayRowView(_DayMixin, View):
    """``registratie/dag/rij/<kind>/<pk>/``: one record of the day page.

    GET: the day page (htmx: only the row, ``registrations/day/_row.html``) with the row as
    is, or ``?mode=edit`` with its edit form, or ``?mode=delete`` asking to confirm. POST
    ``action=save`` corrects the record, ``action=delete`` deletes it with an undo token
    (registrations.history.delete_with_undo; a refused delete, e.g. of a record in a closed
    period, shows why and deletes nothing); both answer the section (htmx).
    404 for a record outside the user's scope; 403 for changes where the user may not write.
    """

    access_actions = {"post": Action.CHANGE}

    def get_target(self) -> Model:
        self.section = SECTIONS.get(self.kwargs["kind"])
        if self.section is None:
            raise Http404(_("Onbekend soort registratie."))
        self.object = self.find(
            self.section.model.objects.select_related("location"), pk=self.kwargs["pk"]
        )
        self.set_day(self.object.location, getattr(self.object, self.section.date_field))
        return self.object

    def _answer(self, **state):
        if self.request.htmx:
            return self.render_section(self.section, **state)
        return self.render_page(focus=self.section.kind, **state)

    def _answer_row(self, **state):
        """The row alone for htmx (the row as the section reads it; gone from this day: the
        section), else the day page."""
        if self.request.htmx:
            row = self.section.row(self.location, self.date, self.object.pk)
            if row is not None:
                return self.render_row(self.section, row, **state)
        return self._answer(**state)

    def get(self, request, *args, **kwargs):
        mode = request.GET.get("mode")
        if mode not in ("edit", "delete"):
            return self._answer_row()
        self.require_writable()
        state = {"editing": self.object.pk, "mode": mode}
        if mode == "edit":
            state["edit_form"] = self.form(self.section, instance=self.object)
        return self._answer_row(**state)

    def post(self, request, *args, **kwargs):
        self.require_writable()
        if request.POST.get("action") == "delete":
            label = str(self.object)
            try:
                token = delete_with_undo(self.object, user=request.user)
            except ValidationError as error:
                return self._answer(error=" ".join(error.messages))
            undo = {"kind": self.section.kind, "token": token, "label": label}
            return self.done(self.section, _("Verwijderd: %(label)s.") % {"label": label}, undo)
        form = self.form(self.section, request.POST, instance=self.object)
        if form.is_valid() and form.save() is not None:
            return self.done(self.section, _("Gewijzigd."))
        return self._answer(editing=self.object.pk, mode="edit", edit_form=form)
