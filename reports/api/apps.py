"""django-rest-knox under Dutch names in the admin (its app and token model name none)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnoxConfig(AppConfig):
    """knox's app (the API tokens: ``INSTALLED_APPS``) as "API-toegang" with "API-tokens"."""

    name = "knox"
    label = "knox"
    verbose_name = _("API-toegang")

    def ready(self) -> None:
        meta = self.get_model("AuthToken")._meta
        meta.verbose_name = _("API-token")
        meta.verbose_name_plural = _("API-tokens")
