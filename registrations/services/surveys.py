"""Writes of survey rounds with their results (the records page)."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from locations.access import Action, user_scoped
from locations.access.grants import AnyUser
from locations.models import Location
from registrations.models.surveys import SurveyAudience, SurveyResult, SurveyRound
from registrations.services.base import check_write, save_record
from registrations.services.rules import survey_result_errors
from registrations.tracking import acting_as


@user_scoped
def survey_round_register(
    *,
    user: AnyUser,
    location: Location,
    date: datetime.date,
    audience: str,
    respondents: int,
    results: Sequence[tuple[str, Decimal | None, Decimal | None]],
    title: str = "",
) -> SurveyRound:
    """Record a survey round held at ``location`` on ``date`` among ``audience``
    (:class:`~registrations.models.SurveyAudience`) with ``respondents`` (at least 1), and its
    ``results``: (question, share, score) per question, the question an indicator code and
    exactly one of share (fraction agreeing, 0-1) and score (mean mark, 0-10); at least one
    (:func:`registrations.services.rules.survey_result_errors`, DOMAIN.md measurement
    methods). Returns the round; its results are saved
    with it in one transaction. Raises PermissionDenied or ValidationError (nothing saved).
    """
    author = check_write(user, Action.ADD, location)
    if audience not in SurveyAudience.values:
        raise ValidationError({"audience": _("Kies de doelgroep.")})
    if respondents < 1:
        raise ValidationError({"respondents": _("Er is minstens één respondent nodig.")})
    if not results:
        raise ValidationError(_("Vul minstens één vraag met een uitkomst in."))
    seen: set[str] = set()
    for question, share, score in results:
        problem = survey_result_errors(question, share, score, seen)
        if problem is not None:
            raise ValidationError({"results": [f"{question}: {problem[1]}"]})
    with transaction.atomic(), acting_as(user):
        survey_round = save_record(
            user=user,
            record=SurveyRound(
                location=location,
                date=date,
                audience=audience,
                respondents=respondents,
                title=title.strip(),
                created_by=author,
            ),
        )
        for question, share, score in results:
            result = SurveyResult(
                survey_round=survey_round, question=question, share_agree=share, mean_score=score
            )
            result.full_clean(exclude=["survey_round"])
            result.save()
    return survey_round
