"""Django admin for budgets, financing, volunteer hours and rates and stated figures
(tenant-scoped, see :class:`locations.access.admin.ScopedAdminMixin`).

The stated-figure list shows the product's computed figure beside the stated one and the
difference (:mod:`budgets.figures`, shown as :mod:`budgets.display` formats them); a stated
figure is never used in place of a computed one.
"""

from contextvars import ContextVar

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgets.display import format_difference, format_value
from budgets.figures import ALL, budget_overview
from budgets.models import (
    Budget,
    BudgetAmount,
    BudgetLine,
    Financing,
    StatedFigure,
    VolunteerInvestment,
    VolunteerRate,
)
from locations.access.admin import ScopedAdminMixin

#: Per request (while a stated-figure page renders): the overviews already computed,
#: agreement id -> BudgetOverview (computed in the admin scope the site activates).
_overviews: ContextVar[dict | None] = ContextVar("bwk_stated_figure_overviews", default=None)


class BudgetLineInline(ScopedAdminMixin, admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["position", "code", "group", "description", "note", "is_petty_cash"]
    show_change_link = True


class BudgetAmountInline(ScopedAdminMixin, admin.TabularInline):
    model = BudgetAmount
    extra = 0
    fields = ["location", "room_group", "amount"]


@admin.register(Budget)
class BudgetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["version", "agreement", "position"]
    list_filter = ["agreement"]
    search_fields = ["version", "agreement__title"]
    list_select_related = ["agreement"]
    inlines = [BudgetLineInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["code", "description", "group", "budget", "note", "is_petty_cash", "position"]
    list_filter = ["budget__agreement", "group", "is_petty_cash"]
    search_fields = ["code", "description"]
    list_select_related = ["budget"]
    inlines = [BudgetAmountInline]


@admin.register(BudgetAmount)
class BudgetAmountAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["line", "location", "room_group", "amount"]
    list_filter = ["line__budget__agreement", "location"]
    list_select_related = ["line", "location", "room_group"]


@admin.register(Financing)
class FinancingAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "party", "location", "room_group", "amount", "in_kind", "earmarked", "agreement",
    ]  # fmt: skip
    list_filter = ["agreement", "party", "location"]
    search_fields = ["party__name", "footnote"]
    list_select_related = ["party", "location", "room_group", "agreement"]


@admin.register(VolunteerInvestment)
class VolunteerInvestmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "location", "room_group", "agreement", "residents_hours", "professionals_hours",
    ]  # fmt: skip
    list_filter = ["agreement", "location"]
    list_select_related = ["location", "room_group", "agreement"]


@admin.register(VolunteerRate)
class VolunteerRateAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["year", "kind", "rate", "agreement", "organisation"]
    list_filter = ["organisation", "year", "agreement", "kind"]
    list_select_related = ["organisation", "agreement"]


@admin.register(StatedFigure)
class StatedFigureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Stated figures with the computed figure beside them and a "verschil" column.

    The computed figures are worked out once per agreement on the page (one
    :func:`budget_overview` each, within the admin user's scope).
    """

    #: Position and source tell two stated values of one figure apart (issue 12).
    list_display = [
        "figure",
        "location",
        "agreement",
        "position",
        "text",
        "source",
        "computed",
        "difference",
    ]
    list_filter = ["agreement", "location", "figure"]
    search_fields = ["figure", "text", "source"]
    list_select_related = ["agreement", "location"]

    def _rendered(self, request, view, *args, **kwargs):
        token = _overviews.set({})
        try:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
            return response
        finally:
            _overviews.reset(token)

    def changelist_view(self, request, extra_context=None):
        return self._rendered(request, super().changelist_view, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        return self._rendered(request, super().changeform_view, object_id, form_url, extra_context)

    def _figure(self, obj):
        if obj.pk is None:
            return None
        overviews = _overviews.get()
        if overviews is None:
            overviews = {}
        if obj.agreement_id not in overviews:
            overviews[obj.agreement_id] = budget_overview(obj.agreement)
        figures = overviews[obj.agreement_id].figures
        where = obj.location.code if obj.location_id else ALL
        return figures.get(where, {}).get(obj.figure)

    @admin.display(description=_("berekend"))
    def computed(self, obj) -> str:
        figure = self._figure(obj)
        return format_value(figure.kind, figure.computed) if figure is not None else "—"

    @admin.display(description=_("verschil"))
    def difference(self, obj) -> str:
        figure = self._figure(obj)
        # This row's own value: a figure may be stated several times (issue 12).
        statement = (
            next((s for s in figure.statements if s.position == obj.position), None)
            if figure is not None
            else None
        )
        if statement is None or statement.difference is None:
            return "—"
        if not statement.differs:
            return str(_("geen"))
        return format_difference(figure.kind, statement.difference)

    readonly_fields = ["computed", "difference"]
