"""URL patterns of the agreements app."""

from django.urls import path

from agreements import views

app_name = "agreements"
urlpatterns = [
    path("", views.AgreementListView.as_view(), name="list"),
    path("<int:pk>/", views.AgreementDetailView.as_view(), name="detail"),
    path("<int:agreement_id>/afsluiten/", views.PeriodCloseView.as_view(), name="period_close"),
    path("<int:agreement_id>/bestand/", views.AgreementFileView.as_view(), name="file"),
    path("laden/", views.AgreementUploadView.as_view(), name="upload"),
]
