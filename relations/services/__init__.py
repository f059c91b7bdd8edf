"""Writes: every change to the record goes through a service here."""
