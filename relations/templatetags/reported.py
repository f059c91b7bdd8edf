"""Template filters for the analyst pages: dates as sources report them, periods, scores,
figures."""

from django import template

from articles.dates import format_reported_date
from relations.charts.labels import format_quantity

register = template.Library()


@register.filter
def reported(instance, field: str) -> str:
    """`{{ agreement|reported:"signed_on" }}`: '4 June 2004', 'June 2004' or '2004'."""
    return format_reported_date(
        getattr(instance, field, None), getattr(instance, f"{field}_precision", None)
    )


@register.filter
def period(relationship) -> str:
    """A relationship's period in years: '2004–2017', '2004', 'since 2004', 'until 2017' or ''."""
    start, end = relationship.period_start, relationship.period_end
    if start and end:
        return f"{start.year}–{end.year}" if start.year != end.year else f"{start.year}"
    if start:
        return f"since {start.year}"
    if end:
        return f"until {end.year}"
    return ""


@register.filter
def signed(value) -> str:
    """A score with its sign: '+8.0', '−7.0', '0.0'."""
    if value is None:
        return ""
    number = float(value)
    if number > 0:
        return f"+{number:.1f}"
    if number < 0:
        return f"−{abs(number):.1f}"
    return "0.0"


@register.filter
def quantity(observation) -> str:
    """An observation's figure as a reader says it: 'USD 300 million', '7,000 persons'."""
    return format_quantity(float(observation.value), observation.unit)
