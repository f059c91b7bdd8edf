"""Django admin for curators: the record, one module per subject.

Rules live in the models' named constraints, which Django 5.2 checks in `full_clean`, so a
violation reaches the curator as a form error. What the constraints cannot see (two rows of one
formset naming the same spelling, a span past the end of the text) is checked in the forms.
"""

from relations.admin import (  # noqa: F401
    actors,
    agreements,
    articles,
    candidates,
    citations,
    computed,
    events,
    ingestion,
    metrics,
    places,
)
