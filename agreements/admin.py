"""Django admin for agreements, parties, indicators, targets and closed periods
(tenant-scoped, see :class:`locations.admin.ScopedAdminMixin`)."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from agreements.models import (
    Agreement,
    AgreementParty,
    Indicator,
    Party,
    PeriodClosure,
    RegionTarget,
    ReportingDeadline,
    RoomGroup,
    Target,
)
from agreements.services import period_reopen
from agreements.targets import method_mismatch, parse_target, stored_target_values
from locations.access.admin import ScopedAdminMixin


class AgreementPartyInline(ScopedAdminMixin, admin.TabularInline):
    model = AgreementParty
    extra = 0


class ReportingDeadlineInline(ScopedAdminMixin, admin.TabularInline):
    model = ReportingDeadline
    extra = 0


#: The parsed fields of a target, shown but never typed: the form derives them from the
#: printed text (:class:`TargetForm`).
PARSED_TARGET_FIELDS = ["text", "comparator", "value", "value_of", "value_max", "unit"]


class TargetForm(forms.ModelForm):
    """The admin's form of a room's :class:`Target` or a region's or group's
    :class:`RegionTarget`: the admin types the target exactly as the document prints it
    (``printed_text``, e.g. "Min. 10"), and the normalised text, comparator, value, value_of,
    value_max and unit are parsed from it by :func:`agreements.targets.parse_target`, as the
    agreement loader does (issue 12, "Targets as stated": the printed text is kept and shown
    beside the parsed target; a parsed field is never typed apart from it).

    A text that is no target, or does not fit the indicator's method
    (:func:`agreements.targets.method_mismatch`), is an error on the field, with the text
    kept as entered."""

    class Meta:
        help_texts = {
            "printed_text": _(
                "Precies zoals het document het vermeldt, bijvoorbeeld 'Min. 10', '> 10 op 20' "
                "of 'nog niet'. De vergelijking en de waarden worden eruit afgeleid."
            )
        }

    def __init__(self, *args, **kwargs) -> None:
        """A target stored before printed texts were kept starts from its normalised text;
        the printed text is the one required field."""
        super().__init__(*args, **kwargs)
        self.fields["printed_text"].required = True
        if not self.instance.printed_text and self.instance.text:
            self.initial["printed_text"] = self.instance.text

    def clean(self) -> dict:
        """Parse ``printed_text`` onto the instance's parsed fields; errors go on the field."""
        cleaned = super().clean()
        printed = cleaned.get("printed_text")
        if not printed:
            return cleaned
        try:
            parsed = parse_target(printed)
        except ValueError as error:
            self.add_error("printed_text", str(error))
            return cleaned
        indicator = cleaned.get("indicator") or getattr(self.instance, "indicator", None)
        problem = method_mismatch(parsed, indicator.method) if indicator else None
        if problem is None and len(parsed.text) > Target._meta.get_field("text").max_length:
            problem = _("de tekst van het doel is te lang")  # as the loader says it
        if problem:
            self.add_error("printed_text", problem)
            return cleaned
        for name, value in stored_target_values(parsed).items():
            setattr(self.instance, name, value)
        cleaned["printed_text"] = parsed.printed
        return cleaned


class TargetInline(ScopedAdminMixin, admin.TabularInline):
    model = Target
    form = TargetForm
    extra = 0
    fields = ["location", "printed_text", *PARSED_TARGET_FIELDS]
    readonly_fields = PARSED_TARGET_FIELDS


class RegionTargetInline(ScopedAdminMixin, admin.TabularInline):
    """Targets for the region (no group) or a room group (issue 12)."""

    model = RegionTarget
    form = TargetForm
    extra = 0
    fields = ["group", "printed_text", *PARSED_TARGET_FIELDS]
    readonly_fields = PARSED_TARGET_FIELDS


class RoomGroupInline(ScopedAdminMixin, admin.TabularInline):
    """The agreement's room groups (issue 12), as its file names them."""

    model = RoomGroup
    extra = 0
    fields = ["code", "name", "position", "locations"]


@admin.register(Agreement)
class AgreementAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "organisation", "region", "year", "status", "signed_on"]
    list_filter = ["organisation", "year", "region", "status"]
    search_fields = ["title", "region", "region_name"]
    list_select_related = ["organisation"]
    filter_horizontal = ["locations"]
    #: Defined by the agreement file (docs/agreement-format.md); not edited by hand, so the
    #: report never meets a malformed item.
    readonly_fields = ["municipality_items"]
    inlines = [AgreementPartyInline, ReportingDeadlineInline, RoomGroupInline]


@admin.register(Party)
class PartyAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "organisation", "location"]
    list_filter = ["organisation", "kind"]
    search_fields = ["name", "code"]
    list_select_related = ["organisation", "location"]


@admin.register(Indicator)
class IndicatorAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = [
        "description",
        "code",
        "agreement",
        "section",
        "method",
        "housing_corporation",
        "position",
    ]
    list_filter = ["agreement", "section", "method", "housing_corporation"]
    search_fields = ["code", "description"]
    list_select_related = ["agreement"]
    inlines = [TargetInline, RegionTargetInline]


@admin.register(Target)
class TargetAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = TargetForm
    fields = ["indicator", "location", "printed_text", *PARSED_TARGET_FIELDS]
    readonly_fields = PARSED_TARGET_FIELDS
    list_display = ["indicator", "location", "text", "comparator", "value", "value_of", "unit"]
    list_filter = ["indicator__agreement", "location", "comparator"]
    search_fields = ["indicator__code", "indicator__description", "text"]
    list_select_related = ["indicator", "location"]


class PeriodReopenForm(forms.ModelForm):
    """Reopening a closed period: the reason is required (it is kept with the closure)."""

    reason = forms.CharField(
        label=_("Reden van heropenen"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Na opslaan is de periode weer open: registraties erin kunnen weer worden "
            "toegevoegd, gewijzigd en verwijderd. Wie heropende, wanneer en waarom blijft "
            "zichtbaar."
        ),
        error_messages={"required": _("Vul in waarom de periode wordt heropend.")},
    )

    class Meta:
        model = PeriodClosure
        fields: list[str] = []

    def clean(self):
        cleaned = super().clean()
        if self.instance.is_reopened:
            raise forms.ValidationError(_("Deze periode is al heropend."))
        return cleaned


@admin.register(PeriodClosure)
class PeriodClosureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Closed periods: the list (who closed, who reopened, why), and reopening one with a
    reason (:func:`agreements.services.period_reopen`, admins only). A closure is made by the
    board through :func:`agreements.services.period_close` (the board page), never typed in
    here; closures are never deleted (they are the log of closing and reopening)."""

    form = PeriodReopenForm
    list_display = [
        "agreement",
        "period",
        "closed_by",
        "closed_at",
        "state",
        "reopened_by",
        "reopened_at",
    ]
    list_filter = ["agreement", "period"]
    list_select_related = ["agreement", "closed_by", "reopened_by"]
    readonly_fields = [
        "agreement",
        "period",
        "starts_on",
        "ends_on",
        "closed_by",
        "closed_at",
        "reopened_by",
        "reopened_at",
        "reopen_reason",
    ]

    @admin.display(description=_("stand"))
    def state(self, obj: PeriodClosure) -> str:
        return str(_("heropend") if obj.is_reopened else _("afgesloten"))

    def get_fields(self, request, obj=None):
        if obj is not None and not obj.is_reopened:
            return [*self.readonly_fields, "reason"]
        return list(self.readonly_fields)

    def has_add_permission(self, request, *args):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or not obj.is_reopened)

    def save_model(self, request, obj, form, change):
        period_reopen(user=request.user, closure=obj, reason=form.cleaned_data["reason"])
