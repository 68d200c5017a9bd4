"""The project's form renderer: every Django form (the pages', the account pages', the
admin's widgets) renders through the project's templates, so ``templates/django/forms/``
gives each field its label, its help text and its errors (linked to the input with
``aria-describedby``, ``aria-invalid`` on an invalid one: Django's own attributes) and the
NL Design System (Utrecht) classes."""

from django.forms.renderers import TemplatesSetting


class BwkFormRenderer(TemplatesSetting):
    """Django's :class:`~django.forms.renderers.TemplatesSetting` (the ``TEMPLATES`` setting's
    engines, so ``templates/django/forms/`` overrides Django's form templates) with the
    project's field template: a label, the help text beside it, the errors, the input."""

    field_template_name = "django/forms/field.html"
    form_template_name = "django/forms/div.html"
