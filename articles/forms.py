"""Admin forms that share the record's rules on reported dates."""

from __future__ import annotations

from django import forms

from articles.dates import date_field_of, truncate


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
