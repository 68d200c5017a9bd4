"""The form of the merge page (:class:`registrations.views.staff.MergeView`)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.models.participants import Participant
from registrations.models.volunteers import Volunteer

KIND_MODELS = {"participant": Participant, "volunteer": Volunteer}


class MergeForm(forms.Form):
    """Which two records to merge: the kind and two codes (case-insensitive)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        help_text=gettext_lazy("Wilt u twee deelnemers of twee vrijwilligers samenvoegen?"),
        choices=[
            ("participant", gettext_lazy("deelnemers")),
            ("volunteer", gettext_lazy("vrijwilligers")),
        ],
    )
    keep = forms.CharField(
        label=gettext_lazy("Bewaren (code)"),
        help_text=gettext_lazy("De code die blijft, bijvoorbeeld CJM-0041."),
        max_length=40,
    )
    remove = forms.CharField(
        label=gettext_lazy("Samenvoegen en verwijderen (code)"),
        help_text=gettext_lazy("De dubbele code. Alles van deze code gaat naar de code hierboven."),
        max_length=40,
    )

    def clean(self):
        cleaned = super().clean()
        model = KIND_MODELS.get(cleaned.get("kind"))
        if model is None:
            return cleaned
        for name in ("keep", "remove"):
            code = (cleaned.get(name) or "").strip()
            if not code:
                continue
            matches = list(
                model.objects.filter(code__iexact=code).select_related("home_location")[:2]
            )
            if len(matches) != 1:
                self.add_error(
                    name,
                    _("Geen %(kind)s met code %(code)s gevonden.")
                    % {
                        "kind": model._meta.verbose_name,
                        "code": code,
                    },
                )
            else:
                cleaned[f"{name}_record"] = matches[0]
        keep, remove = cleaned.get("keep_record"), cleaned.get("remove_record")
        if keep is not None and remove is not None:
            if keep.pk == remove.pk:
                raise ValidationError(_("Kies twee verschillende records om samen te voegen."))
            if keep.organisation_id != remove.organisation_id:
                raise ValidationError(
                    _("Alleen records van dezelfde organisatie kunnen samengaan.")
                )
        return cleaned
