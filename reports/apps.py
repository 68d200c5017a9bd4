from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Rapportages")

    def ready(self) -> None:
        """Register the condition for closing a period: its report is issued first
        (:mod:`reports.closing`), and the ``plan`` section of the agreement file
        (:mod:`reports.plans`)."""
        from agreements.loader.sections import register_section
        from agreements.services import register_close_check
        from reports.closing import issue_before_closing
        from reports.plans.section import SECTION

        register_close_check(issue_before_closing)
        register_section(SECTION)
