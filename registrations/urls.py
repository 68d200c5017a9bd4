"""URL patterns of the registrations app."""

from django.urls import path

from registrations import views, views_day, views_records, views_staff

app_name = "registrations"
urlpatterns = [
    path("", views.LogView.as_view(), name="log"),
    path("deelnemers/zoeken/", views.ParticipantSearchView.as_view(), name="participant_search"),
    path("activiteiten/", views.SessionListView.as_view(), name="session_list"),
    path("activiteiten/<int:pk>/", views.SessionDetailView.as_view(), name="session_detail"),
    path("dag/", views_day.DayRedirectView.as_view(), name="day_today"),
    path("dag/<int:location_id>/<str:date>/", views_day.DayView.as_view(), name="day"),
    path("dag/rij/<str:kind>/<int:pk>/", views_day.DayRowView.as_view(), name="day_row"),
    path("dossier/", views_records.RecordsRedirectView.as_view(), name="records_today"),
    path("dossier/<int:location_id>/", views_records.RecordsView.as_view(), name="records"),
    path("herstellen/", views_staff.UndoView.as_view(), name="undo"),
    path(
        "deelnemers/<int:pk>/geschiedenis/",
        views_staff.ParticipantHistoryView.as_view(),
        name="participant_history",
    ),
    path(
        "vrijwilligers/<int:pk>/geschiedenis/",
        views_staff.VolunteerHistoryView.as_view(),
        name="volunteer_history",
    ),
    path("samenvoegen/", views_staff.MergeView.as_view(), name="merge"),
]
