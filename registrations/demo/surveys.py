"""Demo survey rounds with a result for every survey indicator of the agreement (part of the
records generator)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from locations.models import Location
from registrations.demo.base import RecordsBase
from registrations.models.surveys import SurveyAudience, SurveyResult, SurveyRound

#: Survey indicator codes -> who is asked (others: participants).
SURVEY_AUDIENCE = {
    "staff_volunteers_score": SurveyAudience.VOLUNTEERS,
    "partner_consultation_score": SurveyAudience.PARTNERS,
}
#: Months of the survey rounds per audience.
SURVEY_MONTHS = {
    SurveyAudience.PARTICIPANTS: (3, 6, 9, 11),
    SurveyAudience.VOLUNTEERS: (6, 11),
    SurveyAudience.PARTNERS: (5, 11),
}


class SurveyRecords(RecordsBase):
    """Survey rounds and their results of one location."""

    def _surveys(self, location: Location, volunteers: list[int]) -> None:
        rng = self.rng
        by_audience: dict[str, list[str]] = {}
        for code in self.survey_codes:
            audience = SURVEY_AUDIENCE.get(code, SurveyAudience.PARTICIPANTS)
            by_audience.setdefault(audience, []).append(code)
        active = sum(1 for i in volunteers if self.volunteers[i].ended_on.year > self.year)
        for audience, codes in sorted(by_audience.items()):
            for month in SURVEY_MONTHS[audience]:
                if audience == SurveyAudience.PARTICIPANTS:
                    respondents = rng.randint(20, 60)
                elif audience == SurveyAudience.VOLUNTEERS:
                    respondents = max(5, round(active * rng.uniform(0.5, 0.7)))
                else:
                    respondents = rng.randint(4, 10)
                survey = SurveyRound(
                    location=location,
                    date=self._in_year(month, month),
                    audience=audience,
                    respondents=respondents,
                    title=str(_("Enquête %(audience)s (demo)"))
                    % {"audience": SurveyAudience(audience).label},
                    is_demo=True,
                )
                results = [self._result(location, code, respondents) for code in codes]
                self.rounds.append((survey, results))

    def _result(self, location: Location, code: str, respondents: int) -> SurveyResult:
        """A share a little above a percentage target (agreeing respondents / respondents), or
        a mean score between 8.1 and 8.9 out of 10."""
        target = self._target(code, location)
        if target is not None and not target.percentage and target.value is not None:
            score = Decimal(str(round(self.rng.uniform(8.1, 8.9), 2)))
            return SurveyResult(question=code, mean_score=score)
        floor = float(target.value) / 100 if target and target.value is not None else 0.5
        agree = round(respondents * min(0.97, self.rng.uniform(floor + 0.04, floor + 0.2)))
        share = (Decimal(agree) / Decimal(respondents)).quantize(Decimal("0.0001"))
        return SurveyResult(question=code, share_agree=share)
