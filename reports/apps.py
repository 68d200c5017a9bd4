from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapportages")

    def ready(self) -> None:
        """Register the condition for closing a period: its report is issued first
        (:mod:`reports.closing`)."""
        from agreements.services import register_close_check
        from reports.closing import issue_before_closing

        register_close_check(issue_before_closing)
