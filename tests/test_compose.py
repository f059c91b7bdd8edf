"""docker-compose.yml, the production twin, cannot run here (no Docker engine): check its shape."""

import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"


@pytest.fixture(scope="module")
def services():
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_database_service_is_postgres_18_with_a_volume_and_a_healthcheck(services):
    db = services["db"]
    assert db["image"] == "postgres:18"
    assert any(volume.startswith("pgdata:") for volume in db["volumes"])
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])


def test_web_service_waits_for_a_healthy_database_and_points_at_it(services):
    web = services["web"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    database_url = web["environment"]["DATABASE_URL"]
    assert database_url.startswith("postgres://") and "@db:5432/" in database_url
    assert "migrate" in web["command"] and "gunicorn config.wsgi" in web["command"]


def test_a_worker_runs_the_task_queue_on_the_same_database_once_migrated(services):
    worker = services["worker"]
    assert worker["command"] == "python manage.py procrastinate worker"
    assert worker["environment"]["DATABASE_URL"] == services["web"]["environment"]["DATABASE_URL"]
    assert worker["depends_on"]["web"]["condition"] == "service_healthy"
    assert "ports" not in worker and "expose" not in worker


def test_no_secret_is_committed_in_the_compose_file(services):
    secret = services["web"]["environment"]["SECRET_KEY"]
    assert secret.startswith("${SECRET_KEY:?"), "SECRET_KEY must come from the environment"


def test_compose_file_matches_the_compose_specification():
    checker = shutil.which("check-jsonschema") or str(
        Path(__file__).resolve().parent.parent / ".venv" / "bin" / "check-jsonschema"
    )
    if not Path(checker).exists():
        pytest.skip("check-jsonschema is not installed (pip install -e '.[test]')")
    result = subprocess.run(
        [checker, "--builtin-schema", "vendor.compose-spec", str(COMPOSE)],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


NGINX_CONF = ROOT / "deploy" / "nginx" / "nginx.conf"


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is the answer under test, not a step to follow."""

    def redirect_request(self, *args, **kwargs):
        return None


def test_only_the_proxy_is_published_and_it_is_the_official_nginx_image(services):
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert sorted(proxy["ports"]) == ["443:443", "80:80"]
    assert proxy["depends_on"]["web"]["condition"] == "service_healthy"
    assert [name for name, service in services.items() if "ports" in service] == ["proxy"]


def test_web_service_runs_with_the_production_switch(services):
    environment = services["web"]["environment"]
    assert environment["HTTPS"] == "True"
    assert environment["DEBUG"] == "False"
    assert environment["ALLOWED_HOSTS"]


def test_proxy_config_buffers_times_out_limits_and_hides_its_version():
    conf = NGINX_CONF.read_text()
    for directive in [
        "server_tokens off;",
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "client_max_body_size 3m;",
        "proxy_buffering on;",
        "proxy_request_buffering on;",
        "limit_req zone=requests",
        "limit_conn connections",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_set_header X-Real-IP $remote_addr;",
        "server web:8000;",
    ]:
        assert directive in conf, directive


def local_nginx_conf(tmp_path: Path, *, upstream_port: int, http: int, https: int) -> Path:
    """The proxy's config, pointed at a local upstream, free ports and a throwaway certificate."""
    certs = tmp_path / "certs"
    certs.mkdir()
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost",
         "-days", "1", "-keyout", certs / "privkey.pem", "-out", certs / "fullchain.pem"],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    conf = (
        NGINX_CONF.read_text()
        .replace("server web:8000;", f"server 127.0.0.1:{upstream_port};")
        .replace("/etc/nginx/certs", str(certs))
        .replace("/var/cache/nginx/static", str(tmp_path / "cache"))
        .replace("pid /tmp/nginx.pid;", f"pid {tmp_path / 'nginx.pid'};")
        .replace("access_log /dev/stdout;", "access_log off;")
        .replace("listen 80;", f"listen 127.0.0.1:{http};")
        .replace("listen 443 ssl;", f"listen 127.0.0.1:{https} ssl;")
        .replace("listen [::]:80;", "")
        .replace("listen [::]:443 ssl;", "")
    )
    path = tmp_path / "nginx.conf"
    path.write_text(conf)
    return path


def nginx_or_skip() -> str:
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not nginx or not shutil.which("openssl"):
        pytest.skip("nginx or openssl is not installed (apt-get install nginx-light openssl)")
    return nginx


def test_proxy_config_is_valid_nginx(tmp_path):
    nginx = nginx_or_skip()
    conf = local_nginx_conf(tmp_path, upstream_port=8000, http=8080, https=8443)
    result = subprocess.run(
        [nginx, "-t", "-c", str(conf)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.django_db(transaction=True)
def test_proxy_in_front_of_serve_redirects_hides_its_version_and_limits(tmp_path):
    """The proxy's own config, run by the local nginx in front of `manage.py serve`."""
    import os
    import ssl
    import urllib.error

    from django.db import connection

    from tests.test_serve import (
        database_url,
        free_port,
        start_serve,
        stop_serve,
        wait_until_serving,
    )

    nginx = nginx_or_skip()
    upstream, http, https = free_port(), free_port(), free_port()
    conf = local_nginx_conf(tmp_path, upstream_port=upstream, http=http, https=https)
    env = {
        **os.environ,
        "DATABASE_URL": database_url(connection.settings_dict),
        "HTTPS": "True",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECRET_KEY": "x7Qp2vLk9sWm4RtYh8NcBf3JdGz6EaUo1KiVnXr5TyHwPqMs0LbCe",
    }
    env.pop("TEST_DATABASE_NAME", None)
    server = start_serve(upstream, env)
    proxy = subprocess.Popen(
        [nginx, "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    unverified = ssl.create_default_context()
    unverified.check_hostname = False
    unverified.verify_mode = ssl.CERT_NONE
    opener = urllib.request.build_opener(
        urllib.request.HTTPSHandler(context=unverified),
        NoRedirects(),
    )

    def fetch(url: str, data: bytes | None = None):
        try:
            return opener.open(urllib.request.Request(url, data=data), timeout=5)
        except urllib.error.HTTPError as error:
            return error

    base = f"https://127.0.0.1:{https}"
    try:
        wait_until_serving(server, upstream)
        plain = fetch(f"http://127.0.0.1:{http}/api/agreements")
        assert plain.status == 301
        assert plain.headers["Location"] == "https://127.0.0.1/api/agreements"
        secure = fetch(base + "/api/agreements")
        assert secure.status == 200, secure.read()[:500]
        assert secure.headers["Server"] == "nginx"
        assert secure.headers["Strict-Transport-Security"].startswith("max-age=")
        too_big = fetch(base + "/api/agreements", data=b"x" * (4 * 1024 * 1024))
        assert too_big.status == 413
        statuses = [fetch(base + "/api/agreements").status for _ in range(80)]
        assert 429 in statuses and statuses[0] == 200
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        stop_serve(server)
