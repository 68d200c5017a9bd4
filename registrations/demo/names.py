"""The organisations the demo records name, drawn from the agreement itself (issue 12: "the
demo generator draws organisations, agencies and categories from the agreement's own parties
and indicators; no 'MaDi Zuidoost' in another city").

Referring agencies, care and debt-support organisations and partners are the agreement's
parties (their names and kinds as this agreement states them), completed with neutral generic
descriptions ("Buurtteam", "Huisarts") that name no organisation of any region. Which rooms
have a residents' association is also read here: only those get association members.
"""

from __future__ import annotations

from dataclasses import dataclass

from agreements.choices import PartyKind
from agreements.models import Agreement, AgreementParty

#: Generic referrers (what a coordinator writes when no party fits), with weights.
GENERIC_AGENCIES = [("Buurtteam", 4), ("Maatschappelijk werk", 2), ("Huisarts", 1)]
#: Generic care and welfare organisations people are referred to, with weights.
GENERIC_CARE = [
    ("Buurtteam", 5), ("Maatschappelijk werk", 5), ("Schuldhulpverlening", 3),
    ("Wijkzorgteam", 2), ("GGD", 1), ("Rechtshulp", 2), ("Informatiepunt welzijn", 2),
    ("Thuisadministratie", 1), ("Voedselbank", 1),
]  # fmt: skip
#: Generic debt-support organisations.
GENERIC_DEBT = [
    "Schuldhulpverlening",
    "Budgetadvies",
    "Thuisadministratie",
    "Schuldhulpvrijwilliger",
]
#: Generic neighbourhood partners of a room.
GENERIC_PARTNERS = [
    "Basisschool in de buurt", "Bibliotheek", "Taalhuis", "Huisartsenpraktijk", "Wijkagent",
    "Buurtteam", "Voedselbank", "Kerk in de buurt", "Moskee", "Sportvereniging",
    "Kinderboerderij", "Repair Café", "Buurtcentrum", "Thuiszorg", "Welzijnsorganisatie",
    "Maatschappelijk werk", "Jongerenwerk", "Seniorenvereniging", "Kringloopwinkel",
    "Vluchtelingenorganisatie", "Wijkzorgteam", "GGD", "Speeltuinvereniging",
    "Kunstenaarscollectief",
]  # fmt: skip
#: Party kinds that refer people to a room, with the weight of each such party.
REFERRING_KINDS = {
    PartyKind.BENEFIT_AGENCY: 5,
    PartyKind.MUNICIPALITY: 3,
    PartyKind.HOUSING_CORPORATION: 2,
    PartyKind.HEALTH_INSURER: 1,
}
#: Party kinds that are organisations a room works with (not "other": e.g. own income).
PARTNER_KINDS = {
    PartyKind.MUNICIPALITY,
    PartyKind.HOUSING_CORPORATION,
    PartyKind.BENEFIT_AGENCY,
    PartyKind.FUND,
    PartyKind.HEALTH_INSURER,
    PartyKind.SPONSOR,
}


@dataclass(frozen=True)
class DemoNames:
    """The names one agreement's demo records use.

    ``agencies`` and ``newcomer_agencies`` refer people in (weighted (name, weight) pairs;
    "" is a newcomer who came by themself), ``care`` receives referrals out (weighted),
    ``debt`` gives debt support, ``partners`` sign partner agreements; ``association_rooms``
    are the ids of the rooms the agreement names a residents' association for.
    """

    agencies: list[tuple[str, int]]
    newcomer_agencies: list[tuple[str, int]]
    care: list[tuple[str, int]]
    debt: list[str]
    partners: list[str]
    association_rooms: frozenset[int]

    @classmethod
    def for_agreement(cls, agreement: Agreement) -> DemoNames:
        """The names of ``agreement``: its parties as it states them (AgreementParty name and
        kind) and generic descriptions; runs as system code (a query per call)."""
        roles = list(
            AgreementParty.objects.filter(agreement=agreement)
            .select_related("party")
            .order_by("party__code")  # not the table's order, which an update changes
        )
        stated = [(role.stated_name, role.stated_kind, role.party.location_id) for role in roles]
        municipalities = [name for name, kind, _l in stated if kind == PartyKind.MUNICIPALITY]
        referring = [
            (name, REFERRING_KINDS[kind]) for name, kind, _l in stated if kind in REFERRING_KINDS
        ]
        newcomers = [(f"{name} (inburgering)", 3) for name in municipalities[:1]] or [
            ("Gemeente (inburgering)", 3)
        ]
        partners = [name for name, kind, _l in stated if kind in PARTNER_KINDS]
        association_rooms = frozenset(
            location_id
            for _n, kind, location_id in stated
            if kind == PartyKind.RESIDENTS_ASSOCIATION and location_id is not None
        ) | frozenset(
            agreement.locations.exclude(residents_association="").values_list("pk", flat=True)
        )
        return cls(
            agencies=_unique(referring + GENERIC_AGENCIES),
            newcomer_agencies=[("Vluchtelingenorganisatie", 4), *newcomers, ("", 2)],
            care=_unique(GENERIC_CARE + [(name, 1) for name, _w in referring]),
            debt=[f"{name} (schuldhulpverlening)" for name in municipalities[:1]] + GENERIC_DEBT,
            partners=list(dict.fromkeys(partners + GENERIC_PARTNERS)),
            association_rooms=association_rooms,
        )


def _unique(options: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """``options`` with each name once (its first weight kept)."""
    seen: dict[str, int] = {}
    for name, weight in options:
        seen.setdefault(name, weight)
    return list(seen.items())
