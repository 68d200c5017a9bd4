"""What the registrations admin shares: model forms that apply the registration rules and
check the organisation of linked people with plain Dutch messages, the ModelAdmin that
writes through the services, the inlines that obey the same rules, and the admin of records a
coordinator adds (who added it is set on creation and read-only)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from locations.access.admin import ScopedAdminMixin, admin_scope
from locations.audit import log_search, log_view
from locations.models import Organisation
from locations.personal_data import form_contact_warnings
from registrations.services.admin import registration_save, registrations_delete
from registrations.services.closed import closed_rows_errors
from registrations.services.rules import field_values, free_text_fields, registration_errors


def _check_same_organisation(form, location_field: str, *people: str) -> None:
    """Add an error to each person field (volunteer, participant) whose organisation is not the
    organisation of the chosen location (possible only for a superuser, who sees every tenant)."""
    location = form.cleaned_data.get(location_field)
    if location is None:
        return
    for name in people:
        person = form.cleaned_data.get(name)
        if person is not None and person.organisation_id != location.organisation_id:
            form.add_error(name, _("Kies iemand van dezelfde organisatie als de buurtwerkkamer."))


class RegistrationRulesFormMixin:
    """ModelForm mixin: the rules every entry path of a registration obeys
    (:func:`registrations.services.rules.registration_errors`: no registration date in the
    future, periods in order, hours limits, an agency for a referral by an agency, a code not
    taken, nothing written in a closed period, ...), checked on the values about to be saved
    (a change against the record as it was read: the instance before the form changes it),
    with the same Dutch messages as on the other pages, on the field concerned (one the form
    lacks: at the top). The form keeps what was entered."""

    def clean(self):
        cleaned = super().clean()
        stored = None if self.instance._state.adding else field_values(self.instance)
        values = {**field_values(self.instance), **cleaned}
        for name, found in registration_errors(self._meta.model, values, stored=stored).items():
            if name not in self.fields:
                self.add_error(None, found)
            elif name not in self.errors:
                self.add_error(name, found)
        return cleaned


class ContactWarningFormMixin:
    """ModelForm mixin (issue 10, "No BSN"): an e-mail address or telephone number in a
    free-text field (:func:`registrations.services.rules.free_text_fields`, nicknames too) is
    refused with a warning (:func:`locations.personal_data.contact_warnings`) unless
    ``confirm_contact`` ("Toch opslaan") is ticked, as the duplicate warning does."""

    def clean(self):
        cleaned = super().clean()
        form_contact_warnings(self, [*free_text_fields(self._meta.model), "nickname"])
        return cleaned


def with_contact_warning(base):
    """``base`` (a ModelForm class) with :class:`ContactWarningFormMixin` and its
    ``confirm_contact`` checkbox."""
    if issubclass(base, ContactWarningFormMixin):
        return base
    return type(
        base.__name__,
        (ContactWarningFormMixin, base),
        {
            "confirm_contact": forms.BooleanField(
                label=_("Toch opslaan met e-mailadres of telefoonnummer"),
                required=False,
                help_text=_(
                    "Aanvinken als het e-mailadres of telefoonnummer in de tekst echt nodig is."
                ),
            )
        },
    )


class RegistrationModelForm(RegistrationRulesFormMixin, forms.ModelForm):
    """A ModelForm with the registration rules and a check of the organisation of linked
    people: ``same_organisation`` is ``(location field, person fields...)``. Plain Dutch
    messages; the form keeps what was entered."""

    same_organisation: tuple = ()

    def clean(self):
        cleaned = super().clean()
        if self.same_organisation:
            _check_same_organisation(self, *self.same_organisation)
        return cleaned


def record_form(model_class, same=()):
    """A :class:`RegistrationModelForm` subclass for ``model_class`` (its editable fields,
    without the bookkeeping ones) with the given ``same_organisation`` check."""
    editable = [f.name for f in model_class._meta.get_fields() if getattr(f, "editable", False)]
    editable = [n for n in editable if n not in ("id", "created_by", "created_at", "is_demo")]
    meta = type("Meta", (), {"model": model_class, "fields": editable})
    return type(
        f"{model_class.__name__}AdminForm",
        (RegistrationModelForm,),
        {"Meta": meta, "same_organisation": tuple(same)},
    )


def many_to_many(form: forms.ModelForm) -> dict:
    """The many-to-many values ``form`` would save with ``save_m2m()`` (field name -> the
    chosen objects), the same fields Django's ModelForm saves."""
    options = form._meta
    return {
        field.name: form.cleaned_data[field.name]
        for field in form.instance._meta.many_to_many
        if field.name in form.cleaned_data
        and not (options.fields and field.name not in options.fields)
        and not (options.exclude and field.name in options.exclude)
    }


class RegistrationInlineFormSet(forms.BaseInlineFormSet):
    """An inline's rows: rows ticked for deletion may not lie in a closed period
    (:func:`registrations.services.closed.closed_rows_errors`, one query; the rows' own forms
    check additions and changes)."""

    def clean(self):
        super().clean()
        deleted = [form.instance for form in self.deleted_forms if form.instance.pk is not None]
        errors = closed_rows_errors(deleted) if deleted else []
        if errors:
            raise ValidationError(errors)


class RegistrationInline(ScopedAdminMixin, admin.TabularInline):
    """An inline of a registrations model: its rows' forms apply the registration rules
    (:class:`RegistrationRulesFormMixin`) and its deletes the closed-period rule
    (:class:`RegistrationInlineFormSet`); the rows are written through the services by
    :meth:`RegistrationAdmin.save_formset`."""

    formset = RegistrationInlineFormSet

    def get_formset(self, request, obj=None, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, RegistrationRulesFormMixin):
            kwargs["form"] = type(base.__name__, (RegistrationRulesFormMixin, base), {})
        return super().get_formset(request, obj, **kwargs)


class RegistrationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """ModelAdmin of a registrations model: its form applies the registration rules
    (:class:`RegistrationRulesFormMixin`), and it writes through the services
    (:mod:`registrations.services.admin`): saving a record (with its many-to-many links),
    the rows of its inlines, and deletes (one or "delete selected") check the user's access
    at the record's location again, obey the same rules and keep the user in the history.
    A delete the services refuse (a row in a closed period) deletes nothing and shows why.
    A search in its changelist is written to the access log (:mod:`locations.audit`)."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        base = kwargs.get("form", self.form)
        if not issubclass(base, RegistrationRulesFormMixin):
            base = type(base.__name__, (RegistrationRulesFormMixin, base), {})
        kwargs["form"] = with_contact_warning(base)
        return super().get_form(request, obj, change, **kwargs)

    def save_model(self, request, obj, form, change):
        registration_save(user=request.user, record=obj, many_to_many=many_to_many(form))

    def save_related(self, request, form, formsets, change):
        # The form's many-to-many links were saved with the record (save_model).
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        formset.save(commit=False)
        registrations_delete(user=request.user, records=formset.deleted_objects)
        for inline_form in formset.saved_forms:
            registration_save(
                user=request.user,
                record=inline_form.instance,
                many_to_many=many_to_many(inline_form),
            )

    def delete_model(self, request, obj):
        registrations_delete(user=request.user, records=[obj])

    def delete_queryset(self, request, queryset):
        registrations_delete(user=request.user, records=queryset)

    def _refused(self, request, error: ValidationError, url: str) -> HttpResponseRedirect:
        self.message_user(request, " ".join(error.messages), messages.ERROR)
        return HttpResponseRedirect(url)

    def delete_view(self, request, object_id, extra_context=None):
        # Django's delete view runs in a transaction: a refused delete leaves no log entry.
        try:
            return super().delete_view(request, object_id, extra_context)
        except ValidationError as error:
            info = (self.opts.app_label, self.opts.model_name)
            url = reverse("admin:{}_{}_change".format(*info), args=[object_id])
            return self._refused(request, error, url)

    def changelist_view(self, request, extra_context=None):
        # A search over registrations is written to the access log (issue 10), one entry per
        # organisation the admin scope covers.
        if request.method == "GET" and request.GET.get("q", "").strip():
            log_search(
                request,
                subject=self.opts.label_lower,
                query=request.GET["q"],
                organisation_ids=Organisation.objects.values_list("pk", flat=True),
            )
        # In a transaction, so that a refused "delete selected" leaves no log entries.
        try:
            with transaction.atomic():
                return super().changelist_view(request, extra_context)
        except ValidationError as error:
            return self._refused(request, error, request.get_full_path())


class RecordedAdmin(RegistrationAdmin):
    """Admin of a record a coordinator adds: who added it is set on creation and read-only."""

    readonly_fields = ["created_by", "created_at", "is_demo"]

    def save_model(self, request, obj, form, change):
        if not change and obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class PersonAdminMixin:
    """ModelAdmin mixin for participants and volunteers (personal data, issue 10):

    - the nickname shows, in the list and the change form, only under the one rule
      (:meth:`~locations.access.scope.Scope.sees_nickname` of the admin scope: staff who log at
      the person's home location), else the list shows "•••" and the form leaves it out;
    - every change page and history page shown is written to the access log
      (:func:`locations.audit.log_view`).
    """

    def _sees_nickname(self, request, obj) -> bool:
        return admin_scope(request).sees_nickname(
            organisation_id=obj.organisation_id, home_location_id=obj.home_location_id
        )

    def get_list_display(self, request):
        def nickname(obj):
            return obj.nickname if self._sees_nickname(request, obj) else "•••"

        nickname.short_description = _("roepnaam")
        return [
            nickname if name == "nickname" else name for name in super().get_list_display(request)
        ]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if obj is not None and not self._sees_nickname(request, obj):
            exclude.append("nickname")
        return exclude

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            log_view(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is not None:
            log_view(request, obj)
        return super().history_view(request, object_id, extra_context)
