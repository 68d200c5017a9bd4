"""Template filters rendering report figures the one house way (:mod:`locations.formatting`)."""

from datetime import date

from django import template

from locations import formatting

register = template.Library()


@register.filter
def num(value: formatting.Number | None) -> str:
    """A count or target as Dutch number ("1.234", "68,75"); None as "—"."""
    return formatting.format_number(value)


@register.filter
def signed(value: formatting.Number | None) -> str:
    """A difference with an explicit sign ("+12", "-3", "0"); None as "—"."""
    return formatting.format_number(value, signed=True)


@register.filter
def ddmmyyyy(value: date | None) -> str:
    """A date as dd-mm-jjjj; None as ""."""
    return formatting.format_date(value)


@register.filter
def euro(value: formatting.Number | None) -> str:
    """Euros with cents ("€ 1.234,50", "-€ 68,00"); None as "—"."""
    return formatting.format_euro(value)


@register.filter
def share(value: formatting.Number | None) -> str:
    """A share (0.38) as a whole percent ("38%"); None as "—"."""
    return formatting.format_share(value)


@register.filter
def hours(value: formatting.Number | None) -> str:
    """Hours as a Dutch number ("10.500"); None as "—"."""
    return formatting.format_hours(value)
