"""django-tables2 table of the access log."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from locations.audit import AccessLogEntry


class AccessLogTable(tables.Table):
    """Access log entries, newest first: when, who, in which organisation, what was done and
    with what (the model and record, or the search text), on which page, and why."""

    at = tables.DateTimeColumn(verbose_name=_("Tijdstip"), format="d-m-Y H:i:s")

    class Meta:
        model = AccessLogEntry
        fields = ["at", "user", "organisation", "kind", "subject", "object_id", "query", "page"]
        fields += ["reason"]
        order_by = ("-at",)
        empty_text = _("Geen regels gevonden.")
