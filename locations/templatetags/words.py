"""Template filters that put stored codes into the words of the interface (issue 14)."""

from django import template

from locations import formatting, periods

register = template.Library()


@register.filter
def period_label(value: periods.Period | str | None) -> str:
    """A period or its code ("2019-Q2") as Dutch words ("2e kwartaal 2019"); other text as
    it is (:func:`locations.periods.period_label`)."""
    return periods.period_label(value)


@register.filter
def document_name(value: str | None) -> str:
    """A source text as the name of its document, without file paths or line references
    (:func:`locations.formatting.document_name`)."""
    return formatting.document_name(value)
