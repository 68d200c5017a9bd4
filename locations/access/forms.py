"""Form choices limited to the active scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.db.models import QuerySet

from locations.access.rules import Action
from locations.access.state import is_scope_mark, require_scope


def scoped(queryset: QuerySet[Any], action: Action = Action.VIEW) -> QuerySet[Any]:
    """``queryset`` limited to the rows the active scope may take ``action`` on.

    A queryset built outside any scope (a class-level ``queryset=`` argument, evaluated at
    import time) carries :class:`~locations.access.state.ScopeRequired`; that mark is dropped
    here and the active scope applied instead, so the form's own filters are kept. Models
    that are not tenant-owned come back unchanged. Raises ScopeError outside any scope.
    """
    if getattr(queryset.model, "tenant_path", None) is None:
        return queryset
    active = require_scope()
    queryset = queryset.all()
    where = queryset.query.where
    if where.connector == "AND":
        where.children = [child for child in where.children if not is_scope_mark(child)]
    return active.restrict(queryset, action)


if TYPE_CHECKING:
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class ScopedFormMixin(_FormBase):
    """Limit every model-choice field of a form (and of a django-filter FilterSet's form) to
    the active scope, whatever its queryset was built with (see :func:`scoped`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            if isinstance(form_field, forms.ModelChoiceField) and form_field.queryset is not None:
                form_field.queryset = scoped(form_field.queryset)
