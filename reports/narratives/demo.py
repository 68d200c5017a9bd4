"""Demo narratives (issue 11): for the demo's issued quarters, each room's coordinator (or,
for a room without one, an admin) writes a narrative and hands it to the board, which
approves it, all through :func:`reports.narratives.services.narrative_save`, so the demo's
PDFs show the narrative section as a municipality would get it.

The texts are drawn from a few generic Dutch sentences about the life of a room (no
resident, no staff member, no figure: figures come from the registrations). Deterministic for
a seed; a narrative already there (written by hand or by an earlier run) is left as it is.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

from agreements.models import Agreement
from locations.access import Action, Area, user_scope
from locations.access.grants import AnyUser
from locations.models import Location
from locations.periods import parse_period
from reports.narratives.models import Narrative
from reports.narratives.services import narrative_save

__all__ = ["write_demo_narratives"]

_HIGHLIGHTS = [
    "De vaste ochtendkoffie trok dit kwartaal nieuwe buurtbewoners; een paar van hen helpen "
    "nu mee met de inloop.",
    "Samen met de bewonerscommissie is een buurtmaaltijd georganiseerd; de opbrengst gaat naar "
    "nieuwe spellen voor de kinderactiviteiten.",
    "De computerles zit vol: er is een tweede groep gestart op de woensdagmiddag.",
    "De klussendienst heeft meer aanvragen gekregen dan ooit, vooral kleine reparaties in huis.",
    "Het taalcafé is verhuisd naar de grotere ruimte en heeft er een vaste groep bij gekregen.",
]
_STORIES = [
    "Een bewoner die na haar pensioen weinig mensen meer zag, kwam eerst alleen voor de koffie. "
    "Nu opent zij twee ochtenden per week de buurtwerkkamer en kent zij de halve straat.",
    "Een vader uit de buurt kwam binnen met een vraag over een brief van de gemeente. Hij werd "
    "doorverwezen naar de formulierenhulp en helpt nu zelf mee bij de klussendienst.",
    "Een jongere zocht een plek om stage te lopen. Bij de buurtwerkkamer leerde hij de inloop "
    "draaien; inmiddels heeft hij een betaalde bijbaan gevonden.",
    "Twee buurvrouwen die elkaar niet kenden, ontmoetten elkaar bij het taalcafé. Ze koken nu "
    "samen voor de maandelijkse buurtmaaltijd.",
]
_ATTENTION = [
    "Er zijn te weinig sleutelbeheerders voor de avonden; we werven actief nieuwe vrijwilligers.",
    "De ruimte is op drukke middagen te klein; we overleggen met de corporatie over een "
    "tweede ruimte.",
    "Het bereik onder jongeren blijft achter bij het streefcijfer; we starten een activiteit "
    "samen met het jongerenwerk.",
    "",
]


def _texts(rng: random.Random) -> dict[str, str]:
    return {
        "highlights": rng.choice(_HIGHLIGHTS),
        "story": rng.choice(_STORIES),
        "attention": rng.choice(_ATTENTION),
    }


def write_demo_narratives(
    agreement: Agreement,
    periods: Iterable[str],
    *,
    writers: Iterable[AnyUser],
    approver: AnyUser,
    seed: int,
) -> int:
    """Write, submit and approve a narrative for every room of ``agreement`` and every
    quarter in ``periods`` ("2019-Q2"; other kinds of period are skipped) that has none yet.

    ``writers``: users who may write narratives; each room's narrative is written by the
    first of them who may add one there (a coordinator of the room before an admin: pass
    them in that order). ``approver``: a board member or admin who approves. Rooms no writer
    may write for are skipped. Returns how many narratives were written now. Raises what
    :func:`narrative_save` raises (PermissionDenied, ValidationError), e.g. for a closed
    quarter.
    """
    writers = list(writers)
    written = 0
    locations = list(agreement.locations.order_by("code"))
    for period in periods:
        parsed = parse_period(period)
        if parsed.kind != "Q" or parsed.quarter is None:
            continue
        for location in locations:
            if Narrative.objects.filter(
                agreement=agreement, location=location, period=period
            ).exists():
                continue
            writer = next((w for w in writers if _may_write(w, location)), None)
            if writer is None:
                continue
            rng = random.Random(f"{seed}:{agreement.slug}:{location.code}:{period}")  # noqa: S311
            texts = _texts(rng)
            narrative_save(
                user=writer,
                agreement=agreement,
                location=location,
                period=period,
                texts=texts,
                step="submit",
            )
            narrative_save(
                user=approver,
                agreement=agreement,
                location=location,
                period=period,
                texts=texts,
                step="approve",
            )
            written += 1
    return written


def _may_write(user: AnyUser, location: Location) -> bool:
    with user_scope(user) as scope:
        return scope.can_at(Action.ADD, Area.NARRATIVE, location)
