"""Admin for API tokens."""
