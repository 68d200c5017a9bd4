"""Enquête: survey results, respondent-weighted shares and mean scores, year to date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Q, QuerySet, Sum

from registrations.models import (
    SurveyResult,
)
from reports.measures.base import (
    Key,
    Kind,
    MeasureContext,
    Measured,
    _keys,
)

# --- Enquête ----------------------------------------------------------------------------------

#: Survey indicators answered with a mean score out of 10 ("> 8"); the others with a share.
SCORE_QUESTIONS = frozenset({"staff_volunteers_score", "partner_consultation_score"})
#: Survey indicators of the agreements answered with a share of respondents who agree
#: ("> 50%"); another survey question code is a share unless only mean scores were entered.
SHARE_QUESTIONS = frozenset({"confidence", "liveability"})
_ONE_DECIMAL = Decimal("0.1")


def survey_result_rows(ctx: MeasureContext, codes: Sequence[str]) -> QuerySet[SurveyResult]:
    """The :class:`SurveyResult` rows :func:`surveys` weighs: for the questions ``codes``, of
    survey rounds at the context's locations held in the year to date. Read through the
    default (scoped) manager; the trace page (:func:`reports.trace.evidence.survey`) lists
    these same rows."""
    ytd = ctx.ytd
    return SurveyResult.objects.filter(
        question__in=list(codes),
        survey_round__location_id__in=ctx.location_ids,
        survey_round__date__range=(ytd.start, ytd.end),
    )


def surveys(ctx: MeasureContext, codes: Sequence[str]) -> dict[Key, Measured]:
    """Survey (Enquête) results, year to date, weighted by respondents.

    Rule (DOMAIN.md "Enquête"; issue 3): the :class:`SurveyResult` rows whose ``question`` is
    the indicator code, of survey rounds at the location dated 1 Jan..period end (a round in
    Q2 counts in the Q3, Q4 and full-year reports). Shares: sum(share × respondents) /
    sum(respondents), shown in percent (62.5 -> "63%"; compared with "> 50%" as 50); scores:
    the respondent-weighted mean out of 10 ("8,1"; compared with "> 8"). Both are kept to one
    decimal (half up). ``respondents`` is the sum of the rounds' respondents behind the
    result. The totals weigh every round of the selected locations together. Indicators in
    :data:`SCORE_QUESTIONS` take mean scores; others shares (unknown codes: shares when any
    round has one, else scores). No pro rata.
    """
    respondents = F("survey_round__respondents")
    weighted = DecimalField(max_digits=14, decimal_places=4)
    rows = (
        survey_result_rows(ctx, codes)
        .values("survey_round__location_id", "question")
        .annotate(
            share_sum=Sum(ExpressionWrapper(F("share_agree") * respondents, output_field=weighted)),
            share_n=Sum(respondents, filter=Q(share_agree__isnull=False)),
            score_sum=Sum(ExpressionWrapper(F("mean_score") * respondents, output_field=weighted)),
            score_n=Sum(respondents, filter=Q(mean_score__isnull=False)),
        )
        .order_by()
    )
    sums: dict[tuple[str, int | None], list] = defaultdict(lambda: [Decimal(0), 0, Decimal(0), 0])
    for row in rows:
        for where in [
            (row["question"], row["survey_round__location_id"]),
            (row["question"], None),
        ]:
            entry = sums[where]
            entry[0] += row["share_sum"] or 0
            entry[1] += row["share_n"] or 0
            entry[2] += row["score_sum"] or 0
            entry[3] += row["score_n"] or 0
    only_scores = {
        code for (code, loc), entry in sums.items() if loc is None and entry[3] and not entry[1]
    }
    result: dict[Key, Measured] = {}
    for code in codes:
        share = code not in SCORE_QUESTIONS and (code in SHARE_QUESTIONS or code not in only_scores)
        for key in _keys(ctx):
            share_sum, share_n, score_sum, score_n = sums.get((code, key), [0, 0, 0, 0])
            if share:
                value = (
                    (Decimal(share_sum) * 100 / share_n).quantize(_ONE_DECIMAL, ROUND_HALF_UP)
                    if share_n
                    else None
                )
                result[(code, key)] = Measured(
                    Kind.SHARE, value=value, respondents=share_n or None, unit="%"
                )
            else:
                value = (
                    (Decimal(score_sum) / score_n).quantize(_ONE_DECIMAL, ROUND_HALF_UP)
                    if score_n
                    else None
                )
                result[(code, key)] = Measured(Kind.SCORE, value=value, respondents=score_n or None)
    return result
