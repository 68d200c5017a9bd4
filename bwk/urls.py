"""URL configuration: one include per app, the admin, the account pages (login, two-factor
setup, password reset and change), the language switch and the API."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from two_factor.urls import urlpatterns as two_factor_patterns

from bwk.accessibility import AccessibilityView
from bwk.accounts import LoginView
from bwk.privacy import PrivacyView
from reports.views.home import HomeView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # The one login (two-factor; the admin's login page sends here), docs/security.md.
    path("inloggen/", LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", include("bwk.accounts")),
    # Setting up two-factor login, recovery codes (django-two-factor-auth, under account/).
    path("", include(two_factor_patterns)),
    # Public: the privacy statement (bwk/privacy.py says why no login is asked).
    path("privacy/", PrivacyView.as_view(), name="privacy"),
    # Public: the accessibility statement (bwk/accessibility.py).
    path("toegankelijkheid/", AccessibilityView.as_view(), name="accessibility"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("buurtwerkkamers/", include("locations.urls")),
    path("afspraken/", include("agreements.urls")),
    path("registratie/", include("registrations.urls")),
    path("rapportages/", include("reports.urls")),
    path("begroting/", include("budgets.urls")),
    # The reporting calendar and its feed (issue 11): /kalender/, /kalender.ics.
    path("", include("reports.calendar_urls")),
    path("bestuur/", include("reports.dashboard_urls")),  # the board dashboard (issue 11)
    path("api/", include("reports.api.urls")),  # the funders' API (docs/api.md)
]
# No media URL, not even with DEBUG: report files and issued reports are downloaded through
# views that ask the access layer (reports:file, reports:issued_file).

# Dutch error pages in the product's look (bwk/errors.py).
handler400 = "bwk.errors.bad_request"
handler403 = "bwk.errors.permission_denied"
handler404 = "bwk.errors.page_not_found"
handler500 = "bwk.errors.server_error"
