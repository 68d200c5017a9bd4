"""Writing a validated :class:`AgreementSpec` to the database, idempotently.

Every row is matched on its natural key and only saved when a value changed, so loading the
same file twice creates nothing and reports everything 'unchanged'. System code: it runs
inside :func:`locations.access.system_scope` (``load_agreement_files``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields

from django.utils.translation import gettext as _

from agreements.choices import AgreementKind
from agreements.loader.rows import Counts, delete_rows, upsert, upsert_many
from agreements.loader.sections import WriteContext, registered_sections
from agreements.loader.source import LoaderError, Problem
from agreements.loader.specs import AgreementSpec
from agreements.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Party,
    RegionTarget,
    ReportingDeadline,
    RoomGroup,
    RoomVersion,
    Target,
)
from agreements.targets import stored_target_values
from locations.models import Location, Organisation


@dataclass
class LoadSummary:
    """What loading one file did, per kind of row; ``removed_indicators`` lists the codes of
    indicators deleted because the file no longer has them.

    ``sections`` holds the counts of the kinds the registered file sections write (e.g.
    ``budget_lines``), which read like the loader's own: ``summary.budget_lines.created``.
    """

    file: str
    agreement: str
    organisation: Counts = field(default_factory=Counts)
    locations: Counts = field(default_factory=Counts)
    parties: Counts = field(default_factory=Counts)
    agreements: Counts = field(default_factory=Counts)
    agreement_parties: Counts = field(default_factory=Counts)
    indicators: Counts = field(default_factory=Counts)
    targets: Counts = field(default_factory=Counts)
    deadlines: Counts = field(default_factory=Counts)
    #: Format 2 (issue 12): room groups, and targets for the region or a group.
    room_groups: Counts = field(default_factory=Counts)
    region_targets: Counts = field(default_factory=Counts)
    sections: dict[str, Counts] = field(default_factory=dict)
    removed_indicators: list[str] = field(default_factory=list)
    #: Parties whose kind this file changed (``kind_changed: true``), e.g.
    #: ``"doen: fund -> sponsor"``; the other agreements keep the kind they state.
    kind_changes: list[str] = field(default_factory=list)
    #: The primary key of the agreement written (for a page to link to it).
    agreement_id: int | None = None

    def __getattr__(self, name: str) -> Counts:
        """The counts of a kind written by a file section; AttributeError when unknown."""
        sections = self.__dict__.get("sections", {})
        if name in sections:
            return sections[name]
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def counts(self) -> list[tuple[str, Counts]]:
        """(kind, counts) for every kind of row, in load order: the loader's own, then the
        file sections' in registration order."""
        own = [
            (f.name, getattr(self, f.name))
            for f in fields(self)
            if f.name
            not in (
                "file",
                "agreement",
                "sections",
                "removed_indicators",
                "kind_changes",
                "agreement_id",
            )  # fmt: skip
        ]
        return own + list(self.sections.items())


def write_agreement(spec: AgreementSpec) -> LoadSummary:
    """Create or update the agreement of ``spec`` and everything in it.

    Must run inside a transaction (see :func:`agreements.loader.load_agreement_files`).
    Locations and parties are updated, never deleted; indicators, targets, agreement parties
    and deadlines no longer in the file are removed from this agreement. Then every
    registered file section writes its part (:mod:`agreements.loader.sections`; the budgets
    app removes what the file no longer has too, and raises
    :class:`~agreements.loader.source.LoaderError` rather than remove a budget line with
    expenditures).
    """
    sections = registered_sections()
    summary = LoadSummary(
        file=spec.file,
        agreement=spec.slug,
        sections={kind: Counts() for section in sections for kind in section.counts},
    )
    organisation = upsert(
        Organisation.objects,
        summary.organisation,
        lookup={"slug": spec.organisation_slug},
        values={"name": spec.organisation_name},
    )
    locations = {
        location.code: upsert(
            Location.objects,
            summary.locations,
            lookup={"organisation": organisation, "code": location.code},
            values={
                "name": location.name,
                "neighbourhood": location.neighbourhood,
                "city": location.city,
                "address": location.address,
                "residents_association": location.residents_association,
                "opened_on": location.opened_on,
                "closed_on": location.closed_on,
            },
        )
        for location in spec.locations
    }
    agreement = upsert(
        Agreement.objects,
        summary.agreements,
        lookup={
            "organisation": organisation,
            "region": spec.region,
            "year": spec.year,
            "kind": spec.kind,
        },
        values={
            "offered_on": spec.offered_on,
            "region_name": spec.region_name,
            "title": spec.title,
            "signed_on": spec.signed_on,
            "status": spec.status,
            "source": spec.source,
            "housing_corporation_reporting": spec.housing_corporation_reporting,
            "municipality_items": [
                {"letter": letter, "counts": kind, "title": title}
                for letter, kind, title in spec.municipality_items
            ],
        },
    )
    summary.agreement_id = agreement.pk
    agreement.locations.set(locations.values())
    parties = _write_parties(spec, summary, organisation, agreement, locations)
    _write_indicators(spec, summary, agreement, locations)
    room_groups = _write_region_targets(spec, summary, agreement, locations)
    _write_deadlines(spec, summary, agreement)
    _write_room_versions(spec, agreement, locations)
    context = WriteContext(
        spec.file, spec.year, organisation, agreement, locations, parties, room_groups
    )
    for section in sections:
        counts = {kind: summary.sections[kind] for kind in section.counts}
        section.write(context, spec.sections[section.name], counts)
    return summary


def _write_parties(
    spec: AgreementSpec,
    summary: LoadSummary,
    organisation: Organisation,
    agreement: Agreement,
    locations: dict[str, Location],
) -> dict[str, Party]:
    """The file's parties and their roles in the agreement; returns the parties by code.

    A party is one identity per organisation and code; the name and kind this file states are
    kept on its role in this agreement (:class:`AgreementParty`), which this agreement's
    figures use. The party's own name, kind and room follow the file only while no other
    agreement has the party. A kind that differs from the kind another agreement states is
    refused (:class:`LoaderError` at the ``kind``) unless one of the two files says
    ``kind_changed: true`` (kept on the role), so two files load alike in either order. A file
    with the flag sets the party's own kind; its change is listed in ``summary.kind_changes``;
    every other agreement keeps the kind it states. A constant number of queries however
    many parties (the parties, their other roles and this agreement's roles read once each;
    new and changed rows written in bulk: :func:`~agreements.loader.rows.upsert_many`).
    """
    codes = [party_spec.code for party_spec in spec.parties]
    existing = {
        party.code: party
        for party in Party.objects.filter(organisation=organisation, code__in=codes)
    }
    others_of: dict[int, list[AgreementParty]] = defaultdict(list)
    for other in AgreementParty.objects.filter(party__in=list(existing.values())).exclude(
        agreement=agreement
    ):
        others_of[other.party_id].append(other)
    party_values: dict[str, dict] = {}
    problems = []
    for party_spec in spec.parties:
        location = locations.get(party_spec.location_code) if party_spec.location_code else None
        values = {
            "name": party_spec.name,
            "kind": party_spec.kind,
            "location_id": location.pk if location else None,
        }
        known_party = existing.get(party_spec.code)
        others = others_of[known_party.pk] if known_party is not None else []
        if others:
            values = {}
            differing = sorted({role.kind for role in others if role.kind != party_spec.kind})
            if party_spec.kind_changed:
                values["kind"] = party_spec.kind
                summary.kind_changes.extend(
                    f"{party_spec.code}: {kind} -> {party_spec.kind}" for kind in differing
                )
            elif any(not role.kind_changed and role.kind != party_spec.kind for role in others):
                line, column = party_spec.kind_position or (None, None)
                known = next(
                    role.kind
                    for role in others
                    if not role.kind_changed and role.kind != party_spec.kind
                )
                problems.append(
                    Problem(
                        spec.file,
                        line,
                        column,
                        "parties",
                        _(
                            "partij '%(code)s' is een %(known)s in andere afspraken; dit "
                            "bestand zegt %(kind)s (zet 'kind_changed: true' bij de partij, "
                            "format 2, om haar kind te veranderen)"
                        )
                        % {"code": party_spec.code, "known": known, "kind": party_spec.kind},
                    )
                )
        party_values[party_spec.code] = values
    if problems:
        raise LoaderError(problems)
    parties = upsert_many(
        Party,
        summary.parties,
        {code: {"organisation": organisation, "code": code} for code in codes},
        party_values,
        existing,
    )
    roles = {role.party_id: role for role in AgreementParty.objects.filter(agreement=agreement)}
    kept = upsert_many(
        AgreementParty,
        summary.agreement_parties,
        {
            party_spec.code: {"agreement": agreement, "party": parties[party_spec.code]}
            for party_spec in spec.parties
        },
        {
            party_spec.code: {
                "is_funder": party_spec.is_funder,
                "is_signatory": party_spec.is_signatory,
                "name": party_spec.name,
                "kind": party_spec.kind,
                "kind_changed": party_spec.kind_changed,
            }
            for party_spec in spec.parties
        },
        {code: roles[party.pk] for code, party in parties.items() if party.pk in roles},
    )
    summary.agreement_parties.removed = delete_rows(
        AgreementParty.objects.filter(agreement=agreement).exclude(
            pk__in=[role.pk for role in kept.values()]
        )
    )
    return parties


def link_offers(specs: list[AgreementSpec]) -> None:
    """Link each agreement of ``specs`` to the offer it followed (``follows_offer``: the
    offer's year, same organisation and region), or unlink it when the file names none.

    Runs after every file of the load is written, so the offer may be in the same command.
    Raises :class:`LoaderError` when the offer is not loaded.
    """
    problems = []
    for spec in specs:
        agreement = Agreement.objects.get(
            organisation__slug=spec.organisation_slug,
            region=spec.region,
            year=spec.year,
            kind=spec.kind,
        )
        offer = None
        if spec.follows_offer is not None:
            offer = Agreement.objects.filter(
                organisation=agreement.organisation,
                region=spec.region,
                year=spec.follows_offer,
                kind=AgreementKind.OFFER,
            ).first()
            if offer is None:
                problems.append(
                    Problem(
                        spec.file,
                        None,
                        None,
                        "follows_offer",
                        _(
                            "er is geen aanbod %(offer)s geladen (laad het eerst of in "
                            "dezelfde opdracht)"
                        )
                        % {"offer": f"{spec.region}-{spec.follows_offer}-offer"},
                    )
                )
                continue
        if agreement.follows_offer_id != (offer.pk if offer else None):
            agreement.follows_offer = offer
            agreement.save(update_fields=["follows_offer"])
    if problems:
        raise LoaderError(problems)


def _write_indicators(
    spec: AgreementSpec,
    summary: LoadSummary,
    agreement: Agreement,
    locations: dict[str, Location],
) -> None:
    kept = []
    for indicator_spec in spec.indicators:
        indicator = upsert(
            Indicator.objects,
            summary.indicators,
            lookup={"agreement": agreement, "code": indicator_spec.code},
            values={
                "position": indicator_spec.position,
                "section": indicator_spec.section,
                "description": indicator_spec.description,
                "method": indicator_spec.method,
                "method_text": indicator_spec.method_text,
                "housing_corporation": indicator_spec.housing_corporation,
                "categories": list(indicator_spec.categories),
                "source": indicator_spec.source,
            },
        )
        kept.append(indicator.pk)
        kept_targets = []
        for location_code, parsed in indicator_spec.targets:
            target = upsert(
                Target.objects,
                summary.targets,
                lookup={"indicator": indicator, "location": locations[location_code]},
                values=stored_target_values(parsed),
            )
            kept_targets.append(target.pk)
        summary.targets.removed += delete_rows(
            Target.objects.filter(indicator=indicator).exclude(pk__in=kept_targets),
        )
    stale = Indicator.objects.filter(agreement=agreement).exclude(pk__in=kept)
    summary.removed_indicators = sorted(stale.values_list("code", flat=True))
    summary.targets.removed += Target.objects.filter(indicator__in=stale).count()
    summary.indicators.removed = delete_rows(stale)


def _write_room_versions(
    spec: AgreementSpec, agreement: Agreement, locations: dict[str, Location]
) -> None:
    """The rooms' versions in this agreement (format 2, issue 12) as the file states them:
    the agreement's rows that differ are replaced, in two queries when nothing changed (read,
    compare) and four otherwise (read, delete, insert)."""
    wanted = {
        (locations[room.code].pk, label, start, end)
        for room in spec.locations
        for label, start, end in room.versions
    }
    existing = {
        (row.location_id, row.label, row.starts_on, row.ends_on): row.pk
        for row in RoomVersion.objects.filter(agreement=agreement)
    }
    if set(existing) == wanted:
        return
    RoomVersion.objects.filter(agreement=agreement).delete()
    RoomVersion.objects.bulk_create(
        RoomVersion(agreement=agreement, location_id=loc, label=label, starts_on=start, ends_on=end)
        for loc, label, start, end in sorted(wanted, key=lambda v: (v[0], v[2]))
    )


def _write_region_targets(
    spec: AgreementSpec,
    summary: LoadSummary,
    agreement: Agreement,
    locations: dict[str, Location],
) -> dict[str, RoomGroup]:
    """The room groups and the targets for the region or a group (format 2, issue 12):
    groups and targets no longer in the file are removed (a removed group's targets with it).
    Returns the file's groups by code."""
    groups: dict[str, RoomGroup] = {}
    for position, group_spec in enumerate(spec.room_groups):
        group = upsert(
            RoomGroup.objects,
            summary.room_groups,
            lookup={"agreement": agreement, "code": group_spec.code},
            values={"name": group_spec.name, "position": position},
        )
        group.locations.set([locations[code] for code in group_spec.locations])
        groups[group_spec.code] = group
    indicators = {
        indicator.code: indicator for indicator in Indicator.objects.filter(agreement=agreement)
    }
    kept = []
    for indicator_spec in spec.indicators:
        for key, parsed in indicator_spec.region_targets:
            target = upsert(
                RegionTarget.objects,
                summary.region_targets,
                lookup={
                    "indicator": indicators[indicator_spec.code],
                    "group": groups.get(key),  # None: the region
                },
                values=stored_target_values(parsed),
            )
            kept.append(target.pk)
    summary.region_targets.removed = delete_rows(
        RegionTarget.objects.filter(indicator__agreement=agreement).exclude(pk__in=kept)
    )
    summary.room_groups.removed = delete_rows(
        RoomGroup.objects.filter(agreement=agreement).exclude(
            pk__in=[g.pk for g in groups.values()]
        )
    )
    return groups


def _write_deadlines(spec: AgreementSpec, summary: LoadSummary, agreement: Agreement) -> None:
    """Deadlines have no natural key: an identical (kind, due_on, period) row is kept, the
    others are replaced."""
    existing = list(ReportingDeadline.objects.filter(agreement=agreement))
    for deadline in spec.deadlines:
        match = next(
            (
                row
                for row in existing
                if (row.kind, row.due_on, row.period)
                == (deadline.kind, deadline.due_on, deadline.period)
            ),
            None,
        )
        if match is None:
            ReportingDeadline.objects.create(
                agreement=agreement,
                kind=deadline.kind,
                due_on=deadline.due_on,
                period=deadline.period,
            )
            summary.deadlines.created += 1
        else:
            existing.remove(match)
            summary.deadlines.unchanged += 1
    summary.deadlines.removed = delete_rows(
        ReportingDeadline.objects.filter(pk__in=[row.pk for row in existing]),
    )
