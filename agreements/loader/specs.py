"""The validated content of an agreement file: plain frozen values, no YAML, no database.

Built by :mod:`agreements.loader.schema`, written by :mod:`agreements.loader.writer`; the
parts other apps add are in ``AgreementSpec.sections``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from agreements.targets import ParsedTarget


@dataclass(frozen=True)
class LocationSpec:
    """A room as stated in the file (blank texts are "")."""

    code: str
    name: str
    neighbourhood: str
    city: str
    address: str
    residents_association: str
    opened_on: datetime.date | None
    closed_on: datetime.date | None
    #: Format 2 (issue 12): the room's versions in this agreement, (label, from, until or
    #: None), in date order.
    versions: tuple[tuple[str, datetime.date, datetime.date | None], ...] = ()


@dataclass(frozen=True)
class PartySpec:
    """A party and its role in this agreement; ``location_code`` for residents' associations.

    ``kind_changed`` (format 2) allows the file to change the kind of a party other
    agreements already know under another kind; ``kind_position`` is the (line, column) of
    ``kind`` in the file, for the writer's message when it is not allowed.
    """

    code: str
    name: str
    kind: str
    is_funder: bool
    is_signatory: bool
    location_code: str | None
    kind_changed: bool = False
    kind_position: tuple[int, int] | None = None


@dataclass(frozen=True)
class DeadlineSpec:
    """A reporting deadline; ``period`` is ``YYYY-Qn`` or ``YYYY``."""

    kind: str
    due_on: datetime.date
    period: str


@dataclass(frozen=True)
class RoomGroupSpec:
    """A group of the file's rooms (format 2 ``room_groups``): its code, name and the codes
    of its rooms, in the file's order."""

    code: str
    name: str
    locations: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorSpec:
    """One row of the targets table with its parsed target per location code."""

    code: str
    position: int
    section: str
    description: str
    method: str
    method_text: str
    housing_corporation: bool
    categories: tuple[str, ...]
    source: str
    targets: tuple[tuple[str, ParsedTarget], ...]
    #: Format 2: the targets for the whole region (key ``region``) and for room groups (a
    #: group's code), in the file's order (issue 12).
    region_targets: tuple[tuple[str, ParsedTarget], ...] = ()


@dataclass(frozen=True)
class AgreementSpec:
    """A whole agreement file, validated; ``sections`` holds what each registered file
    section read (:mod:`agreements.loader.sections`), by section name."""

    file: str
    organisation_slug: str
    organisation_name: str
    region: str
    region_name: str
    year: int
    title: str
    signed_on: datetime.date | None
    status: str
    source: str
    locations: tuple[LocationSpec, ...]
    parties: tuple[PartySpec, ...]
    deadlines: tuple[DeadlineSpec, ...]
    indicators: tuple[IndicatorSpec, ...]
    sections: dict[str, Any] = field(default_factory=dict)
    housing_corporation_reporting: str = ""
    kind: str = "agreement"
    offered_on: datetime.date | None = None
    follows_offer: int | None = None
    #: The municipality's items as (letter, kind, title); see ``read_municipality_items``.
    municipality_items: tuple[tuple[str, str, str], ...] = ()
    #: Format 2: the room groups (``room_groups``), in the file's order.
    room_groups: tuple[RoomGroupSpec, ...] = ()

    @property
    def key(self) -> tuple[str, str, int, str]:
        """The agreement's natural key: (organisation slug, region, year, kind)."""
        return (self.organisation_slug, self.region, self.year, self.kind)

    @property
    def slug(self) -> str:
        """The agreement's name: ``<region>-<year>``, or ``<region>-<year>-<kind>`` for an
        offer or a multi-year plan (as :attr:`agreements.models.Agreement.slug`)."""
        base = f"{self.region}-{self.year}"
        return base if self.kind == "agreement" else f"{base}-{self.kind}"
