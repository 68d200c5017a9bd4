"""What the demo generators share: nicknames, the rooms' calendar (open days, quiet
weeks) and the code prefix of a location."""

from __future__ import annotations

import datetime
import re

from locations.models import Location

NICKNAMES = [
    "Anita", "Bram", "Chantal", "Daan", "Esther", "Farid", "Gloria", "Hanna", "Ilse", "Jamal",
    "Kofi", "Linda", "Mo", "Nadia", "Orlando", "Priya", "Rachid", "Sandra", "Tineke", "Urvin",
    "Vera", "Wendy", "Yara", "Zeynep", "Ama", "Kwame", "Sharon", "Ricardo", "Fatima", "Henk",
]  # fmt: skip


def open_days(location: Location, year: int) -> list[datetime.date]:
    first = max(datetime.date(year, 1, 1), location.opened_on or datetime.date.min)
    last = min(datetime.date(year, 12, 31), location.closed_on or datetime.date.max)
    return [
        first + datetime.timedelta(days=n)
        for n in range((last - first).days + 1)
        if (first + datetime.timedelta(days=n)).weekday() < 5
    ]


def season(date: datetime.date) -> float:
    """How busy a date is: 1 normally, lower in July/August and the Christmas weeks."""
    if (date.month == 12 and date.day >= 22) or (date.month == 1 and date.day <= 2):
        return 0.15
    if date.month in (7, 8):
        return 0.55
    return 1.0


def code_prefix(location: Location) -> str:
    return (re.sub(r"[^A-Z]", "", location.code.upper()) or "DEM")[:3]
