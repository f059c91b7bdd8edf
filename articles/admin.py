"""Admin for sources and articles."""
