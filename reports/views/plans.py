"""The year-over-year page of a multi-year plan and its Excel download (issue 12)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.views import View
from django.views.generic import TemplateView

from agreements.choices import AgreementKind
from agreements.models import Agreement
from agreements.views import AgreementPageMixin
from locations.access import Area
from reports.models import ReportFile
from reports.plans.excel import plan_workbook
from reports.plans.selectors import year_over_year
from reports.views.progress import CONTENT_TYPES


class PlanPageMixin(AgreementPageMixin):
    """A page of one multi-year plan: the board's and admins' (``Area.OVERSIGHT``: others
    403), another organisation's plan or an agreement that is no plan 404."""

    access_area = Area.OVERSIGHT

    def get_target(self) -> Agreement:
        agreement = super().get_target()
        if agreement.kind != AgreementKind.MULTI_YEAR_PLAN:
            raise Http404
        return agreement


class PlanView(PlanPageMixin, TemplateView):
    """Plan against realised per year (:func:`reports.plans.selectors.year_over_year`)."""

    template_name = "reports/plan.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["agreement"] = self.target
        context["overview"] = year_over_year(self.target)
        return context


class PlanExcelView(PlanPageMixin, View):
    """The same rows as an .xlsx file with the sheet "Meerjarenplan"."""

    def get(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        content = plan_workbook(year_over_year(self.target))
        response = HttpResponse(content, content_type=CONTENT_TYPES[ReportFile.Format.XLSX])
        name = f"{self.target.slug}-meerjarenplan.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
