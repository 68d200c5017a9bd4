"""Filters of the access log page: a date range, the user, what was done and what was read."""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from locations.audit import AccessKind, AccessLogEntry

#: What the log's ``subject`` may hold, with the Dutch name the filter shows.
SUBJECTS = [
    ("registrations.participant", _("deelnemer")),
    ("registrations.volunteer", _("vrijwilliger")),
    ("reports.reportfile", _("rapportbestand")),
    ("reports.issuedreport", _("uitgegeven rapportage")),
    ("reports.trace", _("herkomst van een cijfer")),
]


def _users(request):
    """Users offered in the filter: those with a membership in an organisation of the
    request's scope (users are not tenant-owned)."""
    scope = request.scope
    users = get_user_model().objects.order_by("username")
    if scope.unrestricted:
        return users
    return users.filter(memberships__organisation_id__in=scope.organisation_ids).distinct()


class AccessLogFilterSet(django_filters.FilterSet):
    """Filter entries by a date range (``date_from``/``date_to``, local dates, inclusive), the
    user, the kind (viewed, searched, exported) and the subject (participant, volunteer,
    report file)."""

    date_from = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__gte",
        label=_("Vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    date_to = django_filters.DateFilter(
        field_name="at",
        lookup_expr="date__lte",
        label=_("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    user = django_filters.ModelChoiceFilter(
        label=_("Gebruiker"), queryset=_users, empty_label=_("Iedereen")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Handeling"), choices=AccessKind.choices, empty_label=_("Alle")
    )
    subject = django_filters.ChoiceFilter(
        label=_("Soort gegevens"), choices=SUBJECTS, empty_label=_("Alle")
    )

    class Meta:
        model = AccessLogEntry
        fields = ["date_from", "date_to", "user", "kind", "subject"]
