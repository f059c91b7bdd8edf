"""Security headers on every kind of response, and the HTTPS=True production switch."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.test_serve import database_url

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "HTTPS": "True",
    "SECRET_KEY": "x7Qp2vLk9sWm4RtYh8NcBf3JdGz6EaUo1KiVnXr5TyHwPqMs0LbCe",
    "ALLOWED_HOSTS": "bilateral.example",
    "DEBUG": "False",
}


def csp_directives(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


@pytest.mark.parametrize("path", ["/", "/api/agreements", "/admin/login/", "/no-such-page/"])
def test_every_response_carries_the_security_headers(client, db, path):
    response = client.get(path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"], "no inline script, no eval, no other origin"
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    # Plain HTTP (make run): no HSTS, which would lock browsers out of a local server.
    assert "Strict-Transport-Security" not in response.headers


def test_pages_have_no_inline_scripts_or_event_handlers(client, demo_record):
    import re

    from relations.models import Relationship

    relationship = Relationship.objects.order_by("name").first()
    for path in ["/", relationship.get_absolute_url(), "/search/?q=Rahmon", "/admin/login/"]:
        html = client.get(path).content.decode()
        for script in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in script or 'type="application/json"' in script, (path, script)
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), path
        assert "javascript:" not in html, path


def run_with_production_settings(code: str, extra_env: dict | None = None):
    env = {**os.environ, **PRODUCTION, **(extra_env or {})}
    env.pop("TEST_DATABASE_NAME", None)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_deploy_checks_pass_with_https_a_secret_key_and_allowed_hosts():
    # No database is reached by these checks: any PostgreSQL URL will do. The browser tests
    # set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment never has it.
    env = {**os.environ, **PRODUCTION, "DATABASE_URL": "postgres://check@localhost/check"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db(transaction=True)
def test_https_switch_redirects_plain_http_and_sets_hsts_and_secure_cookies():
    from django.db import connection

    result = run_with_production_settings(
        """
        import django
        django.setup()
        from django.conf import settings
        from django.test import Client

        client = Client(HTTP_HOST="bilateral.example")
        plain = client.get("/api/agreements")
        print("plain", plain.status_code, plain.headers.get("Location"))
        proxied = client.get("/api/agreements", HTTP_X_FORWARDED_PROTO="https")
        print("proxied", proxied.status_code, proxied.headers["Strict-Transport-Security"])
        print("cookies", settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE)
        login = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
        print("csrf-cookie-secure", login.cookies["csrftoken"]["secure"])
        """,
        {
            "DATABASE_URL": database_url(connection.settings_dict),
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "RECORD_VERSION_LISTEN": "False",
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        },
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "plain 301 https://bilateral.example/api/agreements"
    assert lines[1] == "proxied 200 max-age=31536000; includeSubDomains; preload"
    assert lines[2] == "cookies True True"
    assert lines[3] == "csrf-cookie-secure True"
