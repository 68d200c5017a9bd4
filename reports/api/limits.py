"""Throttling and pagination of the API (``REST_FRAMEWORK`` in ``bwk/settings.py``).

Kept apart from the views: DRF imports these classes from its settings while it defines its
own ``APIView``, so this module imports nothing of DRF's views.
"""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination
from rest_framework.settings import api_settings
from rest_framework.throttling import UserRateThrottle


class _SettingsRateThrottle(UserRateThrottle):
    """A per-user throttle (anonymous visitors of the schema: per address) whose rate is read
    from ``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"][scope]`` when a request comes in (DRF's
    own reads it once at import), so changed settings apply at once."""

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(str(self.scope))
        return None if rate is None else str(rate)


class BurstRateThrottle(_SettingsRateThrottle):
    """Requests per user in a short window: ``API_THROTTLE_BURST`` (default 60/minute)."""

    scope = "api_burst"


class SustainedRateThrottle(_SettingsRateThrottle):
    """Requests per user per day: ``API_THROTTLE_SUSTAINED`` (default 2000/day)."""

    scope = "api_sustained"


class Pagination(PageNumberPagination):
    """Pages of ``PAGE_SIZE`` (50) rows; ``?page=N``, ``?page_size=N`` up to 1000. A page holds
    ``count``, ``next``, ``previous`` (URLs or null) and ``results``."""

    page_size_query_param = "page_size"
    max_page_size = 1000
