"""Duplicate warnings in the admin's participant and volunteer forms (issue 3).

:class:`DuplicateWarningAdminMixin` (put it before ``ScopedAdminMixin`` in a ModelAdmin of
Participant or Volunteer) adds a "Toch opslaan" checkbox to the form. Saving a new record, or
a changed code/nickname, whose code or nickname is similar to an existing record
(:mod:`registrations.duplicates`) shows the similar records as a plain Dutch error; ticking
the checkbox saves anyway. The form keeps what was entered.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrations.duplicates import similar_participants, similar_volunteers
from registrations.models.participants import Participant


class DuplicateCheckFormMixin:
    """ModelForm mixin: refuse a likely duplicate unless ``confirm_duplicate`` is ticked."""

    def clean(self):
        cleaned = super().clean()
        code = (cleaned.get("code") or "").strip()
        nickname = (cleaned.get("nickname") or "").strip()
        organisation = cleaned.get("organisation") or getattr(self.instance, "organisation", None)
        location = cleaned.get("home_location")
        is_new = self.instance.pk is None
        changed = is_new or {"code", "nickname", "home_location"} & set(self.changed_data)
        if not (code and organisation and location and changed):
            return cleaned
        find = similar_participants if self._meta.model is Participant else similar_volunteers
        similar = find(
            organisation=organisation,
            location=location,
            code=code,
            nickname=nickname,
            exclude_pk=self.instance.pk,
        )
        if similar and not cleaned.get("confirm_duplicate"):
            names = ", ".join(f"{row.code} ({row.home_location.name})" for row in similar[:5])
            raise ValidationError(
                _(
                    "Lijkt op %(names)s. Controleer of dit dezelfde persoon is. Is het iemand "
                    "anders, vink dan 'Toch opslaan' aan."
                )
                % {"names": names}
            )
        return cleaned


class DuplicateWarningAdminMixin:
    """ModelAdmin mixin for Participant and Volunteer admins (see module docstring)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        kwargs["form"] = type(
            base.__name__,
            (DuplicateCheckFormMixin, base),
            {
                "confirm_duplicate": forms.BooleanField(
                    label=gettext_lazy("Toch opslaan"),
                    required=False,
                    help_text=gettext_lazy(
                        "Aanvinken als de gevonden gelijkende code of roepnaam een andere "
                        "persoon is."
                    ),
                )
            },
        )
        return super().get_form(request, obj, change, **kwargs)
