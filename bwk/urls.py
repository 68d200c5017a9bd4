"""URL configuration: one include per app, the admin, login/logout, language switch and the
API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bwk.privacy import PrivacyView
from reports.views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("inloggen/", auth_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    # Public: the privacy statement (bwk/privacy.py says why no login is asked).
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("buurtwerkkamers/", include("locations.urls")),
    path("afspraken/", include("agreements.urls")),
    path("registratie/", include("registrations.urls")),
    path("rapportages/", include("reports.urls")),
    path("begroting/", include("budgets.urls")),
    path("api/", include("reports.api.urls")),  # the funders' API (docs/api.md)
]
# No media URL, not even with DEBUG: report files and issued reports are downloaded through
# views that ask the access layer (reports:file, reports:issued_file).
