"""API tokens: issued once, stored hashed, revocable; bearer auth and permissions for the API."""

import datetime
import hashlib

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone
from ninja import Router
from ninja.errors import AuthenticationError, HttpError
from ninja.testing import TestClient

from api.auth import read_auth, token_auth, token_with_permission
from api.models import ApiToken
from api.tokens import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(django_user_model):
    return django_user_model.objects.create_user(username="reader", password="x" * 12)


@pytest.fixture
def curator(django_user_model):
    return django_user_model.objects.create_superuser(username="curator", password="x" * 12)


@pytest.fixture
def plain_static(settings):
    """Admin pages without collectstatic's manifest (tests/conftest.py sets this too late)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _bearer(key: str):
    return RequestFactory().get("/api/agreements", headers={"authorization": f"Bearer {key}"})


def test_token_create_returns_plaintext_once_and_stores_only_its_hash(user):
    token, key = api_token_create(user=user, name="sync script")

    assert key.startswith(f"blt_{token.prefix}_")
    assert len(key) > 40
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {stored.prefix, stored.key_hash, stored.name}


def test_tokens_are_distinct(user):
    keys = {api_token_create(user=user, name=f"t{n}")[1] for n in range(5)}
    assert len(keys) == 5


def test_authenticate_returns_the_tokens_user(user):
    _, key = api_token_create(user=user, name="t")
    assert api_token_authenticate(key) == user


@pytest.mark.parametrize(
    "mangle",
    [
        lambda key: key[:-1] + ("A" if key[-1] != "A" else "B"),  # wrong secret, right prefix
        lambda key: key.replace("blt_", "xyz_", 1),
        lambda key: "blt_00000000_" + key.split("_", 2)[2],  # unknown prefix
        lambda key: "",
        lambda key: "blt__",
    ],
)
def test_authenticate_refuses_a_wrong_key(user, mangle):
    _, key = api_token_create(user=user, name="t")
    assert api_token_authenticate(mangle(key)) is None


def test_authenticate_refuses_a_revoked_token(user):
    token, key = api_token_create(user=user, name="t")
    api_token_revoke(token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert api_token_authenticate(key) is None


def test_revoking_twice_keeps_the_first_time(user):
    token, _ = api_token_create(user=user, name="t")
    first = timezone.now() - datetime.timedelta(days=1)
    api_token_revoke(token=token, now=first)
    api_token_revoke(token=token)
    assert ApiToken.objects.get(pk=token.pk).revoked_at == first


def test_authenticate_refuses_an_inactive_user(user):
    _, key = api_token_create(user=user, name="t")
    user.is_active = False
    user.save()
    assert api_token_authenticate(key) is None


def test_last_used_is_written_at_most_once_a_minute(user, django_assert_num_queries):
    token, key = api_token_create(user=user, name="t")
    start = timezone.now()

    with django_assert_num_queries(2):  # lookup + first write
        api_token_authenticate(key, now=start)
    with django_assert_num_queries(1):  # lookup only
        api_token_authenticate(key, now=start + datetime.timedelta(seconds=59))
    assert ApiToken.objects.get(pk=token.pk).last_used_at == start

    later = start + datetime.timedelta(seconds=61)
    api_token_authenticate(key, now=later)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == later


def test_token_auth_puts_the_user_on_the_request(user):
    _, key = api_token_create(user=user, name="t")
    request = _bearer(key)

    assert token_auth(request) == user
    assert request.user == user


def test_token_auth_refuses_a_bad_key_with_a_reason(user):
    with pytest.raises(AuthenticationError) as raised:
        token_auth(_bearer("blt_nope_nope"))
    assert raised.value.status_code == 401
    assert "token" in raised.value.message


def test_token_auth_without_a_header_lets_ninja_answer_401():
    assert token_auth(RequestFactory().get("/api/agreements")) is None


def test_reads_are_public_unless_settings_require_a_token():
    request = RequestFactory().get("/api/agreements")
    public = read_auth[-1]

    with override_settings(API_READ_REQUIRES_TOKEN=False):
        assert isinstance(public(request), AnonymousUser)
    with override_settings(API_READ_REQUIRES_TOKEN=True):
        assert public(request) is None


def test_reads_try_the_token_first(user):
    _, key = api_token_create(user=user, name="t")
    assert read_auth[0] is token_auth
    assert read_auth[0](_bearer(key)) == user


def test_a_write_token_refuses_a_user_without_the_permission(user):
    _, key = api_token_create(user=user, name="t")
    with pytest.raises(HttpError) as raised:
        token_with_permission("relations.add_agreement")(_bearer(key))
    assert raised.value.status_code == 403
    assert "relations.add_agreement" in raised.value.message


def test_a_write_token_passes_a_user_with_the_permission(user):
    user.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    _, key = api_token_create(user=user, name="t")
    assert token_with_permission("relations.add_agreement")(_bearer(key)) == user


def test_admin_shows_the_key_once_after_creating_a_token(plain_static, client, curator, user):
    client.force_login(curator)
    response = client.post(
        reverse("admin:api_apitoken_add"),
        {"user": user.pk, "name": "nightly sync"},
        follow=True,
    )

    token = ApiToken.objects.get(name="nightly sync")
    shown = [str(message) for message in response.context["messages"]]
    key = next(word for message in shown for word in message.split() if word.startswith("blt_"))
    assert api_token_authenticate(key) == user
    assert token.prefix in key
    # Never again: not on the next page, not on the token's own page, never the hash.
    page = client.get(reverse("admin:api_apitoken_change", args=[token.pk]))
    listing = client.get(reverse("admin:api_apitoken_changelist"))
    for later in (page, listing):
        assert later.status_code == 200
        assert key not in later.content.decode()
        assert token.key_hash not in later.content.decode()
    assert token.prefix in listing.content.decode()


def test_admin_add_form_does_not_offer_the_hash(plain_static, client, curator):
    client.force_login(curator)
    page = client.get(reverse("admin:api_apitoken_add")).content.decode()
    assert 'name="key_hash"' not in page
    assert 'name="prefix"' not in page


def test_admin_action_revokes_selected_tokens(plain_static, client, curator, user):
    kept, kept_key = api_token_create(user=user, name="kept")
    revoked, revoked_key = api_token_create(user=user, name="revoked")
    client.force_login(curator)

    response = client.post(
        reverse("admin:api_apitoken_changelist"),
        {"action": "revoke_selected", "_selected_action": [revoked.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert api_token_authenticate(revoked_key) is None
    assert api_token_authenticate(kept_key) == user


def test_admin_token_list_query_count_is_bounded(
    plain_static, client, curator, user, django_assert_max_num_queries
):
    for n in range(20):
        api_token_create(user=user, name=f"t{n}")
    client.force_login(curator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("admin:api_apitoken_changelist")).status_code == 200


# Through django-ninja: the status codes and the one error shape a client sees.

_router = Router()


@_router.get("/read", auth=read_auth)
def _read(request):
    return {"user": getattr(request.auth, "username", "")}


@_router.post("/write", auth=token_with_permission("relations.add_agreement"))
def _write(request):
    return {"user": request.auth.username}


@pytest.fixture
def api_client():
    return TestClient(_router)


def test_public_read_needs_no_token(api_client):
    response = api_client.get("/read")
    assert response.status_code == 200
    assert response.json() == {"user": ""}


def test_read_with_a_token_knows_the_user(api_client, user):
    _, key = api_token_create(user=user, name="t")
    response = api_client.get("/read", headers={"Authorization": f"Bearer {key}"})
    assert response.json() == {"user": "reader"}


def test_read_with_a_bad_token_is_refused_even_when_public(api_client):
    response = api_client.get("/read", headers={"Authorization": "Bearer blt_x_y"})
    assert response.status_code == 401
    assert "token" in response.json()["detail"]


def test_read_without_a_token_is_refused_when_settings_require_one(api_client, settings, user):
    settings.API_READ_REQUIRES_TOKEN = True
    response = api_client.get("/read")
    assert response.status_code == 401
    assert list(response.json()) == ["detail"]
    _, key = api_token_create(user=user, name="t")
    assert api_client.get("/read", headers={"Authorization": f"Bearer {key}"}).status_code == 200


def test_write_without_a_token_is_401(api_client):
    response = api_client.post("/write")
    assert response.status_code == 401
    assert list(response.json()) == ["detail"]


def test_write_without_the_permission_is_403(api_client, user):
    _, key = api_token_create(user=user, name="t")
    response = api_client.post("/write", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 403
    assert "relations.add_agreement" in response.json()["detail"]


def test_write_with_the_permission_passes(api_client, user):
    user.user_permissions.add(Permission.objects.get(codename="add_agreement"))
    _, key = api_token_create(user=user, name="t")
    response = api_client.post("/write", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


def test_revoked_token_is_refused_at_once(api_client, user):
    token, key = api_token_create(user=user, name="t")
    api_token_revoke(token=token)
    response = api_client.post("/write", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 401
