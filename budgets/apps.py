from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetsConfig(AppConfig):
    name = "budgets"
    verbose_name = _("Begrotingen")

    def ready(self) -> None:
        """Register the budget sections of the agreement file with the agreement loader."""
        from agreements.loader.sections import register_section
        from budgets.loader import SECTION

        register_section(SECTION)
