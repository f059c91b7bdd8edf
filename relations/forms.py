"""The analyst pages' query parameters, parsed and checked."""

from __future__ import annotations

import datetime

from django import forms
from django.core.exceptions import ValidationError

from articles.dates import parse_reported_date


class ReportedDateField(forms.Field):
    """YYYY, YYYY-MM or YYYY-MM-DD, read as the first day of the year, month or day."""

    default_error_messages = {
        "invalid": "“%(value)s” is not a date (use YYYY, YYYY-MM or YYYY-MM-DD).",
    }

    def to_python(self, value: str | None) -> datetime.date | None:
        if value in self.empty_values:
            return None
        try:
            return parse_reported_date(value).value
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None


class DateRangeForm(forms.Form):
    """A range of dates, either end open."""

    start = ReportedDateField(required=False)
    end = ReportedDateField(required=False)
