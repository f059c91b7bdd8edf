"""The figures' JSON for the page, inside <script type="application/json"> elements.

Django's `json_script` would do, but it runs `json.dumps` and then `str.translate` over the
whole text: about 20 ms for the 300 KB of figures a large dashboard ships, against 1 ms for
orjson and three `str.replace`. This filter escapes exactly what `json_script` escapes (`<`,
`>` and `&`, so no `</script>` or comment can close the element); a test holds it to that.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import orjson
from django import template
from django.utils.safestring import SafeString, mark_safe

from relations.charts.style import FigureSpec

register = template.Library()


@register.filter
def figure_json(spec: FigureSpec) -> SafeString:
    """`{{ chart.figure|figure_json }}`: the figure's JSON, safe inside a JSON script element."""
    text = orjson.dumps(spec, default=_json_default).decode()
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    return mark_safe(text)


def _json_default(value):
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")
