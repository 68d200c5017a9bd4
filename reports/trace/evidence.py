"""What each measure counted: the rows behind a realised figure, and its rule in words.

One evidence function per measure function of :mod:`reports.measures` (and per PROCES
method of :mod:`reports.counting`), registered in :data:`EVIDENCE`. Each takes the same
:class:`~reports.measures.MeasureContext` as the measure and one indicator code, and returns
an :class:`Evidence` over ALL the context's locations together (the trace of one location
passes a context holding that location only): the rows, the figure they give and the rule
in Dutch words. The rule of each function is the rule of the measure it mirrors (see that
measure's docstring, which names where the rule comes from); the filters are the measure's
own (shared helpers: :func:`reports.counting._contact_rows`, ``_active_on``, ``_person``),
and ``reports/tests/test_trace.py`` checks for every measure kind that the figure of the
rows equals the realised value of the report.

Rows name people only by their pseudonymous code (participants, volunteers), never a
nickname; who may see the codes at all is decided by the caller
(:func:`reports.trace.figure_trace`). Rows are read through the default (scoped) managers,
inside the caller's scope.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agreements.choices import ALL_CATEGORIES, Category
from locations import formatting
from locations.access import Action, Area
from locations.access.scope import Scope
from locations.models import Location
from locations.periods import period_label
from registrations.models import (
    Participant,
    PlacementKind,
    Volunteer,
)
from reports import counting, measures
from reports.measures import states, year_to_date
from reports.measures.base import MeasureContext, _person
from reports.measures.entered import budget, counted_entered_results, entered_results
from reports.measures.surveys import survey_result_rows, surveys


@dataclass(frozen=True)
class TraceRow:
    """One thing counted (or, for "X op Y", considered): ``location_code`` where it was
    registered (several joined by ", " when a person counted once was at two rooms),
    ``day`` its date (a state's start date; a person's first contact), ``person`` the
    pseudonymous code of the participant or volunteer ("" when none is recorded or the
    viewer may not see codes), ``what`` a short description, ``identity`` what is counted
    once (internal: never shown), ``counted`` False for a row considered but not counted
    (a referred resident who does not take part), ``amount`` what the row adds to a sum
    (hours or euros, for the board dashboard's hours and spending:
    :mod:`reports.trace.figures`; None for a row that is counted, not added)."""

    location_code: str
    day: date | None
    person: str
    what: str
    identity: str
    counted: bool = True
    amount: Decimal | None = None


@dataclass(frozen=True)
class Evidence:
    """The rows behind one realised figure and the figure they give.

    ``rule``: the counting rule in Dutch words; ``counts``: what one counted row is
    ("deelnemers", "klussen"); ``value``: the figure the rows give (a count; a share in
    percent or a mean score for surveys; an entered estimate), ``value_of`` Y of "X op Y",
    ``positive`` the outcome of a check; ``rows`` the rows (sorted by location, date,
    person); ``note``: what else the reader should know (an entered figure's source)."""

    rule: str
    counts: str
    value: int | Decimal | None
    rows: list[TraceRow] = field(default_factory=list)
    value_of: int | None = None
    positive: bool | None = None
    note: str = ""


EvidenceFunction = Callable[[MeasureContext, str], Evidence]


def codes_visible_to(scope: Scope, locations: Iterable[Location]) -> set[str]:
    """The codes of ``locations`` at which ``scope`` may view registrations: where the trace
    shows people's pseudonymous codes (:mod:`reports.trace`, "Who sees what")."""
    return {
        loc.code
        for loc in locations
        if scope.can(
            Action.VIEW, Area.REGISTRATION, organisation_id=loc.organisation_id, location_id=loc.pk
        )
    }


def without_hidden_codes(evidence: Evidence, visible: set[str]) -> Evidence:
    """``evidence`` with the person's code left empty on every row registered (also) at a
    location outside ``visible`` (:func:`codes_visible_to`)."""
    return replace(
        evidence,
        rows=[
            row
            if all(code in visible for code in row.location_code.split(", "))
            else replace(row, person="")
            for row in evidence.rows
        ],
    )


def _codes(ctx: MeasureContext) -> dict[int, str]:
    return {location.pk: location.code for location in ctx.locations}


def _participant_codes(ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {pk for pk in ids if pk}
    if not wanted:
        return {}
    return dict(Participant.objects.filter(pk__in=wanted).values_list("pk", "code"))


def _volunteer_codes(ids: Iterable[int]) -> dict[int, str]:
    wanted = set(ids)
    if not wanted:
        return {}
    return dict(Volunteer.objects.filter(pk__in=wanted).values_list("pk", "code"))


def _sorted(rows: list[TraceRow]) -> list[TraceRow]:
    return sorted(rows, key=lambda r: (r.location_code, r.day or date.min, r.person, r.what))


def _distinct(rows: list[TraceRow]) -> int:
    return len({row.identity for row in rows if row.counted})


def _ident(person: tuple[str, int]) -> str:
    return f"{person[0]}:{person[1]}"


# --- PROCES: Uniek # and Klussen # (reports.counting) -------------------------------------------


def unique_participants(ctx: MeasureContext, categories: Iterable[str]) -> Evidence:
    """Distinct identified participants over ``categories`` ("all": every category), year to
    date: one row per person with their first contact, the rooms and the number of contacts.

    Rule: :func:`reports.counting.unique_participant_counts` (DOMAIN.md "Uniek #"), from the
    same union of attendances and jobs done for a resident (:func:`counting._contact_rows`)."""
    cats = frozenset(categories)
    everything = ALL_CATEGORIES in cats
    ytd = ctx.ytd
    contacts = counting._contact_rows(ctx.location_ids, None if everything else sorted(cats), ytd)
    codes = _codes(ctx)
    people: dict[int, dict] = {}
    for loc, cat, day, pid in contacts:
        if not (ytd.start <= day <= ytd.end) or (not everything and cat not in cats):
            continue
        entry = people.setdefault(pid, {"first": day, "locations": set(), "n": 0, "cats": set()})
        entry["first"] = min(entry["first"], day)
        entry["locations"].add(codes[loc])
        entry["n"] += 1
        entry["cats"].add(cat)
    names = _participant_codes(people)
    labels = {c.value: str(c.label) for c in Category}
    rows = [
        TraceRow(
            location_code=", ".join(sorted(entry["locations"])),
            day=entry["first"],
            person=names.get(pid, ""),
            what=_("%(n)s keer: %(categories)s")
            % {
                "n": entry["n"],
                "categories": ", ".join(sorted(labels.get(c, c) for c in entry["cats"])),
            },
            identity=f"participant:{pid}",
        )
        for pid, entry in people.items()
    ]
    return Evidence(
        rule=_(
            "Het aantal verschillende geregistreerde deelnemers dat van 1 januari tot en met het "
            "einde van de periode meedeed aan een activiteit in de categorieën van deze "
            "prestatie (of een klus liet doen). Wie vaker kwam, of bij twee buurtwerkkamers, "
            "telt één keer; anonieme bezoekers tellen niet mee."
        ),
        counts=_("deelnemers"),
        value=len(rows),
        rows=_sorted(rows),
    )


def jobs(ctx: MeasureContext, _code: str) -> Evidence:
    """Jobs done, year to date: one row per job.

    Rule: :func:`reports.counting.job_counts` (DOMAIN.md "Klussen #": jobs, not people)."""
    ytd = ctx.ytd
    codes = _codes(ctx)
    found = list(
        counting.job_rows(ctx.location_ids, ytd).values_list(
            "pk", "location_id", "date", "description", "participant_id"
        )
    )
    names = _participant_codes(row[4] for row in found)
    rows = [
        TraceRow(codes[loc], day, names.get(pid or 0, ""), description, f"job:{pk}")
        for pk, loc, day, description, pid in found
    ]
    return Evidence(
        rule=_(
            "Het aantal klussen dat van 1 januari tot en met het einde van de periode is "
            "gedaan: klussen, geen personen."
        ),
        counts=_("klussen"),
        value=len(rows),
        rows=_sorted(rows),
    )


# --- Aantal: states on the period's end date (reports.measures.states) --------------------------


def key_holders(ctx: MeasureContext, _code: str) -> Evidence:
    """Key holders on the end date, one row per key holding (rule:
    :func:`reports.measures.key_holders`)."""
    codes = _codes(ctx)
    found = list(
        states.key_holding_rows(ctx).values_list("location_id", "volunteer_id", "started_on")
    )
    names = _volunteer_codes(row[1] for row in found)
    rows = [
        TraceRow(codes[loc], day, names.get(vid, ""), _("sleutel"), f"volunteer:{vid}")
        for loc, vid, day in found
    ]
    return Evidence(
        rule=_(
            "Vrijwilligers die op de laatste dag van de periode een sleutel hebben: sleutel "
            "gekregen op of voor die dag en niet eerder ingeleverd. Een vrijwilliger met "
            "sleutels van twee buurtwerkkamers telt in het totaal één keer."
        ),
        counts=_("sleutelbeheerders"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def _key(ctx: MeasureContext) -> int | None:
    """The block a trace's context stands for: its one location's id, else None (the totals
    over the selected locations), as :func:`reports.trace.figure_trace` builds it."""
    ids = ctx.location_ids
    return ids[0] if len(ids) == 1 else None


def active_volunteers(ctx: MeasureContext, code: str) -> Evidence:
    """Every volunteer with residents' hours in the year to date, one row per volunteer and
    location with their hours, those active counted (rule and sets:
    :func:`reports.measures.states.active_volunteers`, issue 12: hours reaching the
    indicator's average pro rata)."""
    codes = _codes(ctx)
    average = states.average_hours(ctx.descriptions.get(code, ""))
    hours = states.registered_volunteer_hours(ctx)
    active = states.active_volunteer_hours(ctx, hours, average)[_key(ctx)]
    first: dict[tuple[int, int], date] = {}
    for loc, vid, day in states.volunteer_hours_rows(ctx).values_list(
        "location_id", "volunteer_id", "date"
    ):
        first[(loc, vid)] = min(first.get((loc, vid), day), day)
    names = _volunteer_codes(vid for _loc, vid in first)
    rows = [
        TraceRow(
            codes[loc],
            day,
            names.get(vid, ""),
            _("%(hours)s uur") % {"hours": formatting.format_number(hours[loc][vid])},
            f"volunteer:{vid}",
            counted=vid in active,
        )
        for (loc, vid), day in first.items()
    ]
    return Evidence(
        rule=_(
            "Vrijwilligers van wie de geregistreerde uren van 1 januari tot en met het einde "
            "van de periode het gemiddelde van %(hours)s uur per jaar naar rato halen (naar "
            "de tijd dat de buurtwerkkamer open is), en die niet voor het einde van de "
            "periode gestopt zijn. Uren van professionals tellen niet mee; in het totaal "
            "telt iemand één keer."
        )
        % {"hours": formatting.format_hours(average)},
        counts=_("actieve vrijwilligers"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def volunteer_groups(ctx: MeasureContext, _code: str) -> Evidence:
    """Active volunteer groups on the end date (rule: :func:`reports.measures.volunteer_groups`)."""
    codes = _codes(ctx)
    rows = [
        TraceRow(codes[loc], day, "", name, f"group:{pk}")
        for pk, loc, day, name in states.volunteer_group_rows(ctx).values_list(
            "pk", "location_id", "active_from", "name"
        )
    ]
    return Evidence(
        rule=_(
            "Vrijwilligersgroepen die op de laatste dag van de periode actief zijn (actief "
            "vanaf op of voor die dag, niet eerder gestopt)."
        ),
        counts=_("groepen"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def _members(ctx: MeasureContext, paying: bool) -> list[TraceRow]:
    members = states.member_rows(ctx, paying)
    found = list(members.values_list("pk", "location_id", "participant_id", "registered_on"))
    names = _participant_codes(row[2] for row in found)
    codes = _codes(ctx)
    return [
        TraceRow(
            codes[loc],
            day,
            names.get(pid or 0, ""),
            _("lid"),
            _ident(_person(pid, "member", pk)),
        )
        for pk, loc, pid, day in found
    ]


def paying_members(ctx: MeasureContext, _code: str) -> Evidence:
    """Paying members on the end date (rule: :func:`reports.measures.paying_members`)."""
    rows = _members(ctx, paying=True)
    return Evidence(
        rule=_(
            "Leden van de bewonersvereniging die op de laatste dag van de periode ingeschreven "
            "zijn en betalen. Een lid dat aan dezelfde deelnemer gekoppeld is bij twee "
            "buurtwerkkamers telt in het totaal één keer."
        ),
        counts=_("leden"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def registered_members(ctx: MeasureContext, _code: str) -> Evidence:
    """Registered members on the end date (rule: :func:`reports.measures.registered_members`)."""
    rows = _members(ctx, paying=False)
    return Evidence(
        rule=_(
            "Leden van de bewonersvereniging die op de laatste dag van de periode ingeschreven "
            "zijn. Een lid dat aan dezelfde deelnemer gekoppeld is bij twee buurtwerkkamers "
            "telt in het totaal één keer."
        ),
        counts=_("leden"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def work_learning_places(ctx: MeasureContext, _code: str) -> Evidence:
    """People on a place on the end date (rule: :func:`reports.measures.work_learning_places`)."""
    codes = _codes(ctx)
    labels = {k.value: str(k.label) for k in PlacementKind}
    found = list(
        states.placement_rows(ctx).values_list(
            "pk", "location_id", "participant_id", "started_on", "kind"
        )
    )
    names = _participant_codes(row[2] for row in found)
    rows = [
        TraceRow(
            codes[loc],
            day,
            names.get(pid or 0, ""),
            labels.get(kind, kind),
            _ident(_person(pid, "placement", pk)),
        )
        for pk, loc, pid, day, kind in found
    ]
    return Evidence(
        rule=_(
            "Personen die op de laatste dag van de periode op een participatie-, leerwerk-, "
            "SW- of stageplek zitten. Iemand telt één keer, ook met twee plekken."
        ),
        counts=_("personen"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def partners(ctx: MeasureContext, _code: str) -> Evidence:
    """Partner organisations on the end date (rule: :func:`reports.measures.partners`)."""
    codes = _codes(ctx)
    rows = [
        TraceRow(codes[loc], day, "", name, f"partner:{name.lower()}")
        for loc, day, name in states.partner_rows(ctx).values_list(
            "location_id", "agreed_on", "partner_name"
        )
    ]
    return Evidence(
        rule=_(
            "Partnerorganisaties waarmee op de laatste dag van de periode een afspraak loopt. "
            "Een partner telt één keer (hoofdletters tellen niet), ook bij twee "
            "buurtwerkkamers."
        ),
        counts=_("partners"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


# --- Aantal and Aantal op aangemeld over the year to date (reports.measures.year_to_date) -------


def paid_work(ctx: MeasureContext, _code: str) -> Evidence:
    """Paid work found, year to date, the people counted once (rule:
    :func:`reports.measures.year_to_date.paid_work`, issue 12: people, not jobs)."""
    codes = _codes(ctx)
    found = list(
        year_to_date.paid_work_rows(ctx).values_list(
            "pk", "location_id", "participant_id", "date", "note"
        )
    )
    names = _participant_codes(row[2] for row in found)
    rows = [
        TraceRow(
            codes[loc],
            day,
            names.get(pid or 0, ""),
            note,
            _ident(_person(pid, "paid_work", pk)),
        )
        for pk, loc, pid, day, note in found
    ]
    return Evidence(
        rule=_(
            "Verschillende mensen die van 1 januari tot en met het einde van de periode "
            "betaald werk vonden; wie twee keer werk vond telt één keer, ook over de "
            "buurtwerkkamers heen."
        ),
        counts=_("mensen met betaald werk"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def referrals(ctx: MeasureContext, _code: str) -> Evidence:
    """Participants referred from or to agencies, year to date (rule:
    :func:`reports.measures.referrals`)."""
    codes = _codes(ctx)
    incoming_rows, outgoing_rows = year_to_date.agency_referral_rows(ctx)
    incoming = list(
        incoming_rows.values_list("pk", "location_id", "participant_id", "date", "agency")
    )
    outgoing = list(
        outgoing_rows.values_list(
            "pk", "location_id", "participant_id", "date", "organisation_name"
        )
    )
    names = _participant_codes(row[2] for row in [*incoming, *outgoing])
    rows = [
        TraceRow(
            codes[loc],
            day,
            names.get(pid or 0, ""),
            _("verwezen door %(agency)s") % {"agency": agency or "—"},
            _ident(_person(pid, "in", pk)),
        )
        for pk, loc, pid, day, agency in incoming
    ] + [
        TraceRow(
            codes[loc],
            day,
            names.get(pid or 0, ""),
            _("doorverwezen naar %(organisation)s") % {"organisation": organisation},
            _ident(_person(pid, "out", pk)),
        )
        for pk, loc, pid, day, organisation in outgoing
    ]
    return Evidence(
        rule=_(
            "Verschillende deelnemers die van 1 januari tot en met het einde van de periode "
            "door een instantie naar de buurtwerkkamer zijn verwezen en meedoen, of door de "
            "buurtwerkkamer naar een instantie zijn doorverwezen. Iemand telt één keer."
        ),
        counts=_("deelnemers"),
        value=_distinct(rows),
        rows=_sorted(rows),
    )


def referred_taking_part(ctx: MeasureContext, code: str) -> Evidence:
    """ "X op Y": every referral of the indicator's kind in the year to date; Y the distinct
    people referred, X those of them taking part (rule:
    :func:`reports.measures.year_to_date.referred_taking_part`, issue 12: people, not
    records)."""
    codes = _codes(ctx)
    kind = year_to_date.REFERRAL_KINDS.get(code, year_to_date.ReferralKind.AGENCY)
    found = list(
        year_to_date.referred_rows(ctx, {kind}).values_list(
            "pk", "location_id", "participant_id", "date", "agency", "takes_part"
        )
    )
    names = _participant_codes(row[2] for row in found)
    rows = [
        TraceRow(
            codes[loc],
            day,
            names.get(pid or 0, ""),
            (_("doet mee") if takes_part else _("doet (nog) niet mee"))
            + (f" ({agency})" if agency else ""),
            _ident(_person(pid, "in", pk)),
            counted=takes_part,
        )
        for pk, loc, pid, day, agency, takes_part in found
    ]
    return Evidence(
        rule=_(
            "Aangemelde mensen van 1 januari tot en met het einde van de periode: Y is het "
            "aantal verschillende aangemelde mensen, X het aantal van hen dat meedoet. Wie "
            "twee keer is aangemeld telt één keer."
        ),
        counts=_("aangemelde mensen die meedoen"),
        value=_distinct(rows),
        value_of=len({row.identity for row in rows}),
        rows=_sorted(rows),
    )


# --- Enquête, Interviews, Controle, Begroting ----------------------------------------------------


def survey(ctx: MeasureContext, code: str) -> Evidence:
    """The survey rounds behind a survey result, year to date, and their respondent-weighted
    share or mean (rule: :func:`reports.measures.surveys`; the share-or-score choice is the
    measure's own, taken from its figure)."""
    codes = _codes(ctx)
    measured = surveys(ctx, [code])[(code, None)]
    share = measured.kind == measures.Kind.SHARE
    found = list(
        survey_result_rows(ctx, [code]).values_list(
            "pk",
            "survey_round__location_id",
            "survey_round__date",
            "survey_round__title",
            "survey_round__respondents",
            "share_agree",
            "mean_score",
        )
    )
    total, weight = Decimal(0), 0
    rows = []
    for pk, loc, day, title, respondents, share_agree, mean_score in found:
        raw = share_agree if share else mean_score
        if raw is None:  # a round of the other kind of result
            continue
        result = Decimal(raw) * 100 if share else Decimal(raw)
        total += result * respondents
        weight += respondents
        rows.append(
            TraceRow(
                codes[loc],
                day,
                "",
                ngettext(
                    "%(title)s: %(n)s respondent, %(result)s%(unit)s",
                    "%(title)s: %(n)s respondenten, %(result)s%(unit)s",
                    respondents,
                )
                % {
                    "title": title or _("enquête"),
                    "n": respondents,
                    "result": formatting.format_number(
                        result.quantize(Decimal("0.1"), ROUND_HALF_UP)
                    ),
                    "unit": "%" if share else "",
                },
                f"survey:{pk}",
            )
        )
    value = (total / weight).quantize(Decimal("0.1"), ROUND_HALF_UP) if weight else None
    return Evidence(
        rule=_(
            "Enquêterondes van 1 januari tot en met het einde van de periode: het resultaat "
            "van elke ronde gewogen naar het aantal respondenten (een aandeel in procenten of "
            "een gemiddeld cijfer), op één decimaal."
        ),
        counts=_("enquêterondes"),
        value=value,
        rows=_sorted(rows),
    )


def entered(ctx: MeasureContext, code: str) -> Evidence:
    """The entered results of the indicator for periods of the agreement year that end by the
    report period's end (the report shows the latest per location; rule:
    :func:`reports.measures.entered_results`); the figure is the measure's own."""
    measured = entered_results(ctx, [code])[(code, _key(ctx))]
    codes = _codes(ctx)
    rows = []
    for result, _end in counted_entered_results(ctx, [code]):
        rows.append(
            TraceRow(
                codes[result.location_id],
                None,
                "",
                _("over %(period)s: %(value)s; bron: %(source)s")
                % {
                    "period": period_label(result.period),
                    "value": formatting.format_number(result.value)
                    if result.value is not None
                    else (_("Positief") if result.positive else _("Negatief")),
                    "source": formatting.document_name(result.source),
                },
                f"entered:{result.pk}",
            )
        )
    return Evidence(
        rule=_(
            "Een door medewerkers ingevoerd resultaat: per buurtwerkkamer het laatst ingevoerde "
            "over een periode van het afsprakenjaar die uiterlijk aan het einde van deze "
            "periode eindigt."
        ),
        counts=_("ingevoerde resultaten"),
        value=measured.value,
        positive=measured.positive,
        rows=sorted(rows, key=lambda r: (r.location_code, r.what)),
        note=measured.public_note or "",
    )


def budget_check(ctx: MeasureContext, code: str) -> Evidence:
    """The budget check: no registrations behind it, the budget page shows its figures
    (rule: :func:`reports.measures.budget`)."""
    measured = budget(ctx, [code])[(code, _key(ctx))]
    return Evidence(
        rule=_(
            "Positief wanneer de financiering de begroting dekt (geen tekort) voor de "
            "buurtwerkkamer; de bedragen staan op de begrotingspagina."
        ),
        counts=_("begrotingen"),
        value=None,
        positive=measured.positive,
        note=measured.note,
    )


#: Measure function (reports.measures) -> its evidence function.
EVIDENCE: dict[measures.MeasureFunction, EvidenceFunction] = {
    states.key_holders: key_holders,
    states.active_volunteers: active_volunteers,
    states.volunteer_groups: volunteer_groups,
    states.paying_members: paying_members,
    states.registered_members: registered_members,
    states.work_learning_places: work_learning_places,
    states.partners: partners,
    year_to_date.paid_work: paid_work,
    year_to_date.referrals: referrals,
    year_to_date.referred_taking_part: referred_taking_part,
    surveys: survey,
    entered_results: entered,
    budget: budget_check,
}
