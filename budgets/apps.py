from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Begrotingen")

    def ready(self) -> None:
        """Register the budget sections of the agreement file with the agreement loader, and
        the locations a funder reaches (those its party finances) with the access layer."""
        from agreements.loader.sections import register_section
        from budgets.loader import SECTION
        from budgets.selectors import financed_locations
        from locations.access.grants import register_reach

        register_section(SECTION)
        register_reach(financed_locations)
