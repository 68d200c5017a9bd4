"""URL patterns of the API (included at ``/api/`` by ``bwk/urls.py``): version 1 of the data,
the OpenAPI 3 schema and its browsable documentation (Swagger UI, served locally)."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from reports.api import views

app_name = "api"
urlpatterns = [
    path("v1/agreements/", views.AgreementList.as_view(), name="agreement_list"),
    path("v1/agreements/<int:pk>/", views.AgreementDetail.as_view(), name="agreement_detail"),
    path("v1/issued-reports/", views.IssuedReportList.as_view(), name="issued_list"),
    path("v1/issued-reports/<int:pk>/", views.IssuedReportDetail.as_view(), name="issued_detail"),
    path(
        "v1/issued-reports/<int:pk>/figures/",
        views.IssuedReportFigures.as_view(),
        name="issued_figures",
    ),
    path(
        "v1/issued-reports/<int:pk>/<str:file_format>/",
        views.IssuedReportFile.as_view(),
        name="issued_file",
    ),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start script as a file of its own (?script), and the
    # page's template has no inline style: both pass the Content-Security-Policy.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
]
