"""Template context every page's frame needs (templates/base.html): who runs the site and how
to reach them."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest | None = None) -> dict[str, Any]:
    """Return ``{"contact_email": ..., "operator_name": ..., "utrecht_stylesheets": ...}``:
    the settings ``BWK_CONTACT_EMAIL`` and ``BWK_OPERATOR_NAME`` and the static paths of the
    NL Design System component stylesheets (one per ``@utrecht/*-css`` package of
    package.json, ``settings.BWK_UTRECHT_PACKAGES``; linked one by one, not through
    ``@import``, which axe-core would copy into inline styles the CSP blocks). No query: also
    for the 500 page."""
    return {
        "contact_email": settings.BWK_CONTACT_EMAIL,
        "operator_name": settings.BWK_OPERATOR_NAME,
        "utrecht_stylesheets": [
            f"utrecht/{name}/index.min.css" for name in settings.BWK_UTRECHT_PACKAGES
        ],
    }
