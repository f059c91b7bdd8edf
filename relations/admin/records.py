"""Admin for the curated record."""
