"""django-tables2 table of the access log."""

import django_tables2 as tables
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from locations.audit import AccessLogEntry
from locations.filtersets import SUBJECTS


def subject_name(subject: str) -> str:
    """The Dutch name of a logged ``subject`` (a model label such as
    "registrations.participant" -> "deelnemer", as the filter names it:
    :data:`locations.filtersets.SUBJECTS`; another model by its verbose name); an unknown label
    as it is."""
    names = dict(SUBJECTS)
    if subject in names:
        return str(names[subject])
    try:
        return str(apps.get_model(subject)._meta.verbose_name)
    except (LookupError, ValueError):
        return subject


class AccessLogTable(tables.Table):
    """Access log entries, newest first: when, who, in which organisation, what was done and
    with what (the model and record, or the search text), on which page, and why."""

    at = tables.DateTimeColumn(verbose_name=_("Tijdstip"), format="d-m-Y H:i:s")

    class Meta:
        model = AccessLogEntry
        fields = ["at", "user", "organisation", "kind", "subject", "object_id", "query", "page"]
        fields += ["reason"]
        order_by = ("-at",)
        empty_text = _(
            "Geen regels gevonden. Kies andere filters; zodra iemand persoonsgegevens bekijkt, "
            "zoekt of exporteert, staat dat hier."
        )

    def render_subject(self, value: str) -> str:
        """The kind of data in words (:func:`subject_name`)."""
        return subject_name(value)
