"""API tokens: issued once in plain text, kept only as a SHA-256 hash, revocable."""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from api.models import ApiToken

KEY_PREFIX = "blt"
# last_used_at is written at most this often per token, so reads cost no write each.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def key_hash(key: str) -> str:
    """The stored form of a key: its SHA-256 hex digest."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _new_key() -> tuple[str, str]:
    """A fresh (prefix, plaintext key) pair: `blt_<8 hex>_<43 url-safe characters>`."""
    prefix = secrets.token_hex(4)
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def api_token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    """Issue a token for `user`; the plain key is returned here and never again."""
    for _attempt in range(5):
        prefix, key = _new_key()
        token = ApiToken(user=user, name=name, prefix=prefix, key_hash=key_hash(key))
        token.full_clean(exclude=["prefix", "key_hash"])
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:  # a prefix collision: 1 in 4 billion, draw again
            continue
        return token, key
    raise RuntimeError("could not draw a unique token prefix")


def api_token_revoke(*, token: ApiToken, now: datetime.datetime | None = None) -> ApiToken:
    """Revoke a token from now on; revoking twice keeps the first time."""
    if token.revoked_at is None:
        token.revoked_at = now or timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def key_prefix(key: str) -> str | None:
    """The prefix a well-formed key carries (`blt_<prefix>_<secret>`), else None."""
    parts = key.split("_", 2)
    if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2]:
        return None
    return parts[1]


def api_token_authenticate(
    key: str, *, now: datetime.datetime | None = None
) -> AbstractBaseUser | None:
    """The active user a valid, unrevoked key belongs to, else None."""
    prefix = key_prefix(key or "")
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    # Compare digests in constant time: the prefix lookup must not become a timing oracle.
    if token is None or not hmac.compare_digest(token.key_hash, key_hash(key)):
        return None
    if token.revoked_at is not None or not token.user.is_active:
        return None
    now = now or timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
