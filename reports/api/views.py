"""The API's endpoints (``/api/v1/``): agreements, issued report versions, their figures and
their files.

Every view is an :class:`~reports.api.access.ApiView`: read only, in the authenticated
user's scope, its querysets from the scoped default managers (built per request). The
board and admins see their organisation's agreements and every issued version; a funder the
agreements its party is in and the versions issued to its party (another one answers 404);
coordinators see agreements but no issued report (the list answers 403, a version 404).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.http import FileResponse, Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request

from agreements.models import Agreement, AgreementParty
from locations.access import Action, Area
from locations.models import Location
from reports.api.access import ApiView
from reports.api.figures import Figure, issued_figures
from reports.api.serializers import AgreementSerializer, FigureSerializer, IssuedReportSerializer
from reports.models import Audience, IssuedReport, IssuedReportDownload, ReportFile
from reports.views.progress import CONTENT_TYPES


def _agreements() -> QuerySet[Agreement]:
    """The agreements of the active scope with their visible locations and their parties,
    newest year first."""
    return Agreement.objects.prefetch_related(
        Prefetch("locations", queryset=Location.objects.order_by("code")),
        Prefetch(
            "parties",
            queryset=AgreementParty.objects.select_related("party").order_by("party__name"),
        ),
    ).order_by("-year", "region", "pk")


def _issued() -> QuerySet[IssuedReport]:
    """The issued versions of the active scope, newest first, without their stored report
    object (only the figures read it)."""
    return (
        IssuedReport.objects.select_related("agreement", "party")
        .defer("report_json")
        .order_by("-issued_at", "-pk")
    )


class AgreementFilter(django_filters.FilterSet):
    """``?year=2019``, ``?region=zuidoost``."""

    class Meta:
        model = Agreement
        fields = ["year", "region"]


@extend_schema_view(
    get=extend_schema(
        summary="Agreements",
        description="The agreements the user may see (a funder: those its party is in).",
    )
)
class AgreementList(ApiView, generics.ListAPIView):
    """``GET /api/v1/agreements/``: the agreements the user may see, a page at a time."""

    access_area = Area.AGREEMENT
    serializer_class = AgreementSerializer
    filterset_class = AgreementFilter

    def get_queryset(self) -> QuerySet[Agreement]:
        return _agreements()


@extend_schema_view(get=extend_schema(summary="One agreement"))
class AgreementDetail(ApiView, generics.RetrieveAPIView):
    """``GET /api/v1/agreements/<id>/``: one agreement; 404 when the user may not see it."""

    access_area = Area.AGREEMENT
    serializer_class = AgreementSerializer

    def get_queryset(self) -> QuerySet[Agreement]:
        return _agreements()

    def get_target(self) -> Agreement:
        return self.find(self.get_queryset(), pk=self.kwargs["pk"])

    def get_object(self) -> Agreement:
        return cast(Agreement, self.target)


class IssuedReportFilter(django_filters.FilterSet):
    """``?agreement=<id>``, ``?period=2019-Q2``, ``?audience=municipality``,
    ``?party=<code>``."""

    agreement = django_filters.NumberFilter(field_name="agreement_id", help_text="Agreement id.")
    period = django_filters.CharFilter(help_text="`YYYY-Qn` or `YYYY`.")
    audience = django_filters.ChoiceFilter(choices=Audience.choices)
    party = django_filters.CharFilter(field_name="party__code", help_text="Party code.")

    class Meta:
        model = IssuedReport
        fields = ["agreement", "period", "audience", "party"]


@extend_schema_view(
    get=extend_schema(
        summary="Issued report versions",
        description="The versions of progress reports issued that the user may see, newest "
        "first: a funder only those issued to its party. 403 for a user who may see none "
        "anywhere (coordinators).",
    )
)
class IssuedReportList(ApiView, generics.ListAPIView):
    """``GET /api/v1/issued-reports/``: the issued versions the user may see."""

    access_area = Area.ISSUED
    serializer_class = IssuedReportSerializer
    filterset_class = IssuedReportFilter

    def get_queryset(self) -> QuerySet[IssuedReport]:
        return _issued()


@extend_schema_view(get=extend_schema(summary="One issued report version"))
class IssuedReportDetail(ApiView, generics.RetrieveAPIView):
    """``GET /api/v1/issued-reports/<id>/``: one issued version; 404 when it is not the
    user's to see (another party's)."""

    access_area = Area.ISSUED
    serializer_class = IssuedReportSerializer

    def get_queryset(self) -> QuerySet[IssuedReport]:
        return _issued()

    def get_target(self) -> IssuedReport:
        return self.find(self.get_queryset(), pk=self.kwargs["pk"])

    def get_object(self) -> IssuedReport:
        return cast(IssuedReport, self.target)


#: The figures' own filters (exact matches on their fields).
FIGURE_FILTERS = ("location", "section", "indicator")


@extend_schema_view(
    get=extend_schema(
        summary="Figures of an issued version",
        description="One row per location and indicator, then the totals as location `all`: "
        "exactly what was issued (read from the stored report, never recomputed), with the "
        "columns of the Excel `data` sheet as fields, in its order.",
        parameters=[
            OpenApiParameter(name, str, description=f"Only rows with this `{name}`.")
            for name in FIGURE_FILTERS
        ],
    )
)
class IssuedReportFigures(ApiView, generics.ListAPIView):
    """``GET /api/v1/issued-reports/<id>/figures/``: the figures of one issued version
    (:func:`reports.api.figures.issued_figures`), a page at a time; 404 when the version is
    not the user's to see. Reading them is exporting the report (``export`` on issued
    reports, as its downloads)."""

    access_area = Area.ISSUED
    access_actions = {"get": Action.EXPORT, "head": Action.EXPORT}
    serializer_class = FigureSerializer
    filter_backends: list[Any] = []

    def get_target(self) -> IssuedReport:
        return self.find(IssuedReport.objects.all(), pk=self.kwargs["pk"])

    def get_queryset(self) -> list[Figure]:  # type: ignore[override]
        if getattr(self, "swagger_fake_view", False):  # the schema generator's instance
            return []
        wanted = {
            name: self.request.query_params[name]
            for name in FIGURE_FILTERS
            if name in self.request.query_params
        }
        return [
            figure
            for figure in issued_figures(cast(IssuedReport, self.target))
            if all(figure[name] == value for name, value in wanted.items())
        ]


class _AnyAccept(BaseContentNegotiation):
    """A file is a file whatever the client accepts (``curl -H "Accept: application/pdf"``):
    the first renderer is chosen, for the JSON of an error answer."""

    def select_parser(self, request: Request, parsers: Any) -> None:
        return None

    def select_renderer(
        self,
        request: Request,
        renderers: Iterable[BaseRenderer],
        format_suffix: str | None = None,
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, str(renderer.media_type)


class IssuedReportFile(ApiView):
    """``GET /api/v1/issued-reports/<id>/<pdf|xlsx>/``: the stored file of one issued version,
    recorded as a download (:class:`~reports.models.IssuedReportDownload`), as the download
    page :class:`reports.views.issued.IssuedFileView` does for a signed-in user; 404 when the
    version is not the user's to see or for another format. Reading it is ``export`` on
    issued reports."""

    access_area = Area.ISSUED
    access_actions = {"get": Action.EXPORT, "head": Action.EXPORT}
    content_negotiation_class = _AnyAccept

    def get_target(self) -> IssuedReport:
        if self.kwargs["file_format"] not in ReportFile.Format.values:
            raise Http404(_("Onbekend formaat."))
        return self.find(IssuedReport.objects.select_related("agreement"), pk=self.kwargs["pk"])

    @extend_schema(
        operation_id="issued_reports_file",
        summary="The issued PDF or Excel file",
        description="Exactly the bytes issued (their SHA-256 is the version's `pdf_sha256` or "
        "`xlsx_sha256`); every download is recorded (who, when, which version and format).",
        parameters=[
            OpenApiParameter(
                "file_format", str, OpenApiParameter.PATH, enum=list(ReportFile.Format.values)
            )
        ],
        responses={
            (200, CONTENT_TYPES[ReportFile.Format.PDF]): OpenApiResponse(OpenApiTypes.BINARY),
            (200, CONTENT_TYPES[ReportFile.Format.XLSX]): OpenApiResponse(OpenApiTypes.BINARY),
        },
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> FileResponse:
        """The file as an attachment under its stored name; one download row per request."""
        issued = cast(IssuedReport, self.target)
        file_format = ReportFile.Format(kwargs["file_format"])
        stored = issued.pdf if file_format == ReportFile.Format.PDF else issued.xlsx
        user = request.user
        assert isinstance(user, get_user_model())  # ApiView let only an authenticated user in
        IssuedReportDownload.objects.create(
            issued_report=issued, format=file_format, downloaded_by=user
        )
        return FileResponse(
            stored.open("rb"),
            as_attachment=True,
            filename=(stored.name or "").rsplit("/", 1)[-1],
            content_type=CONTENT_TYPES[file_format],
        )
