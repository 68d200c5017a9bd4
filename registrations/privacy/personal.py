"""What of a participant or volunteer is personal, and removing it everywhere.

:data:`PERSONAL_FIELDS` is the one table: per kind of person, the records that refer to
them (the person's own row and every record linked to them) and the free-text fields of
those records that describe the person. :data:`KEPT_FIELDS` names every other text field of
those records with the reason it stays (a report counts by it, or it is a pseudonymous key).
``registrations/tests/test_privacy.py`` fails when a text field is in neither table, so a
new field must be sorted before it ships.

:func:`erase_people` empties the personal fields of some people in the live rows and in
their history tables (django-simple-history) and writes one row per person to the register
(:class:`~registrations.models.Erasure`). Nothing else changes: no row is deleted and no code,
date, category, kind, link or number is touched, so every count of every report stays the same
(DOMAIN.md, Privacy: "counts in issued reports stay reproducible").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import User
from django.db import models, transaction
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from simple_history.utils import get_history_model_for_model

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

from registrations.models import (
    AssociationMember,
    Attendance,
    DebtSupport,
    Erasure,
    IncomingReferral,
    Job,
    KeyHolding,
    MinimaApplication,
    OutgoingReferral,
    PaidWork,
    Participant,
    ParticipantFirstSeen,
    ParticipantMonth,
    PersonKind,
    Placement,
    Volunteer,
    VolunteerGroupMembership,
    VolunteerHours,
)


@dataclass(frozen=True)
class Linked:
    """Records of ``model`` that refer to a person through ``link`` (a lookup giving the
    person's id: ``"id"`` for the person's own row, ``"participant_id"`` for a record naming
    a participant); ``fields``: the personal text fields emptied on erasure (may be empty:
    the records are then only exported)."""

    model: type[models.Model]
    link: str
    fields: tuple[str, ...] = ()


#: Per kind of person: the records that refer to them, the person's own row first, and the
#: fields of each that are personal (removed after the retention period or on request).
PERSONAL_FIELDS: dict[str, tuple[Linked, ...]] = {
    PersonKind.PARTICIPANT: (
        Linked(Participant, "id", ("nickname",)),
        Linked(Attendance, "participant_id"),
        Linked(Job, "participant_id", ("description",)),
        Linked(IncomingReferral, "participant_id", ("agency",)),
        Linked(OutgoingReferral, "participant_id", ("note",)),
        Linked(Placement, "participant_id"),
        Linked(PaidWork, "participant_id", ("note",)),
        Linked(MinimaApplication, "participant_id"),
        Linked(DebtSupport, "participant_id", ("note",)),
        Linked(AssociationMember, "participant_id"),
        Linked(Volunteer, "participant_id"),
    ),
    PersonKind.VOLUNTEER: (
        Linked(Volunteer, "id", ("nickname",)),
        Linked(KeyHolding, "volunteer_id"),
        Linked(VolunteerGroupMembership, "volunteer_id"),
        Linked(VolunteerHours, "volunteer_id"),
    ),
}

#: Models that refer to a person but hold only figures derived from the records above, kept
#: in step with them by the database (no text of their own, no history): the monthly rollup
#: of attendances and jobs and the first-seen rollup derived from it (issue 13). Removing or
#: merging a person's records updates them.
DERIVED_MODELS: tuple[type[models.Model], ...] = (ParticipantMonth, ParticipantFirstSeen)

#: Text fields of the records above that stay, with the reason (shown on the privacy page).
KEPT_FIELDS: dict[tuple[type[models.Model], str], StrOrPromise] = {
    (Participant, "code"): _("pseudoniem; telt een persoon één keer in de rapportages"),
    (Volunteer, "code"): _("pseudoniem; telt een vrijwilliger één keer in de rapportages"),
    (Job, "import_key"): _("technische sleutel van een import; bevat geen tekst over de persoon"),
    (IncomingReferral, "kind"): _("telt aanmeldingen en nieuwe bewoners (prestatie X op Y)"),
    (OutgoingReferral, "organisation_name"): _(
        "de gemeente vraagt hoeveel doorverwijzingen naar welke organisatie (onderdeel a)"
    ),
    (Placement, "kind"): _("telt werkplekken per soort"),
    (MinimaApplication, "scheme"): _(
        "de gemeente vraagt hoeveel aanvragen per regeling (onderdeel b)"
    ),
    (DebtSupport, "organisation_name"): _(
        "de gemeente vraagt hoeveel bewoners naar welke schuldhulp (onderdeel d)"
    ),
    (AssociationMember, "member_code"): _(
        "het pseudonieme lidnummer van de bewonersvereniging; telt leden"
    ),
    (VolunteerHours, "span"): _("of de uren een dag of een week beslaan; telt uren"),
}


def person_model(kind: str) -> type[Participant] | type[Volunteer]:
    """The model of a :class:`~registrations.models.PersonKind` value; KeyError otherwise."""
    if kind == PersonKind.PARTICIPANT:
        return Participant
    if kind == PersonKind.VOLUNTEER:
        return Volunteer
    raise KeyError(kind)


def history_model(model: type[models.Model]) -> type[models.Model]:
    """The historical model (django-simple-history) of a tracked ``model``."""
    return get_history_model_for_model(model)


#: People per UPDATE (PostgreSQL takes at most 65,535 parameters in one statement).
_BATCH = 2000


def _empty(
    table: type[models.Model],
    link: str,
    field: str,
    ids: list[int],
    removed: dict[int, Counter[str]],
) -> None:
    """Empty ``field`` of the rows of ``table`` whose ``link`` is one of ``ids``, counting
    the values removed per person in ``removed`` (key ``<db table>.<field>``)."""
    rows = table._default_manager.filter(**{f"{link}__in": ids}).exclude(**{field: ""})
    label = f"{table._meta.db_table}.{field}"
    for row in rows.values(link).annotate(count=Count("pk")):
        removed[row[link]][label] += row["count"]
    rows.update(**{field: ""})


@dataclass(frozen=True)
class Person:
    """One person to erase: ``id`` of their row, pseudonymous ``code``, organisation id."""

    id: int
    code: str
    organisation_id: int


def erase_people(
    kind: str,
    people: Iterable[Person],
    *,
    cause: str,
    reason: str,
    user: User | None = None,
    register_all: bool = False,
) -> list[Erasure]:
    """Empty the personal fields (:data:`PERSONAL_FIELDS`) of ``people`` of ``kind`` in the
    live rows and their history rows, in one transaction, in the active scope (the caller
    has checked access and runs in the user's scope or as system code).

    ``cause`` is an :class:`~registrations.models.ErasureCause` value, ``reason`` the text
    stored with it, ``user`` who erased (None for the retention task). Returns the register
    rows written: one per person from whom anything was removed, or per person whatever was
    found when ``register_all`` (a request is registered even when nothing was left).

    The live rows are changed with a plain UPDATE: no history row is written for the removal
    (it would only show that empty text stayed empty); the register is its record. The
    closed-period rule does not apply: an erasure changes no figure.
    """
    people = list(people)
    removed: dict[int, Counter[str]] = defaultdict(Counter)
    with transaction.atomic():
        for start in range(0, len(people), _BATCH):
            ids = [person.id for person in people[start : start + _BATCH]]
            for linked in PERSONAL_FIELDS[kind]:
                for table in (linked.model, history_model(linked.model)):
                    for field in linked.fields:
                        _empty(table, linked.link, field, ids, removed)
        register = [
            Erasure(
                organisation_id=person.organisation_id,
                person_kind=kind,
                person_id=person.id,
                code=person.code,
                cause=cause,
                erased_by=user,
                reason=reason,
                fields=dict(sorted(removed[person.id].items())),
            )
            for person in people
            if register_all or removed[person.id]
        ]
        Erasure.objects.bulk_create(register)
    return register
