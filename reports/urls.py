"""URL patterns of the reports app."""

from django.urls import path

from reports import views

app_name = "reports"
urlpatterns = [
    path("<int:agreement_id>/", views.ProgressView.as_view(), name="progress"),
    path("downloaden/", views.ReportFileRequestView.as_view(), name="request_file"),
    path("<int:pk>/bestand/", views.ReportFileView.as_view(), name="file"),
]
