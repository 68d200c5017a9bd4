"""Admin of survey rounds with their results."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from registrations.admin.base import RecordedAdmin, RegistrationInline
from registrations.models.surveys import SurveyResult, SurveyRound


class SurveyResultForm(forms.ModelForm):
    """Exactly one of share (0-1) and mean score (0-10), in plain Dutch."""

    class Meta:
        model = SurveyResult
        fields = ["survey_round", "question", "share_agree", "mean_score"]

    def clean(self):
        cleaned = super().clean()
        share, score = cleaned.get("share_agree"), cleaned.get("mean_score")
        if "share_agree" in self.errors or "mean_score" in self.errors:
            return cleaned
        if (share is None) == (score is None):
            self.add_error(
                None,
                _("Vul óf het aandeel dat het eens is (0-1) óf het gemiddelde cijfer (0-10) in."),
            )
            # Keep the model's check constraint from repeating this in technical words: the
            # instance it validates gets exactly one value (the form shows what was entered).
            cleaned["mean_score"] = None
            cleaned["share_agree"] = share if share is not None else Decimal(0)
            return cleaned
        if share is not None and not 0 <= share <= 1:
            self.add_error("share_agree", _("Het aandeel ligt tussen 0 en 1 (0,62 is 62% eens)."))
        if score is not None and not 0 <= score <= 10:
            self.add_error("mean_score", _("Het gemiddelde cijfer ligt tussen 0 en 10."))
        return cleaned


class SurveyResultInline(RegistrationInline):
    model = SurveyResult
    form = SurveyResultForm
    extra = 0


@admin.register(SurveyRound)
class SurveyRoundAdmin(RecordedAdmin):
    list_display = ["date", "location", "audience", "respondents", "title", "is_demo"]
    list_filter = ["location", "date", "audience", "is_demo"]
    date_hierarchy = "date"
    search_fields = ["title", "results__question"]
    list_select_related = ["location"]
    inlines = [SurveyResultInline]
