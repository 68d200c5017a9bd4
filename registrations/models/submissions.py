"""Submitted forms: the idempotency token of every rendered add or edit form (issue 10,
double submission and races).

Every form that writes through a service carries a random token in a hidden field, new each
time the form is rendered empty (:class:`registrations.forms.common.SubmissionMixin`). The
first POST with a token stores one :class:`FormSubmission` together with what it wrote, in
the same transaction (:func:`registrations.services.submissions.submit_once`); a later POST
of the same user with the same token (a double click, a retried request, the browser's back
button and "send again") writes nothing and gets the stored result. The unique constraint
makes PostgreSQL decide between requests that arrive at the same moment: the second insert
waits for the first transaction and then fails, so exactly one of them writes.

Not a registration: no history, no personal data (a token, who, where, when and the ids of
what was written). Rows older than
:data:`registrations.services.submissions.SUBMISSION_LIFETIME` are removed when the same
user submits a form again.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from locations.access import Area, TenantManager, UnscopedManager
from locations.models import Location


class FormSubmission(models.Model):
    """One form submitted by ``user`` at ``location`` with ``token``, and what it wrote:
    ``result_ids`` (primary keys) of ``result_model`` (``app_label.ModelName``), ``many``
    when the service returned a list (e.g. the hours of several volunteers)."""

    tenant_path = "location__organisation"
    access_area = Area.REGISTRATION
    location_path = "location"
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("gebruiker"),
    )
    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="+", verbose_name=_("buurtwerkkamer")
    )
    token = models.CharField(_("formuliertoken"), max_length=32)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    result_model = models.CharField(max_length=100, blank=True, verbose_name=_("soort resultaat"))
    result_ids = models.JSONField(default=list, blank=True, verbose_name=_("resultaten"))
    many = models.BooleanField(default=False, verbose_name=_("meer dan één"))

    objects = TenantManager()
    unscoped = UnscopedManager()

    class Meta:
        verbose_name = _("verstuurd formulier")
        verbose_name_plural = _("verstuurde formulieren")
        constraints = [
            models.UniqueConstraint(fields=["user", "token"], name="form_submission_unique")
        ]
        indexes = [models.Index(fields=["user", "created_at"], name="form_submission_age")]

    def __str__(self) -> str:
        return self.token
