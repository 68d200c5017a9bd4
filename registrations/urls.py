"""URL patterns of the registrations app."""

from django.urls import path

from registrations import views

app_name = "registrations"
urlpatterns = [
    path("", views.LogView.as_view(), name="log"),
    path("deelnemers/zoeken/", views.ParticipantSearchView.as_view(), name="participant_search"),
    path("activiteiten/", views.SessionListView.as_view(), name="session_list"),
    path("activiteiten/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
]
