"""How the charts write dates, figures and titles in hovers, labels and table cells."""

from __future__ import annotations

import datetime
import html


def iso(value: datetime.date | None) -> str:
    return value.isoformat() if value else ""


def month_label(value: datetime.date) -> str:
    return value.strftime("%B %Y")


def format_quantity(value: float, unit: str) -> str:
    """'USD 300 million', '47 %', '7,500 persons': figures as a reader says them."""
    magnitude = abs(value)
    if magnitude >= 1e9:
        number = f"{value / 1e9:,.3g} billion"
    elif magnitude >= 1e6:
        number = f"{value / 1e6:,.3g} million"
    elif value == int(value):
        number = f"{int(value):,}"
    else:
        number = f"{value:,.2f}".rstrip("0").rstrip(".")
    if unit in ("USD", "EUR", "RUB", "GBP"):
        return f"{unit} {number}"
    if unit in ("%", "percent"):
        return f"{number}%"
    return f"{number} {unit}".strip()


def escape(text: str) -> str:
    """Plotly renders a little HTML in hover labels: escape what the record says."""
    return html.escape(text, quote=False)


def short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
