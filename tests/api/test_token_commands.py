"""Tokens from the command line: issued once for a user, revocable by prefix."""

import io

import pytest
from django.core.management import CommandError, call_command

from api.models import ApiToken
from api.tokens import api_token_authenticate

pytestmark = pytest.mark.django_db


def issue(*args: str) -> str:
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue().strip()


def test_create_api_token_prints_a_working_key_once(django_user_model):
    user = django_user_model.objects.create_user(username="ingest")

    key = issue("ingest", "--name", "nightly import")

    token = ApiToken.objects.get(user=user)
    assert token.name == "nightly import"
    assert key.startswith(f"blt_{token.prefix}_")
    assert key not in token.key_hash
    assert api_token_authenticate(key) == user


def test_create_api_token_for_an_unknown_user_fails_clearly():
    with pytest.raises(CommandError, match="No user 'ghost'"):
        issue("ghost")


@pytest.mark.parametrize("given", ["prefix", "key"])
def test_revoke_api_token_by_prefix_or_key(django_user_model, given):
    django_user_model.objects.create_user(username="ingest")
    key = issue("ingest")
    prefix = ApiToken.objects.get().prefix
    out = io.StringIO()

    call_command("revoke_api_token", prefix if given == "prefix" else key, stdout=out)

    assert "revoked" in out.getvalue()
    assert ApiToken.objects.get().revoked_at is not None
    assert api_token_authenticate(key) is None


def test_revoking_an_unknown_token_fails_clearly():
    with pytest.raises(CommandError, match="No token"):
        call_command("revoke_api_token", "deadbeef")
