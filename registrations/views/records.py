"""The coordinator's records page (dossier) of one location (issue 3).

The longer-lived records of a location, per kind (a :class:`RecordKind`): key holders,
volunteer groups, members of the residents' association, partner agreements, survey rounds
with their results and results entered from outside. Each kind lists its current records
and has an add form; a record with an end date has an "end" action that sets it. Plain
POST + redirect (post/redirect/get); a form with errors is shown again with what was entered.

Access (:mod:`locations.access`): the page of a location whose registrations the user cannot
see answers 404; users who may see but not write there (the board) get the page read-only and
403 on a POST; every write checks the rules again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Model, Prefetch, Q
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View

from agreements.models import Agreement, Indicator
from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.formatting import document_name, format_date, format_number, format_share
from locations.models import Location
from locations.periods import Period, period_label, periods_of_year
from registrations.forms import records as record_forms
from registrations.forms.surveys import SurveyRoundForm
from registrations.models.records import AssociationMember, EnteredResult, PartnerAgreement
from registrations.models.surveys import SurveyResult, SurveyRound
from registrations.models.volunteers import KeyHolding, Volunteer, VolunteerGroup
from registrations.services.records import record_end
from registrations.views.common import chosen_location, remember_location


def _date(value) -> str:
    return format_date(value)


def _span(start, end) -> str:
    if end:
        return _("%(start)s tot en met %(end)s") % {"start": _date(start), "end": _date(end)}
    return _("sinds %(start)s") % {"start": _date(start)}


def _member_text(row: AssociationMember, names: dict[str, str]) -> tuple[str, str]:
    detail = _("lid") + " " + _span(row.registered_on, row.deregistered_on)
    if row.paying_from:
        detail += " · " + _("betalend") + " " + _span(row.paying_from, row.paying_to)
    else:
        detail += " · " + _("niet betalend")
    return row.member_code, detail


def indicator_names(organisation_id: int) -> dict[str, str]:
    """Indicator code -> its description (the Dutch name the agreements give it) over the
    organisation's agreements in the active scope; the latest agreement's wording wins."""
    rows = Indicator.objects.filter(agreement__organisation_id=organisation_id).order_by(
        "agreement__year", "pk"
    )
    return dict(rows.values_list("code", "description"))


def _survey_text(row: SurveyRound, names: dict[str, str]) -> tuple[str, str]:
    title = f"{_date(row.date)} · {row.get_audience_display()}" + (
        f" · {row.title}" if row.title else ""
    )
    parts = [
        ngettext("%(count)d respondent", "%(count)d respondenten", row.respondents)
        % {"count": row.respondents}
    ]
    for result in row.results.all():
        if result.share_agree is not None:
            figure = format_share(result.share_agree)
        else:
            figure = format_number(result.mean_score, places=1)
        parts.append(f"{names.get(result.question, result.question)}: {figure}")
    return title, " · ".join(parts)


def _entered_text(row: EnteredResult, names: dict[str, str]) -> tuple[str, str]:
    """(title, detail) of an entered result: "Minder (kosten op) uitkeringen en zorg ·
    2e kwartaal 2019: 6,10" and its explanation with the name of its source document."""
    if row.value is not None:
        figure = format_number(row.value, places=2)
    else:
        figure = _("positief") if row.positive else _("negatief")
    name = names.get(row.indicator_code, row.indicator_code)
    title = f"{name} · {period_label(row.period)}: {figure}"
    source = document_name(row.source)
    detail = row.explanation
    if source:
        detail += " · " + _("bron: %(source)s") % {"source": source}
    return title, detail


@dataclass(frozen=True)
class RecordKind:
    """One kind of record on the records page.

    ``start_field``/``end_field``: the record's period; a kind with an ``end_field`` lists the
    records not ended before today ("current") and offers the end action. ``describe(row,
    names)`` gives the row's (title, detail), ``names`` mapping indicator codes to their
    Dutch descriptions (:func:`indicator_names`); ``related``: select_related paths;
    ``order``: ordering.
    """

    kind: str
    title: str | Promise
    model: type[Model]
    form: type[record_forms.RecordForm]
    describe: Callable[[Model, dict[str, str]], tuple[str, str]]
    start_field: str
    end_field: str | None = None
    related: tuple[str, ...] = ()
    order: tuple[str, ...] = ("pk",)

    def rows(self, location: Location) -> list[Model]:
        """The kind's current records at ``location`` in the active scope."""
        rows = self.model.objects.filter(location=location)
        if self.end_field:
            rows = rows.filter(
                Q(**{f"{self.end_field}__isnull": True})
                | Q(**{f"{self.end_field}__gte": timezone.localdate()})
            )
        if self.model is SurveyRound:
            rows = rows.prefetch_related(
                Prefetch("results", queryset=SurveyResult.objects.order_by("question"))
            )
        return list(rows.select_related(*self.related).order_by(*self.order))

    def ended_count(self, location: Location) -> int:
        """How many records of this kind at ``location`` ended before today (0 without end)."""
        if not self.end_field:
            return 0
        return self.model.objects.filter(
            location=location, **{f"{self.end_field}__lt": timezone.localdate()}
        ).count()


KINDS: dict[str, RecordKind] = {
    k.kind: k
    for k in (
        RecordKind(
            "keyholding",
            gettext_lazy("Sleutelbeheerders"),
            KeyHolding,
            record_forms.KeyHoldingForm,
            lambda r, _n: (r.volunteer.code, _span(r.started_on, r.ended_on)),
            "started_on",
            "ended_on",
            related=("volunteer",),
            order=("volunteer__code", "started_on"),
        ),
        RecordKind(
            "group",
            gettext_lazy("Vrijwilligersgroepen"),
            VolunteerGroup,
            record_forms.VolunteerGroupForm,
            lambda r, _n: (r.name, _span(r.active_from, r.active_to)),
            "active_from",
            "active_to",
            order=("name",),
        ),
        RecordKind(
            "member",
            gettext_lazy("Leden bewonersvereniging"),
            AssociationMember,
            record_forms.AssociationMemberForm,
            _member_text,
            "registered_on",
            "deregistered_on",
            order=("member_code",),
        ),
        RecordKind(
            "partner",
            gettext_lazy("Samenwerkingspartners"),
            PartnerAgreement,
            record_forms.PartnerAgreementForm,
            lambda r, _n: (
                r.partner_name,
                " · ".join(x for x in (_span(r.agreed_on, r.ended_on), r.note) if x),
            ),
            "agreed_on",
            "ended_on",
            order=("partner_name",),
        ),
        RecordKind(
            "survey",
            gettext_lazy("Enquêtes"),
            SurveyRound,
            SurveyRoundForm,
            _survey_text,
            "date",
            order=("-date", "pk"),
        ),
        RecordKind(
            "entered",
            gettext_lazy("Ingevoerde resultaten (interviews, controle)"),
            EnteredResult,
            record_forms.EnteredResultForm,
            _entered_text,
            "period",
            order=("indicator_code", "period"),
        ),
    )
}


def records_url(location: Location) -> str:
    """URL of the records page of ``location``."""
    return reverse("registrations:records", kwargs={"location_id": location.pk})


class RecordsView(AccessMixin, View):
    """``registratie/dossier/<location_id>/``: the records page of one location.

    GET: every kind's current records and, where the user may write, an add form per kind.
    POST ``form=<kind>`` adds a record of that kind; POST ``form=end`` with ``kind`` and
    ``pk`` ends that record on ``end-<kind>-<pk>-ended_on``. 404 outside the scope, 403 for a
    POST where the user may not write.
    """

    access_area = Area.REGISTRATION
    access_actions = {"post": Action.ADD}

    def get_target(self) -> Location:
        self.location = self.find(Location.objects.all(), pk=self.kwargs["location_id"])
        self.writable = self.scope.can_at(Action.ADD, Area.REGISTRATION, self.location)
        if self.writable:
            remember_location(self.request, self.location)
        return self.location

    def get(self, request, *args, **kwargs):
        return self.render_page()

    def post(self, request, *args, **kwargs):
        if request.POST.get("form") == "end":
            return self.end(request)
        kind = KINDS.get(request.POST.get("form", ""))
        if kind is None:
            return HttpResponseBadRequest(_("Onbekend formulier."))
        form = kind.form(request.POST, user=request.user, location=self.location)
        if form.is_valid() and form.save() is not None:
            messages.success(request, _("Opgeslagen."))
            return HttpResponseRedirect(f"{records_url(self.location)}#records-{kind.kind}")
        return self.render_page(forms={kind.kind: form})

    def end(self, request):
        """Set the end date of one record of this location (kinds with an end date only) through
        :func:`registrations.services.records.record_end`."""
        kind = KINDS.get(request.POST.get("kind", ""))
        if kind is None or not kind.end_field:
            return HttpResponseBadRequest(_("Onbekend soort registratie."))
        try:
            pk = int(request.POST.get("pk", ""))
        except ValueError:
            return HttpResponseBadRequest(_("Onbekende registratie."))
        record = get_object_or_404(kind.model.objects.filter(location=self.location), pk=pk)
        form = record_forms.EndForm(
            request.POST, start=getattr(record, kind.start_field), prefix=f"end-{kind.kind}-{pk}"
        )
        if not form.is_valid():
            return self.render_page(end_forms={(kind.kind, pk): form})
        ended_on = form.cleaned_data["ended_on"]
        try:
            record_end(user=request.user, record=record, ended_on=ended_on)
        except ValidationError as error:
            form.add_error("ended_on", error.messages)
            return self.render_page(end_forms={(kind.kind, pk): form})
        messages.success(
            request,
            _("Beëindigd per %(date)s: %(label)s.") % {"date": _date(ended_on), "label": record},
        )
        return HttpResponseRedirect(f"{records_url(self.location)}#records-{kind.kind}")

    def render_page(self, forms: dict | None = None, end_forms: dict | None = None):
        """The full page; ``forms``: bound add forms by kind, ``end_forms`` by (kind, pk)."""
        forms, end_forms = forms or {}, end_forms or {}
        sections = []
        names = self.indicator_names
        for kind in KINDS.values():
            rows = []
            for row in kind.rows(self.location):
                title, detail = kind.describe(row, names)
                end_form = None
                if self.writable and kind.end_field:
                    end_form = end_forms.get((kind.kind, row.pk)) or record_forms.EndForm(
                        start=getattr(row, kind.start_field), prefix=f"end-{kind.kind}-{row.pk}"
                    )
                rows.append({"pk": row.pk, "title": title, "detail": detail, "end": end_form})
            add_form = None
            if self.writable:
                add_form = forms.get(kind.kind) or kind.form(
                    user=self.request.user, location=self.location
                )
            sections.append(
                {
                    "kind": kind.kind,
                    "title": kind.title,
                    "rows": rows,
                    "ended": kind.ended_count(self.location),
                    "add_form": add_form,
                }
            )
        context = {
            "location": self.location,
            "writable": self.writable,
            "sections": sections,
            "locations": list(self.scope.locations(Action.ADD, Area.REGISTRATION)),
            "volunteer_codes": self._volunteer_codes() if self.writable else [],
            "indicator_codes": self._indicator_codes() if self.writable else [],
            "period_codes": self._period_codes() if self.writable else [],
            "day_url": reverse("registrations:day_today") + f"?location={self.location.pk}",
        }
        return render(self.request, "registrations/records.html", context)

    def _volunteer_codes(self) -> list[str]:
        """Codes of the location's volunteers, for the code datalist of the key-holder form."""
        return list(
            Volunteer.objects.filter(
                Q(locations=self.location) | Q(home_location=self.location),
                organisation_id=self.location.organisation_id,
            )
            .order_by("code")
            .values_list("code", flat=True)
            .distinct()
        )

    @cached_property
    def indicator_names(self) -> dict[str, str]:
        """:func:`indicator_names` of the room's organisation, read once per request (the
        rows' descriptions and the code datalists both use it)."""
        return indicator_names(self.location.organisation_id)

    def _period_codes(self) -> list[tuple[str, str]]:
        """(code, Dutch label) of every quarter and year of the organisation's agreement years,
        for the period datalist of the entered-result form."""
        years = (
            Agreement.objects.filter(organisation_id=self.location.organisation_id)
            .order_by("year")
            .values_list("year", flat=True)
            .distinct()
        )
        periods = [p for year in years for p in [*periods_of_year(year), Period(year)]]
        return [(p.code, p.label) for p in periods]

    def _indicator_codes(self) -> list[tuple[str, str]]:
        """(code, description) of the organisation's indicators, for the code datalists (the
        browser shows the description beside each code)."""
        return sorted(self.indicator_names.items())


class RecordsRedirectView(AccessMixin, View):
    """``registratie/dossier/[?location=<id>]``: redirect to a location's records page.

    Default: the remembered location, else the first writable one. 403 for users who may not
    write anywhere (the navigation link is shown to coordinators and admins only).
    """

    access_area = Area.REGISTRATION
    access_actions = {"get": Action.ADD}

    def get(self, request, *args, **kwargs):
        locations = list(self.scope.locations(Action.ADD, Area.REGISTRATION))
        if not locations:
            raise PermissionDenied(self.denied_message())
        return HttpResponseRedirect(records_url(chosen_location(request, locations)))
