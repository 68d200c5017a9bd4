"""Template filters rendering report figures the one house way (see reports.figures)."""

from django import template

from reports import figures

register = template.Library()


@register.filter
def num(value) -> str:
    """A count or target as Dutch number ("1.234", "68,75"); None as "—"."""
    return figures.format_number(value)


@register.filter
def signed(value) -> str:
    """A difference with an explicit sign ("+12", "-3", "0"); None as "—"."""
    text = figures.format_number(value)
    return f"+{text}" if value is not None and value > 0 else text


@register.filter
def ddmmyyyy(value) -> str:
    """A date as dd-mm-jjjj."""
    return figures.format_date(value)
