"""File sections other apps add to the agreement file: a small registry (check + writer).

The loader itself knows the agreement, its rooms, parties, indicators, targets and deadlines.
An app that keeps more of an agreement file (the ``budgets`` app: ``volunteer_rates``,
``budgets``, ``financing``, ``volunteer_hours``, ``stated_figures``) registers a
:class:`FileSection` from its ``AppConfig.ready()``; the loader then

- allows the section's top-level ``keys`` (after its own optional keys, in registration order),
- calls ``read`` after its own checks, with the same :class:`NodeReader` (so every problem
  is reported with file:line:column with the others, and a file with any problem loads
  nothing), and keeps what it returns in ``AgreementSpec.sections[name]``,
- calls ``write`` for every file, inside the load's one transaction, after its own rows (also
  when the file has none of the keys: the writer removes what the file no longer has), with
  one :class:`~agreements.loader.rows.Counts` per kind in ``counts``, which the load summary
  lists after its own kinds.

So the loader never imports the apps that extend the file: they depend on it, not the other
way round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from yaml.nodes import Node

from agreements.loader.rows import Counts
from agreements.loader.source import NodeReader
from agreements.loader.specs import PartySpec

if TYPE_CHECKING:
    from agreements.models import Agreement, Party, RoomGroup
    from locations.models import Location, Organisation


@dataclass(frozen=True)
class ReadContext:
    """What a section's check gets of one file: the reader collecting problems, the file's
    top-level nodes by key (``top.get(key)`` is None for an absent key), the room codes
    (None when the locations list is unusable), the parties as checked and the codes of the
    file's room groups (format 2; empty in format 1)."""

    reader: NodeReader
    top: Mapping[str, Node]
    location_codes: set[str] | None
    parties: tuple[PartySpec, ...]
    group_codes: frozenset[str] = frozenset()


@dataclass(frozen=True)
class WriteContext:
    """What a section's writer gets: the file (for a :class:`~agreements.loader.source.Problem`),
    the agreement's year, and the rows just written (room, party and room group codes ->
    rows)."""

    file: str
    year: int
    organisation: Organisation
    agreement: Agreement
    locations: Mapping[str, Location]
    parties: Mapping[str, Party]
    room_groups: Mapping[str, RoomGroup] = field(default_factory=dict)


@dataclass(frozen=True)
class FileSection:
    """One app's part of the agreement file.

    ``name`` names it (the key of ``AgreementSpec.sections``); ``keys`` are the top-level keys
    it owns; ``counts`` the kinds of row its writer reports, in summary order. ``read(context)``
    checks the keys, records problems in ``context.reader`` and returns plain, validated
    values (ignored when any problem was found). ``write(context, values, counts)`` writes
    them idempotently (the load runs as system code), counting into ``counts[kind]``; it may
    raise :class:`~agreements.loader.source.LoaderError` to roll the whole load back.
    """

    name: str
    keys: tuple[str, ...]
    counts: tuple[str, ...]
    read: Callable[[ReadContext], Any]
    write: Callable[[WriteContext, Any, Mapping[str, Counts]], None]
    #: Top-level keys of ``format: 2`` only (refused in a format-1 file, with their position).
    keys_since_2: tuple[str, ...] = ()
    #: ``dump(agreement)``: the section's top-level keys for a loaded agreement, as plain
    #: values the section's ``read`` accepts back (:mod:`agreements.loader.dump`).
    dump: Callable[[Agreement], dict[str, Any]] | None = None


_SECTIONS: dict[str, FileSection] = {}


def register_section(section: FileSection) -> None:
    """Add ``section`` to the agreement file (registered again under its name: replaced).

    Raises ValueError when one of its keys or count kinds is already another section's.
    """
    for other in _SECTIONS.values():
        if other.name == section.name:
            continue
        clash = (
            set(other.keys + other.keys_since_2) & set(section.keys + section.keys_since_2)
        ) | (set(other.counts) & set(section.counts))
        if clash:
            raise ValueError(
                f"section {section.name!r} clashes with {other.name!r}: {', '.join(sorted(clash))}"
            )
    _SECTIONS[section.name] = section


def registered_sections() -> tuple[FileSection, ...]:
    """The registered sections, in registration order."""
    return tuple(_SECTIONS.values())
