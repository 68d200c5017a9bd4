"""URL patterns of the board dashboard (``/bestuur/``, namespace ``dashboard``; issue 11)."""

from django.urls import path

from reports.views import dashboard

app_name = "dashboard"
urlpatterns = [
    path("", dashboard.DashboardView.as_view(), name="index"),
    path(
        "<int:agreement_id>/<int:location_id>/",
        dashboard.DashboardLocationView.as_view(),
        name="location",
    ),
]
