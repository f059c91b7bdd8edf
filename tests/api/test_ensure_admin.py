"""`manage.py ensure_admin`: a first superuser with a random password, printed once."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

PASSWORD_LINE = re.compile(r"^Password \(shown this once[^)]*\): (\S+)$", re.MULTILINE)


def run(*args: str) -> str:
    out = StringIO()
    call_command("ensure_admin", *args, stdout=out)
    return out.getvalue()


def test_first_run_creates_a_superuser_and_prints_its_password_and_the_admin_url(db):
    output = run()
    password = PASSWORD_LINE.search(output).group(1)
    user = get_user_model().objects.get(username="admin")
    assert user.is_superuser and user.is_staff and user.is_active
    assert user.check_password(password)
    assert len(password) >= 30
    assert "http://127.0.0.1:8000/admin/" in output


def test_second_run_creates_nothing_and_prints_no_password(db):
    first = run()
    password = PASSWORD_LINE.search(first).group(1)
    second = run()
    assert get_user_model().objects.count() == 1
    assert password not in second
    assert PASSWORD_LINE.search(second) is None
    assert "exists already" in second
    assert get_user_model().objects.get().check_password(password)


def test_any_existing_superuser_counts(db):
    get_user_model().objects.create_superuser("curator", "curator@example.org", "x" * 20)
    output = run("--username", "admin")
    assert "'curator'" in output
    assert PASSWORD_LINE.search(output) is None
    assert not get_user_model().objects.filter(username="admin").exists()


def test_passwords_are_random_not_a_fixed_default(db):
    first = PASSWORD_LINE.search(run()).group(1)
    get_user_model().objects.all().delete()
    second = PASSWORD_LINE.search(run()).group(1)
    assert first != second


def test_username_and_email_are_taken_from_options(db):
    output = run(
        "--username",
        "curator",
        "--email",
        "Curator@Example.ORG",
        "--base-url",
        "https://b.example/",
    )
    user = get_user_model().objects.get(username="curator")
    assert user.email == "Curator@example.org"
    assert "https://b.example/admin/" in output


def test_a_non_superuser_of_that_name_is_an_error_not_a_promotion(db):
    get_user_model().objects.create_user("admin", password="y" * 20)
    with pytest.raises(CommandError, match="username"):
        run()
    assert not get_user_model().objects.filter(is_superuser=True).exists()


def test_an_invalid_username_is_an_error(db):
    with pytest.raises(CommandError, match="username"):
        run("--username", "no spaces allowed")
    assert not get_user_model().objects.exists()
