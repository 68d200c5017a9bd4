"""Django admin for actual spending (Expenditure); registered by importing :mod:`budgets.admin`.

Scoped like every admin of the project (:class:`ScopedAdminMixin`: an organisation's admins
see and choose only its rows). The line dropdown names each line's agreement; on an existing
expenditure it offers only lines of budgets of agreements covering its location, and saving
refuses a line whose agreement does not cover the location or whose year is not the date's.
"""

from django.contrib import admin

from budgets.expenditures import lines_for_location
from budgets.forms import ExpenditureAdminForm, LineChoiceField
from budgets.models import Expenditure
from locations.access.admin import ScopedAdminMixin


class ExpenditureAdmin(ScopedAdminMixin, admin.ModelAdmin):
    form = ExpenditureAdminForm
    list_display = ["date", "location", "line", "amount", "description", "is_demo"]
    list_filter = ["location", "line__budget__agreement", "is_demo"]
    search_fields = ["description", "line__code", "location__code"]
    date_hierarchy = "date"
    list_select_related = ["location", "line"]
    readonly_fields = ["import_key", "created_by", "created_at", "is_demo"]
    fields = ["location", "line", "date", "amount", "description", *readonly_fields]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None:
            line_field = form.base_fields["line"]
            line_field.queryset = lines_for_location(obj.location)
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "line":
            kwargs["form_class"] = LineChoiceField
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "line" and formfield is not None:
            formfield.queryset = formfield.queryset.select_related("budget__agreement").order_by(
                "-budget__agreement__year", "-budget__position", "position"
            )
        return formfield

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


admin.site.register(Expenditure, ExpenditureAdmin)
