"""The API's own rows: per-user tokens and the tombstones of deleted records."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A per-user API token: shown once, stored as a SHA-256 hash, revocable."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the token is for.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Deletion(models.Model):
    """A tombstone, so API clients mirroring the record learn what curators removed.

    Written by a PostgreSQL trigger on each deleted row of the record's tables (see the
    domain apps' migrations), never by Python.
    """

    kind = models.CharField(max_length=50, help_text="e.g. agreement, event, article.")
    object_id = models.BigIntegerField()
    deleted_at = models.DateTimeField(db_index=True)

    class Meta:
        ordering = ["deleted_at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} deleted {self.deleted_at:%Y-%m-%d %H:%M}"
