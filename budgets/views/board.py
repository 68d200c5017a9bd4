"""The board page: per agreement and location, budget vs financing vs actual spending to date,
and per funder what it contributes and to which rooms (issue 4 "Where users see it").

Budget and financing come from :func:`budgets.figures.budget_overview`, spending from
:func:`budgets.actuals.budget_vs_actual`; this module only arranges their rows. Only the board
and admins of the agreement's organisation (and superusers) may open it (the board's
oversight area, :mod:`locations.access`); an agreement outside the user's scope answers 404,
other roles get 403. Admins also enter an expenditure or upload a bookkeeping CSV export here
(adding spending). The board and admins close the chosen period here (issue 9: the form posts
to ``agreements:period_close``, whose page lists every closure of the agreement with who
reopened it and why; reopening is the admin's: ``/beheer/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django import forms
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.generic import TemplateView

from agreements.models import Agreement, PeriodClosure
from agreements.services import close_refusal
from agreements.views import AgreementPageMixin
from budgets.actuals import ALL, ActualRow, BudgetVsActual, PettyCash, budget_vs_actual
from budgets.expenditures import expenditure_create
from budgets.figures import BudgetOverview, budget_overview
from budgets.forms import ExpenditureForm, ExpenditureImportForm
from budgets.importer import ImportFailed, import_expenditures
from budgets.models import Expenditure
from locations.access import Action, Area
from locations.access.views import AccessMixin
from locations.formatting import format_euro, format_share
from locations.periods import QUARTER, Period, default_period, parse_period, periods_of_year


def board_end(period: Period, today: date) -> date:
    """The last day counted for ``period``: its end, or ``today`` when the period is still
    running (so the straight-line forecast uses the days actually elapsed)."""
    if period.start <= today < period.end:
        return today
    return period.end


class PeriodForm(forms.Form):
    """The period filter: a quarter or the full year of the agreement (reports' periods)."""

    period = forms.ChoiceField(label=gettext_lazy("Periode"), required=False)

    def __init__(self, *args, year: int, kind: str = QUARTER, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.code, p.label) for p in periods_of_year(year, kind)]


@dataclass(frozen=True)
class LocationSummary:
    """One room (or the total) on the board page; money as display text."""

    code: str
    name: str
    budget: str
    financing: str
    surplus: str
    shortfall: bool
    spent: str
    share: str
    forecast: str
    over_budget: bool
    petty_cash: PettyCash | None
    petty_cash_text: str
    lines: list[dict]


@dataclass(frozen=True)
class FunderSummary:
    """A funder: its total and, per room it finances, the amount (display text)."""

    name: str
    total: str
    rooms: list[tuple[str, str]]
    footnotes: tuple[str, ...]


def _line(row: ActualRow) -> dict:
    return {
        "code": row.line_code,
        "description": row.description,
        "is_petty_cash": row.is_petty_cash,
        "budget": format_euro(row.budget, cents=False),
        "spent": format_euro(row.spent),
        "share": format_share(row.share_of_budget),
        "forecast": format_euro(row.forecast, cents=False),
        "over_budget": row.forecast_over_budget,
    }


def location_summaries(overview: BudgetOverview, actual: BudgetVsActual) -> list[LocationSummary]:
    """Per room in the overview's order, the region and room groups (issue 12), then the total
    ("all"): budget and financing (from the
    overview), spent to date, share of the year's budget and the forecast (from ``actual``)."""
    names = dict(overview.columns)
    summaries = []
    for code in [*names, ALL]:
        figures = overview.figures.get(code, {})
        total = actual.totals.get(code)
        surplus = figures["surplus"].computed if "surplus" in figures else None
        petty = actual.petty_cash.get(code)
        summaries.append(
            LocationSummary(
                code=code,
                name=names.get(code, _("Totaal")),
                budget=format_euro(
                    figures["total"].computed if "total" in figures else None, cents=False
                ),
                financing=format_euro(
                    figures["financing_total"].computed if "financing_total" in figures else None,
                    cents=False,
                ),
                surplus=format_euro(surplus, cents=False),
                shortfall=surplus is not None and surplus < 0,
                spent=format_euro(total.spent) if total else "—",
                share=format_share(total.share_of_budget) if total else "—",
                forecast=format_euro(total.forecast, cents=False) if total else "—",
                over_budget=bool(total and total.forecast_over_budget),
                petty_cash=petty,
                petty_cash_text=_petty_text(petty),
                lines=[_line(row) for row in actual.rows_for(code)],
            )
        )
    return summaries


def _petty_text(petty: PettyCash | None) -> str:
    if petty is None:
        return ""
    return _("%(spent)s besteed van %(to_date)s tot nu toe (%(year)s per jaar%(source)s)") % {
        "spent": format_euro(petty.spent),
        "to_date": format_euro(petty.allowance_to_date),
        "year": format_euro(petty.allowance, cents=False),
        "source": "" if petty.from_budget else _(", standaardbedrag"),
    }


def funder_summaries(overview: BudgetOverview) -> list[FunderSummary]:
    """Per funder: its total and the rooms it finances with the amount per room."""
    names = dict(overview.columns)
    return [
        FunderSummary(
            name=funder.name,
            total=format_euro(funder.total, cents=False),
            rooms=[
                (names.get(code, code), format_euro(value, cents=False))
                for code, value in funder.amounts.items()
            ],
            footnotes=funder.footnotes,
        )
        for funder in overview.funders
    ]


class BoardIndexView(AccessMixin, TemplateView):
    """The agreements whose board page the user may open (board and admin roles only)."""

    template_name = "budgets/board_index.html"
    access_area = Area.OVERSIGHT

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["agreements"] = self.restrict(
            Agreement.objects.select_related("organisation"), Action.VIEW, Area.OVERSIGHT
        ).order_by("organisation__name", "-year", "region")
        return context


class BoardView(AgreementPageMixin, TemplateView):
    """The board page of one agreement (``budgets:board``).

    GET ``period`` (e.g. "2021-Q2" or "2021"; default: the latest finished quarter) sets the
    end date of the actual spending (the period's end, or today while it runs). POST (admins
    only: adding spending) ``form=expenditure`` saves one expenditure, ``form=import`` imports
    a CSV export of the agreement's organisation; both redirect back on success and show the
    form again with what was entered (and every import error) otherwise.
    """

    template_name = "budgets/board.html"
    access_area = Area.OVERSIGHT

    def get_target(self) -> Agreement:
        self.agreement = super().get_target()
        self.is_admin = self.scope.can(
            Action.ADD, Area.SPENDING, organisation_id=self.agreement.organisation_id
        )
        self.may_close = self.scope.can(
            Action.ISSUE, Area.REPORT, organisation_id=self.agreement.organisation_id
        )
        return self.agreement

    def _period(self) -> Period:
        kind = self.agreement.reporting_period_kind()
        form = PeriodForm(self.request.GET or None, year=self.agreement.year, kind=kind)
        self.period_form = form
        if form.is_bound and form.is_valid() and form.cleaned_data["period"]:
            return parse_period(form.cleaned_data["period"])
        period = default_period(self.agreement.year, timezone.localdate(), kind)
        form.fields["period"].initial = period.code
        return period

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data())

    def post(self, request, *args, **kwargs):
        self.check_object(Action.ADD, self.agreement, Area.SPENDING)
        expenditure_form = import_form = None
        import_errors: list[str] = []
        if request.POST.get("form") == "import":
            import_form = ExpenditureImportForm(request.POST, request.FILES)
            if import_form.is_valid():
                try:
                    result = import_expenditures(
                        import_form.cleaned_data["file"].read(),
                        organisation_slug=self.agreement.organisation.slug,
                        dry_run=import_form.cleaned_data["dry_run"],
                        user=request.user,
                    )
                except ImportFailed as failure:
                    import_errors = failure.errors
                else:
                    messages.success(request, _import_message(result))
                    return HttpResponseRedirect(request.get_full_path())
        else:
            expenditure_form = ExpenditureForm(request.POST, agreement=self.agreement)
            if expenditure_form.is_valid():
                data = expenditure_form.cleaned_data
                expenditure_create(
                    user=request.user,
                    location=data["location"],
                    line=data["line"],
                    on=data["date"],
                    amount=data["amount"],
                    description=data["description"],
                )
                messages.success(
                    request,
                    _("Uitgave van %(amount)s bij %(location)s opgeslagen.")
                    % {
                        "amount": format_euro(data["amount"]),
                        "location": data["location"].name,
                    },
                )
                return HttpResponseRedirect(request.get_full_path())
        context = self.get_context_data(
            expenditure_form=expenditure_form, import_form=import_form, import_errors=import_errors
        )
        return self.render_to_response(context)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        agreement = self.agreement
        period = self._period()
        end = board_end(period, timezone.localdate())
        overview = budget_overview(agreement)
        actual = budget_vs_actual(agreement, end=end)
        if self.is_admin:
            context.setdefault("expenditure_form", None)
            if context["expenditure_form"] is None:
                context["expenditure_form"] = ExpenditureForm(
                    agreement=agreement, initial={"date": end}
                )
            if context.get("import_form") is None:
                context["import_form"] = ExpenditureImportForm()
            context["recent"] = (
                Expenditure.objects.filter(line__budget__agreement=agreement)
                .select_related("location", "line")
                .order_by("-created_at", "-pk")[:10]
            )
        closure = (
            PeriodClosure.objects.filter(
                agreement=agreement, period=period.code, reopened_at__isnull=True
            )
            .select_related("closed_by")
            .first()
        )
        context.update(
            period_closure=closure,
            may_close=self.may_close,
            # Why the period may not be closed yet (its report is not issued), for the board.
            close_refusal=(
                close_refusal(agreement, period) if self.may_close and not closure else None
            ),
            agreement=agreement,
            period=period,
            period_form=self.period_form,
            end=end,
            elapsed=format_share(actual.elapsed_share),
            overview=overview,
            actual=actual,
            summaries=location_summaries(overview, actual),
            funders=funder_summaries(overview),
            is_admin=self.is_admin,
        )
        return context


def _import_message(result) -> str:
    if result.dry_run:
        return ngettext(
            "Proefimport: %(rows)d regel in orde; %(added)d zouden worden toegevoegd "
            "(%(amount)s), %(present)d waren er al. Er is niets opgeslagen.",
            "Proefimport: %(rows)d regels in orde; %(added)d zouden worden toegevoegd "
            "(%(amount)s), %(present)d waren er al. Er is niets opgeslagen.",
            result.rows,
        ) % {
            "rows": result.rows,
            "added": result.added,
            "amount": format_euro(result.amount_added),
            "present": result.already_present,
        }
    return ngettext(
        "Geïmporteerd: %(rows)d regel; %(added)d uitgaven toegevoegd (%(amount)s), "
        "%(present)d waren er al.",
        "Geïmporteerd: %(rows)d regels; %(added)d uitgaven toegevoegd (%(amount)s), "
        "%(present)d waren er al.",
        result.rows,
    ) % {
        "rows": result.rows,
        "added": result.added,
        "amount": format_euro(result.amount_added),
        "present": result.already_present,
    }
