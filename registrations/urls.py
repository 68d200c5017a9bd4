"""URL patterns of the registrations app."""

from django.urls import path

from registrations.views import day, imports, log, privacy, records, sessions, staff

app_name = "registrations"
urlpatterns = [
    path("", log.LogView.as_view(), name="log"),
    path("deelnemers/zoeken/", log.ParticipantSearchView.as_view(), name="participant_search"),
    path("activiteiten/", sessions.SessionListView.as_view(), name="session_list"),
    path("activiteiten/<int:pk>/", sessions.SessionDetailView.as_view(), name="session_detail"),
    path("dag/", day.DayRedirectView.as_view(), name="day_today"),
    path("dag/<int:location_id>/<str:date>/", day.DayView.as_view(), name="day"),
    path("dag/rij/<str:kind>/<int:pk>/", day.DayRowView.as_view(), name="day_row"),
    path("dossier/", records.RecordsRedirectView.as_view(), name="records_today"),
    path("dossier/<int:location_id>/", records.RecordsView.as_view(), name="records"),
    path("herstellen/", staff.UndoView.as_view(), name="undo"),
    path(
        "deelnemers/<int:pk>/geschiedenis/",
        staff.ParticipantHistoryView.as_view(),
        name="participant_history",
    ),
    path(
        "vrijwilligers/<int:pk>/geschiedenis/",
        staff.VolunteerHistoryView.as_view(),
        name="volunteer_history",
    ),
    path("import/", imports.ImportRedirectView.as_view(), name="import"),
    path("import/<int:location_id>/", imports.ImportUploadView.as_view(), name="import_upload"),
    path(
        "import/<int:location_id>/sjabloon.csv",
        imports.ImportTemplateView.as_view(),
        {"kind": "csv"},
        name="import_template_csv",
    ),
    path(
        "import/<int:location_id>/sjabloon.xlsx",
        imports.ImportTemplateView.as_view(),
        {"kind": "xlsx"},
        name="import_template_xlsx",
    ),
    path(
        "import/<int:location_id>/<str:token>/",
        imports.ImportPreviewView.as_view(),
        name="import_preview",
    ),
    path("samenvoegen/", staff.MergeView.as_view(), name="merge"),
    path("privacy/", privacy.PrivacyIndexView.as_view(), name="privacy"),
    path(
        "privacy/<str:kind>/<int:pk>/",
        privacy.PrivacyPersonView.as_view(),
        name="privacy_person",
    ),
    path(
        "privacy/<str:kind>/<int:pk>/inzage/",
        privacy.PrivacyExportView.as_view(),
        name="privacy_export",
    ),
    path(
        "privacy/<str:kind>/<int:pk>/wissen/",
        privacy.PrivacyEraseView.as_view(),
        name="privacy_erase",
    ),
]
