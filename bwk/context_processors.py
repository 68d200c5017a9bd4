"""Template context every page's frame needs (templates/base.html): who runs the site and how
to reach them."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest | None = None) -> dict[str, Any]:
    """Return ``{"contact_email": ..., "operator_name": ...}`` from the settings
    ``BWK_CONTACT_EMAIL`` and ``BWK_OPERATOR_NAME`` (no query; also for the 500 page)."""
    return {
        "contact_email": settings.BWK_CONTACT_EMAIL,
        "operator_name": settings.BWK_OPERATOR_NAME,
    }
