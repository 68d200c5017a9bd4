"""django-tables2 table of sessions."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from registrations.models.participants import Session


class SessionTable(tables.Table):
    """Sessions with their identified participant count and anonymous head count.

    Expects a queryset annotated with ``participant_count``
    (:func:`registrations.selectors.sessions_for_user`).
    """

    date = tables.DateColumn(verbose_name=_("Datum"), linkify=True, format="d-m-Y")
    participant_count = tables.Column(
        verbose_name=_("Deelnemers"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )
    anonymous_count = tables.Column(
        verbose_name=_("Anoniem"), attrs={"td": {"class": "num"}, "th": {"class": "num"}}
    )

    class Meta:
        model = Session
        fields = ["date", "location", "category", "title", "participant_count", "anonymous_count"]
        order_by = ("-date",)
        empty_text = _(
            "Geen activiteiten gevonden. Kies andere filters, of leg eerst een activiteit vast "
            "op het dagoverzicht."
        )
