"""Surveys (enquêtes): a round held at a room among one audience, and its results per
question (the indicator it realises)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import Area, TenantManager, UnscopedManager
from locations.formatting import format_date
from registrations.models.base import LocationRecord
from registrations.tracking import TrackedHistory


class SurveyAudience(models.TextChoices):
    """Who a survey round asked."""

    PARTICIPANTS = "participants", _("deelnemers")
    VOLUNTEERS = "volunteers", _("vrijwilligers")
    PARTNERS = "partners", _("partners")


class SurveyRound(LocationRecord):
    """A survey (enquête) held at a location on a date among one audience."""

    date = models.DateField(_("datum"), db_index=True)
    audience = models.CharField(_("doelgroep"), max_length=20, choices=SurveyAudience.choices)
    respondents = models.PositiveIntegerField(_("aantal respondenten"))
    title = models.CharField(_("titel"), max_length=200, blank=True)

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("enquêteronde")
        verbose_name_plural = _("enquêterondes")
        ordering = ["-date", "location"]

    def __str__(self) -> str:
        return f"{format_date(self.date)} {self.get_audience_display()}"


class SurveyResult(models.Model):
    """The result of one question in a survey round: a share that agrees, or a mean score.

    ``question`` is the code of the indicator it realises (e.g. ``confidence``).
    ``share_agree`` is a fraction 0-1 (0.62 = 62% agree); ``mean_score`` a mean out of 10.
    Exactly one of the two is filled.
    """

    tenant_path = "survey_round__location__organisation"
    access_area = Area.REGISTRATION
    location_path = "survey_round__location"
    survey_round = models.ForeignKey(
        SurveyRound,
        on_delete=models.CASCADE,
        related_name="results",
        verbose_name=_("enquêteronde"),
    )
    question = models.SlugField(_("vraag (code prestatie)"), max_length=60)
    share_agree = models.DecimalField(
        _("aandeel eens (0-1)"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    mean_score = models.DecimalField(
        _("gemiddeld cijfer (0-10)"), max_digits=4, decimal_places=2, null=True, blank=True
    )

    objects = TenantManager()
    unscoped = UnscopedManager()
    history = TrackedHistory()

    class Meta:
        verbose_name = _("enquêteresultaat")
        verbose_name_plural = _("enquêteresultaten")
        constraints = [
            models.UniqueConstraint(
                fields=["survey_round", "question"], name="survey_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(share_agree__isnull=True) ^ models.Q(mean_score__isnull=True),
                name="survey_result_one_value",
            ),
        ]

    def __str__(self) -> str:
        return self.question
