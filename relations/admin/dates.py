"""Reported dates in the admin's lists: shown to the precision the source gave."""

from __future__ import annotations

from django.contrib import admin

from articles.dates import format_reported_date


def reported_date_column(date_name: str, description: str):
    """A list column showing `date_name` to the precision the source gave, sorted by it."""

    @admin.display(description=description, ordering=date_name)
    def column(model_admin, obj) -> str:
        return format_reported_date(getattr(obj, date_name), getattr(obj, f"{date_name}_precision"))

    return column
