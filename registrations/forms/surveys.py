"""The survey-round form of the records page: a round with its results per question (see
:mod:`registrations.forms.records`)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.forms.common import date_field, label_row_fields
from registrations.forms.records import RecordForm
from registrations.models.surveys import SurveyAudience, SurveyRound
from registrations.services.rules import date_errors, survey_result_errors
from registrations.services.surveys import survey_round_register

#: Result rows of the survey-round form (more questions: add a second round form later).
SURVEY_ROWS = 6


def _decimal(label, *, max_digits: int, decimal_places: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        max_digits=max_digits,
        decimal_places=decimal_places,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        error_messages={
            "invalid": gettext_lazy("Vul een getal in, bijvoorbeeld 0,62."),
            "max_decimal_places": gettext_lazy("Gebruik minder decimalen."),
            "max_digits": gettext_lazy("Dit getal is te groot."),
            "max_whole_digits": gettext_lazy("Dit getal is te groot."),
        },
    )


class SurveyRoundForm(RecordForm):
    """A survey round with up to :data:`SURVEY_ROWS` results.

    Per result row: ``question`` (the indicator code it realises) and exactly one of
    ``share`` (fraction agreeing, 0-1) or ``score`` (mean mark, 0-10). Empty rows are skipped;
    at least one result is required (SurveyResult, DOMAIN.md measurement methods).
    """

    kind = "survey"
    date = date_field(
        gettext_lazy("Datum"),
        help_text=gettext_lazy("De dag van de enquête, bijvoorbeeld 31-03-2019."),
    )
    audience = forms.ChoiceField(
        label=gettext_lazy("Doelgroep"),
        help_text=gettext_lazy("Wie vulden de enquête in? Bijvoorbeeld deelnemers."),
        choices=[("", gettext_lazy("— kies —")), *SurveyAudience.choices],
        error_messages={"required": gettext_lazy("Kies de doelgroep.")},
    )
    respondents = forms.IntegerField(
        label=gettext_lazy("Aantal respondenten"),
        help_text=gettext_lazy("Hoeveel mensen vulden de enquête in? Bijvoorbeeld 24."),
        min_value=1,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": gettext_lazy("Vul het aantal respondenten in."),
            "min_value": gettext_lazy("Er is minstens één respondent nodig."),
            "invalid": gettext_lazy("Vul een heel getal in."),
        },
    )
    title = forms.CharField(
        label=gettext_lazy("Titel (optioneel)"),
        help_text=gettext_lazy("Een korte naam, bijvoorbeeld Enquête voorjaar. Mag leeg blijven."),
        required=False,
        max_length=200,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(SURVEY_ROWS):
            self.fields[f"question_{n}"] = forms.CharField(
                label=gettext_lazy("Vraag (prestatie)"),
                required=False,
                max_length=60,
                widget=forms.TextInput(attrs={"autocomplete": "off", "list": "indicator-codes"}),
            )
            self.fields[f"share_{n}"] = _decimal(
                gettext_lazy("Aandeel eens (0-1)"), max_digits=5, decimal_places=4
            )
            self.fields[f"score_{n}"] = _decimal(
                gettext_lazy("Gemiddeld cijfer (0-10)"), max_digits=4, decimal_places=2
            )
        label_row_fields(self, ("question", "share", "score"), SURVEY_ROWS)

    def rows(self) -> list[tuple[forms.BoundField, forms.BoundField, forms.BoundField]]:
        """(question, share, score) bound fields per result row, for the template."""
        return [
            (self[f"question_{n}"], self[f"share_{n}"], self[f"score_{n}"])
            for n in range(SURVEY_ROWS)
        ]

    def main_fields(self) -> list[forms.BoundField]:
        """The round's own fields (not the result rows), for the template."""
        return [self[name] for name in ("date", "audience", "respondents", "title")]

    def clean_date(self):
        """The round's date, unless it is implausible at the location (the services' rule,
        :func:`registrations.services.rules.date_errors`)."""
        date = self.cleaned_data["date"]
        errors = date_errors(date, self.location)
        if errors:
            raise ValidationError(errors)
        return date

    def clean(self):
        cleaned = super().clean()
        results: list[tuple[str, Decimal | None, Decimal | None]] = []
        seen: set[str] = set()
        for n in range(SURVEY_ROWS):
            names = (f"question_{n}", f"share_{n}", f"score_{n}")
            if any(name in self.errors for name in names):
                continue
            question = cleaned.get(names[0], "").strip()
            share, score = cleaned.get(names[1]), cleaned.get(names[2])
            if not question and share is None and score is None:
                continue
            problem = survey_result_errors(question, share, score, seen)
            if problem is not None:
                part, message = problem
                self.add_error(f"{part}_{n}", message)
                continue
            results.append((question, share, score))
        if not results and not self.errors:
            raise ValidationError(_("Vul minstens één vraag met een uitkomst in."))
        cleaned["results"] = results
        return cleaned

    def save_with_service(self, data: dict) -> SurveyRound:
        fields = ("date", "audience", "respondents", "title", "results")
        return survey_round_register(
            user=self.user, location=self.location, **{name: data[name] for name in fields}
        )
