"""Reads of the registrations app; every selector takes the requesting ``user``.

Scoping: each selector activates the user's scope (:func:`locations.access.user_scope`) and
reads through the scoped default managers; a queryset it returns carries that restriction, so
a selector is safe to call outside a request too. Counting of unique participants for reports
lives in the reports app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, Q, QuerySet, When
from django.db.models.functions import Lower

from locations.access import Action, Area, Scope, build_scope, user_scope
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.models.participants import Job, Participant, Session


@dataclass(frozen=True)
class ParticipantMatch:
    """One autocomplete suggestion; ``nickname`` is "" unless the user may see it."""

    id: int
    code: str
    nickname: str

    def as_json(self) -> dict[str, int | str]:
        """The suggestion as the autocomplete's JSON object: ``id``, ``code``, ``nickname``."""
        return {"id": self.id, "code": self.code, "nickname": self.nickname}


def participant_search(
    *, user: AnyUser, query: str, location: Location | None = None, limit: int = 10
) -> list[ParticipantMatch]:
    """Participants matching ``query`` for the autocomplete of the log page.

    - code match by any part of it (contains, case-insensitive: "41" finds CJM-0041) over
      the organisations in the user's scope;
    - nickname match (contains, case-insensitive) only for participants whose nickname the
      user may see (:meth:`~locations.access.scope.Scope.sees_nickname`: staff who log at
      their home location); nicknames are returned only for those participants (DOMAIN.md,
      Privacy: a nickname is visible only to the home location's staff; the board sees
      codes).
    ``location`` limits the search to that location's organisation. Returns at most
    ``limit`` matches: an exact code match first, then codes starting with ``query``, then the
    rest, each by code. Empty query, or one holding a NUL
    character (which no stored code or nickname can hold: PostgreSQL refuses it): empty list.
    """
    query = query.strip()
    if not query or "\x00" in query:
        return []
    scope = build_scope(user)
    with user_scope(user):
        participants = Participant.objects.all()
        if location is not None:
            participants = participants.filter(organisation_id=location.organisation_id)
        visible_homes = scope.locations(Action.ADD, Area.REGISTRATION).values("pk")
        participants = (
            participants.filter(
                Q(code__icontains=query)
                | Q(nickname__icontains=query, home_location__in=visible_homes)
            )
            .annotate(
                exact=Case(
                    When(code__iexact=query, then=0),
                    When(code__istartswith=query, then=1),
                    default=2,
                )
            )
            .order_by("exact", Lower("code"))
        )
        return _matches(scope, participants[:limit])


def _matches(scope: Scope, participants: QuerySet[Participant]) -> list[ParticipantMatch]:
    rows = participants.values_list("pk", "code", "nickname", "home_location_id", "organisation_id")
    return [
        ParticipantMatch(
            id=pk,
            code=code,
            nickname=nickname
            if scope.sees_nickname(organisation_id=org_id, home_location_id=home_id)
            else "",
        )
        for pk, code, nickname, home_id, org_id in rows
    ]


def sessions_for_user(*, user: AnyUser) -> QuerySet[Session]:
    """Sessions the user may see, newest first, with ``participant_count`` (identified
    attendances)."""
    with user_scope(user):
        return (
            Session.objects.select_related("location")
            .annotate(participant_count=Count("attendances"))
            .order_by("-date", "location__name", "category", "title", "pk")
        )


@dataclass(frozen=True)
class DayOverview:
    """What was logged at one location on one date: sessions and jobs, in logging order."""

    location: Location
    date: datetime.date
    sessions: list[Session]
    jobs: list[Job]


def day_overview(*, user: AnyUser, location: Location, date: datetime.date) -> DayOverview:
    """Sessions (with ``participant_count``) and jobs of ``location`` on ``date``, scoped."""
    sessions = sessions_for_user(user=user).filter(location=location, date=date).order_by("pk")
    with user_scope(user):
        jobs = (
            Job.objects.filter(location=location, date=date)
            .select_related("participant")
            .order_by("pk")
        )
        return DayOverview(location=location, date=date, sessions=list(sessions), jobs=list(jobs))


def session_participants(*, user: AnyUser, session: Session) -> list[ParticipantMatch]:
    """The identified participants of ``session`` by code; nicknames only where visible."""
    with user_scope(user):
        return _matches(build_scope(user), session.participants.order_by(Lower("code")))
