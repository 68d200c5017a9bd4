"""Writing a loaded agreement back as an agreement file in the current format (format 2).

:func:`dump_agreement` is the inverse of the loader (issue 12, "download any loaded agreement
as a file in the current format that loads back identically"): every row the loader writes
for the agreement is written out, the loader's own keys here and the keys of each registered
file section by its ``dump`` (:mod:`agreements.loader.sections`). Loading the result gives the
same rows and figures (tested for both Zuidoost files). Comments and the original key order
of the source file are not kept.
"""

from __future__ import annotations

from typing import Any

import yaml

from agreements.choices import AgreementKind
from agreements.loader.schema import FORMAT_VERSION
from agreements.loader.schema.indicators import REGION_KEY
from agreements.loader.sections import registered_sections
from agreements.models import Agreement, AgreementParty, RoomVersion


def agreement_data(agreement: Agreement) -> dict[str, Any]:
    """The file's content for ``agreement`` as plain Python values (str, int, bool, dates,
    lists, dicts), in the order of docs/agreement-format.md. Reads through the default
    managers: call it in a scope that sees the whole agreement (system code or an admin)."""
    data: dict[str, Any] = {
        "format": FORMAT_VERSION,
        "organisation": {"slug": agreement.organisation.slug, "name": agreement.organisation.name},
        "region": agreement.region,
        "region_name": agreement.region_name,
        "year": agreement.year,
        "title": agreement.title,
    }
    if agreement.kind != AgreementKind.AGREEMENT:
        data["kind"] = agreement.kind
    _optional(data, "offered_on", agreement.offered_on)
    if agreement.follows_offer_id is not None:
        data["follows_offer"] = agreement.follows_offer.year
    data["signed_on"] = agreement.signed_on
    data["status"] = agreement.status
    _optional(data, "source", agreement.source)
    _optional(data, "housing_corporation_reporting", agreement.housing_corporation_reporting)
    data["municipality_items"] = [
        {"letter": item["letter"], "counts": item["counts"]}
        | ({"title": item["title"]} if item.get("title") else {})
        for item in agreement.municipality_items
    ]
    locations = list(agreement.locations.order_by("code"))
    codes = {location.pk: location.code for location in locations}
    versions: dict[int, list[RoomVersion]] = {}
    for version in RoomVersion.objects.filter(agreement=agreement).order_by("starts_on"):
        versions.setdefault(version.location_id, []).append(version)
    data["locations"] = []
    for location in locations:
        item: dict[str, Any] = {"code": location.code, "name": location.name}
        for name in ("neighbourhood", "city", "address", "residents_association"):
            _optional(item, name, getattr(location, name))
        _optional(item, "opened_on", location.opened_on)
        _optional(item, "closed_on", location.closed_on)
        room_versions = [
            {"label": v.label, "from": v.starts_on} | ({"until": v.ends_on} if v.ends_on else {})
            for v in versions.get(location.pk, [])
        ]
        if room_versions:
            item["versions"] = room_versions
        data["locations"].append(item)
    data["parties"] = []
    roles = AgreementParty.objects.filter(agreement=agreement).select_related("party")
    for role in roles.order_by("pk"):
        party: dict[str, Any] = {
            "code": role.party.code,
            "name": role.stated_name,
            "kind": role.stated_kind,
        }
        if role.kind_changed:
            party["kind_changed"] = True
        party["funder"] = role.is_funder
        party["signatory"] = role.is_signatory
        if role.party.location_id in codes:
            party["location"] = codes[role.party.location_id]
        data["parties"].append(party)
    data["reporting_deadlines"] = [
        {"kind": deadline.kind, "due_on": deadline.due_on, "period": deadline.period}
        for deadline in agreement.deadlines.order_by("due_on", "pk")
    ]
    groups = list(agreement.room_groups.order_by("position", "pk").prefetch_related("locations"))
    if groups:
        data["room_groups"] = [
            {
                "code": group.code,
                "name": group.name,
                "locations": sorted(location.code for location in group.locations.all()),
            }
            for group in groups
        ]
    group_codes = {group.pk: group.code for group in groups}
    group_order = {group.pk: index for index, group in enumerate(groups)}
    data["indicators"] = []
    for indicator in agreement.indicators.order_by("position", "pk").prefetch_related(
        "targets__location", "region_targets"
    ):
        row: dict[str, Any] = {
            "code": indicator.code,
            "section": indicator.section,
            "description": indicator.description,
            "method": indicator.method,
        }
        _optional(row, "method_text", indicator.method_text)
        if indicator.housing_corporation:
            row["housing_corporation"] = True
        if indicator.categories:
            row["categories"] = list(indicator.categories)
        _optional(row, "source", indicator.source)
        row["targets"] = {
            target.location.code: target.text
            for target in sorted(indicator.targets.all(), key=lambda t: t.location.code)
        }
        # Format 2: the region's target, then the groups' in the file's order (issue 12).
        for target in sorted(
            indicator.region_targets.all(),
            key=lambda t: -1 if t.group_id is None else group_order[t.group_id],
        ):
            key = group_codes[target.group_id] if target.group_id is not None else REGION_KEY
            row["targets"][key] = target.printed_text or target.text
        data["indicators"].append(row)
    for section in registered_sections():
        if section.dump is not None:
            data.update(section.dump(agreement))
    return data


def dump_agreement(agreement: Agreement) -> str:
    """``agreement`` as the text of a format-2 agreement file (YAML, UTF-8), which
    :func:`agreements.loader.load_agreement_files` loads back to the same rows."""
    header = (
        f"# {agreement.slug}: written by bwk from the loaded agreement "
        f"(docs/agreement-format.md, format {FORMAT_VERSION})\n"
    )
    return header + yaml.safe_dump(
        agreement_data(agreement), sort_keys=False, allow_unicode=True, width=100
    )


def _optional(data: dict[str, Any], key: str, value: object) -> None:
    """Set ``key`` only for a value that is not blank (the loader reads absent as blank)."""
    if value not in (None, ""):
        data[key] = value
