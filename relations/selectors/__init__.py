"""Reads: querysets with their related rows fetched in bulk."""
