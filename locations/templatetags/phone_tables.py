"""Template filters of the phone-first tables (issue 14): how many filters a form has set,
and the header of a table column by position (for a cell's ``data-label``)."""

from collections.abc import Sequence
from typing import Any

from django import forms, template

register = template.Library()


@register.filter
def active_filter_count(form: forms.BaseForm | None) -> int:
    """The number of fields of the bound ``form`` given a non-empty value in its data (the
    query string of a filter form); 0 for an unbound form or None. A field with several
    values (a set of checkboxes) counts once."""
    if form is None or not form.is_bound:
        return 0
    data = form.data
    count = 0
    for name in form.fields:
        key = form.add_prefix(name)
        values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
        if any(value not in (None, "") for value in values):
            count += 1
    return count


@register.filter
def at(items: Sequence[Any], index: int) -> Any:
    """``items[index]``, or "" when ``index`` is past the end (a header for each cell)."""
    try:
        return items[index]
    except (IndexError, TypeError):
        return ""
