"""The admin login locks a username out from one address after a few failures (django-axes)."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import F

PASSWORD = "a long right password"
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def curator(db):
    return get_user_model().objects.create_user(
        "curator", password=PASSWORD, is_staff=True, is_superuser=True
    )


def log_in(client, password: str, address: str = "192.0.2.10"):
    return client.post(LOGIN, {"username": "curator", "password": password}, REMOTE_ADDR=address)


def fail_until_locked_out(client, address: str = "192.0.2.10") -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "wrong", address)


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_the_right_password_is_refused_after_a_few_wrong_ones(client, curator):
    assert 3 <= settings.AXES_FAILURE_LIMIT <= 10
    fail_until_locked_out(client)
    response = log_in(client, PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lockout_holds_one_username_from_one_address_only(client, curator):
    fail_until_locked_out(client)
    response = log_in(client, PASSWORD, address="198.51.100.7")
    assert response.status_code == 302
    assert is_logged_in(client)


def test_the_lockout_ends_after_the_cool_off(client, curator):
    fail_until_locked_out(client)
    assert log_in(client, PASSWORD).status_code == 429
    cool_off = settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - cool_off)
    assert log_in(client, PASSWORD).status_code == 302
    assert is_logged_in(client)


def test_a_lockout_can_be_reset_from_the_command_line(client, curator):
    fail_until_locked_out(client)
    call_command("axes_reset_username", "curator", verbosity=0)
    assert log_in(client, PASSWORD).status_code == 302


def test_failed_attempts_are_listed_in_admin(client, curator):
    log_in(client, "wrong")
    log_in(client, "wrong")
    client.force_login(curator)
    response = client.get("/admin/axes/accessattempt/")
    assert response.status_code == 200
    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == (
        "curator",
        "192.0.2.10",
        2,
    )
    assert "192.0.2.10" in response.content.decode()
