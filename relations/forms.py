"""Forms: the analyst pages' query parameters, and the admin's forms for the record."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.postgres.forms import SimpleArrayField
from django.core.exceptions import ValidationError

from articles.dates import parse_reported_date
from articles.forms import ReportedDatesForm
from relations.models import Agreement


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


class LinesField(SimpleArrayField):
    """A list of texts typed one per line: commas inside an item stay in it; blank lines go."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6, "cols": 80}))
        kwargs.setdefault("help_text", "One per line.")
        super().__init__(forms.CharField(), delimiter="\n", **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return super().to_python("\n".join(value))
        lines = [line.strip() for line in (value or "").splitlines()]
        return super().to_python("\n".join(line for line in lines if line))


class AgreementForm(ReportedDatesForm):
    """An agreement as curators type it: dates at their precision, provisions one per line."""

    provisions = LinesField(required=False)

    class Meta:
        model = Agreement
        fields = "__all__"
