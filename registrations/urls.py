"""URL patterns of the registrations app."""

from django.urls import path  # noqa: F401

app_name = "registrations"
urlpatterns: list = []
