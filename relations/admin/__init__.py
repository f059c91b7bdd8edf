"""Django admin for curators: the record (records.py) and API tokens (tokens.py)."""

from relations.admin import records, tokens  # noqa: F401
