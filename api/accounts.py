"""Accounts: the first curator's superuser, created with a random password shown once."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

PASSWORD_BYTES = 24


@dataclass(frozen=True)
class EnsuredSuperuser:
    """The superuser that exists after `superuser_ensure`; `password` only where just created."""

    user: AbstractBaseUser
    password: str | None

    @property
    def created(self) -> bool:
        return self.password is not None


def superuser_ensure(*, username: str, email: str = "") -> EnsuredSuperuser:
    """Create a superuser with a random password unless any superuser exists already.

    Raises ValidationError when the username is invalid or taken by a user who is not a
    superuser (an existing account is never promoted or given a new password).
    """
    user_model = get_user_model()
    existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
    if existing is not None:
        return EnsuredSuperuser(user=existing, password=None)

    password = secrets.token_urlsafe(PASSWORD_BYTES)
    user = user_model(
        **{user_model.USERNAME_FIELD: username},
        email=user_model.objects.normalize_email(email),
        is_staff=True,
        is_superuser=True,
        is_active=True,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        # Another process created the same user between our check and our insert.
        existing = user_model.objects.filter(is_superuser=True).order_by("pk").first()
        if existing is None:
            raise ValidationError({"username": "This username was taken meanwhile."}) from None
        return EnsuredSuperuser(user=existing, password=None)
    return EnsuredSuperuser(user=user, password=password)
