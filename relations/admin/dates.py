"""Reported dates in the admin: stored as the first day of their interval, shown as reported."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from articles.dates import format_reported_date, truncate


def date_field_of(precision_field: str) -> str:
    """`occurred_on_precision` qualifies `occurred_on`; `period_precision` qualifies `period_start`."""
    stem = precision_field.removesuffix("_precision")
    return "period_start" if stem == "period" else stem


class ReportedDatesForm(forms.ModelForm):
    """Stores a month- or year-precise date as the first day of its interval, as the record does."""

    def clean(self):
        cleaned_data = super().clean()
        for name in self.fields:
            if not name.endswith("_precision"):
                continue
            date_name = date_field_of(name)
            value, precision = cleaned_data.get(date_name), cleaned_data.get(name)
            if value is not None and precision:
                cleaned_data[date_name] = truncate(value, precision)
        return cleaned_data


def reported_date_column(date_name: str, description: str):
    """A list column showing `date_name` to the precision the source gave, sorted by it."""

    @admin.display(description=description, ordering=date_name)
    def column(model_admin, obj) -> str:
        return format_reported_date(getattr(obj, date_name), getattr(obj, f"{date_name}_precision"))

    return column
