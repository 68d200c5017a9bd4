"""URL patterns of the locations app."""

from django.urls import path

from locations import views

app_name = "locations"
urlpatterns = [
    path("", views.LocationListView.as_view(), name="list"),
    path("<int:pk>/", views.LocationDetailView.as_view(), name="detail"),
    path("toegangslog/", views.AccessLogView.as_view(), name="access_log"),
]
