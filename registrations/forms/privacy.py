"""Forms of the privacy requests pages (:mod:`registrations.views.privacy`): finding one
person, the reason of an export, and the confirmed erasure."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy

from registrations.models import PersonKind
from registrations.privacy.subject import MIN_REASON


class PersonFindForm(forms.Form):
    """Which person: the register and the code (case-insensitive; sent in the POST body, so
    the code is in no URL or server log)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("Register"),
        help_text=gettext_lazy("Gaat het om een deelnemer of een vrijwilliger?"),
        choices=PersonKind.choices,
    )
    code = forms.CharField(
        label=gettext_lazy("Code"),
        help_text=gettext_lazy("De code van de persoon, bijvoorbeeld CJM-0041."),
        max_length=40,
    )


class ExportForm(forms.Form):
    """Why everything about the person is exported (e.g. "verzoek om inzage van 3 maart")."""

    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        min_length=MIN_REASON,
        max_length=500,
        help_text=gettext_lazy("Bijvoorbeeld: verzoek om inzage van de persoon zelf, met datum."),
    )


class EraseForm(forms.Form):
    """The erasure on request: the code typed again, the reason, and the confirmation that
    it cannot be undone. The service checks the code and the reason again."""

    confirm_code = forms.CharField(
        label=gettext_lazy("Typ de code ter bevestiging"),
        help_text=gettext_lazy("Typ de code nog een keer, precies zoals hierboven."),
        max_length=40,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reden"),
        min_length=MIN_REASON,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy(
            "Bijvoorbeeld: verzoek om verwijdering van de persoon zelf, met datum."
        ),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("Ik begrijp dat dit niet ongedaan kan worden gemaakt."),
        help_text=gettext_lazy("Zet een vinkje om te bevestigen."),
        required=True,
    )
