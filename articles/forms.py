"""Admin forms that share the record's rules on reported dates."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError

from articles.dates import (
    DAY,
    MONTH,
    PRECISION_VALUES,
    YEAR,
    ReportedDate,
    date_field_of,
    parse_reported_date,
    truncate,
)

REPORTED_DATE_HELP = "Type 2012 for a year, 2013-05 for a month, or a full date (2013-05-14)."


def coarser(first: str, second: str) -> str:
    """The less precise of two precisions: a date is known no better than its vaguest reading."""
    return max(first, second, key=PRECISION_VALUES.index)


def typed_reported_date(value, precision: str | None) -> str:
    """A stored date as a curator types it at its precision: 2013, 2013-05 or 2013-05-14."""
    if value is None or isinstance(value, str):
        return value or ""
    if precision == YEAR:
        return f"{value.year:04d}"
    if precision == MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class ReportedDateFormField(forms.Field):
    """YYYY, YYYY-MM or YYYY-MM-DD: a ReportedDate with the precision the text gives."""

    widget = AdminDateWidget
    default_error_messages = {
        "invalid": "“%(value)s” is not a date: type 2012, 2013-05 or 2013-05-14.",
    }

    def to_python(self, value) -> ReportedDate | None:
        if value in self.empty_values:
            return None
        if isinstance(value, ReportedDate):
            return value
        try:
            return parse_reported_date(str(value))
        except ValueError:
            raise ValidationError(
                self.error_messages["invalid"], code="invalid", params={"value": value}
            ) from None

    def has_changed(self, initial, data) -> bool:
        try:
            return self.to_python(initial) != self.to_python(data)
        except ValidationError:
            return True


class ReportedDatesForm(forms.ModelForm):
    """Dates as people write them, stored as the first day of their period with its precision.

    Every date with a `<date>_precision` companion takes "2012", "2013-05" or a full date; the
    precision kept is the coarser of the one typed and the one chosen, so "2013" typed under the
    default "day" is a year, and a full date under "year" is that year.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for precision_name in self.precision_names:
            date_name = date_field_of(precision_name)
            old = self.fields[date_name]
            self.fields[date_name] = ReportedDateFormField(
                required=old.required,
                label=old.label,
                help_text=REPORTED_DATE_HELP,
                widget=AdminDateWidget(attrs={"placeholder": "YYYY, YYYY-MM or YYYY-MM-DD"}),
            )
            stored_precision = self.initial.get(precision_name, DAY)
            self.initial[date_name] = typed_reported_date(
                self.initial.get(date_name), stored_precision
            )

    @property
    def precision_names(self) -> list[str]:
        return [
            name
            for name in self.fields
            if name.endswith("_precision") and date_field_of(name) in self.fields
        ]

    def clean(self):
        cleaned_data = super().clean()
        for precision_name in self.precision_names:
            date_name = date_field_of(precision_name)
            reported = cleaned_data.get(date_name)
            if not isinstance(reported, ReportedDate):
                continue
            chosen = cleaned_data.get(precision_name) or DAY
            precision = coarser(reported.precision, chosen)
            cleaned_data[date_name] = truncate(reported.value, precision)
            cleaned_data[precision_name] = precision
        return cleaned_data
