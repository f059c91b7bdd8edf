"""The embedded PostgreSQL server starts from nothing, is shared, and stops with its last user."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Every script runs as one user of the server in data_dir; join_in_child starts another user
# in its own process, running `then` after joining.
PREAMBLE = """
import json, os, subprocess, sys
from pathlib import Path
from config.embedded_database import embedded_database_settings

data_dir = Path(sys.argv[1])

def join_in_child(then="", **options):
    return subprocess.run(
        [sys.executable, "-c",
         "import os, signal, sys; from pathlib import Path; "
         "from config.embedded_database import embedded_database_settings; "
         "embedded_database_settings(Path(sys.argv[1])); " + then,
         str(data_dir)],
        **options)
"""


@pytest.fixture
def data_dir(tmp_path) -> Path:
    path = tmp_path / "data"
    path.mkdir()
    return path


def run_python(code: str, data_dir: Path) -> str:
    script = PREAMBLE + textwrap.dedent(code)
    result = subprocess.run(
        [sys.executable, "-c", script, str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def server_running(data_dir: Path) -> bool:
    return (data_dir / "pgdata" / "postmaster.pid").exists()


def test_embedded_server_starts_from_an_empty_folder_and_stops_when_its_user_exits(data_dir):
    output = run_python(
        """
        import psycopg

        database = embedded_database_settings(data_dir)
        with psycopg.connect(dbname=database["NAME"], user=database["USER"],
                             host=database["HOST"], port=database["PORT"]) as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
            extensions = {row[0] for row in connection.execute(
                "SELECT name FROM pg_available_extensions").fetchall()}
        print(version.split(".")[0], sorted({"pg_trgm", "unaccent", "btree_gist"} & extensions))
        """,
        data_dir,
    )
    assert output.split(None, 1) == ["18", "['btree_gist', 'pg_trgm', 'unaccent']\n"]
    assert not server_running(data_dir), "the server should stop when its last user exits"


def test_embedded_server_is_joined_not_restarted_by_a_second_process(data_dir):
    output = run_python(
        """
        embedded_database_settings(data_dir)
        first = (data_dir / "pgdata" / "postmaster.pid").read_text().split()[0]
        child = join_in_child(
            "print((Path(sys.argv[1]) / 'pgdata' / 'postmaster.pid').read_text().split()[0])",
            capture_output=True, text=True, check=True)
        still_running = (data_dir / "pgdata" / "postmaster.pid").exists()
        print(first == child.stdout.strip(), still_running)
        """,
        data_dir,
    )
    assert output.split() == ["True", "True"]


def test_embedded_server_stops_with_its_last_user_though_another_was_killed_outright(data_dir):
    output = run_python(
        """
        embedded_database_settings(data_dir)
        # A second user joins and dies by SIGKILL: its exit handler never runs.
        child = join_in_child("os.kill(os.getpid(), signal.SIGKILL)", capture_output=True)
        pids = json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text())
        print(child.returncode, len(pids))
        """,
        data_dir,
    )
    # The killed user's pid was left behind on the list, as in the finding.
    assert output.split() == ["-9", "2"]
    assert not server_running(data_dir), (
        "the dead user's stale pid must not keep the server running"
    )


def test_joining_the_embedded_server_prunes_users_that_no_longer_exist(data_dir):
    output = run_python(
        """
        # A first user initialises the server and exits; then a dead pid is left on the list.
        join_in_child(check=True)
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        (data_dir / "pgdata" / ".handle_pids.json").write_text(json.dumps([gone.pid]))
        embedded_database_settings(data_dir)
        print(json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text()) == [os.getpid()])
        """,
        data_dir,
    )
    assert output.split() == ["True"]
