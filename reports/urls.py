"""URL patterns of the reports app."""

from django.urls import path

from reports.views import issued, narratives, plans, progress, trace

app_name = "reports"
urlpatterns = [
    path("<int:agreement_id>/", progress.ProgressView.as_view(), name="progress"),
    path("<int:agreement_id>/meerjarenplan/", plans.PlanView.as_view(), name="plan"),
    path(
        "<int:agreement_id>/meerjarenplan/excel/",
        plans.PlanExcelView.as_view(),
        name="plan_excel",
    ),
    path("<int:agreement_id>/herkomst/", trace.TraceView.as_view(), name="trace"),
    path(
        "<int:agreement_id>/herkomst/groep/<slug:group>/",
        trace.TraceView.as_view(),
        name="group_trace",
    ),
    path("downloaden/", progress.ReportFileRequestView.as_view(), name="request_file"),
    path("<int:pk>/bestand/", progress.ReportFileView.as_view(), name="file"),
    path("<int:pk>/bestand/opnieuw/", progress.ReportFileRetryView.as_view(), name="file_retry"),
    path("<int:agreement_id>/uitgegeven/", issued.IssuedListView.as_view(), name="issued"),
    path("<int:agreement_id>/uitgeven/", issued.IssueView.as_view(), name="issue"),
    path(
        "uitgegeven/<int:pk>/<str:format>/",
        issued.IssuedFileView.as_view(),
        name="issued_file",
    ),
    path(
        "<int:agreement_id>/verhalen/",
        narratives.NarrativeListView.as_view(),
        name="narratives",
    ),
    path(
        "<int:agreement_id>/verhalen/<int:location_id>/<str:period>/",
        narratives.NarrativeView.as_view(),
        name="narrative",
    ),
]
