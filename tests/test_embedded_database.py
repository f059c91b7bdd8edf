"""The embedded PostgreSQL server starts from nothing, is shared, and stops with its last user."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code: str, data_dir: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), str(data_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_embedded_server_starts_from_an_empty_folder_and_stops_when_its_user_exits(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    output = run_python(
        """
        import sys
        from pathlib import Path
        import psycopg
        from config.embedded_database import embedded_database_settings

        database = embedded_database_settings(Path(sys.argv[1]))
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
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    assert not pid_file.exists(), "the server should stop when its last user exits"


def test_embedded_server_is_joined_not_restarted_by_a_second_process(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    output = run_python(
        """
        import subprocess, sys
        from pathlib import Path
        from config.embedded_database import embedded_database_settings

        data_dir = Path(sys.argv[1])
        embedded_database_settings(data_dir)
        first = (data_dir / "pgdata" / "postmaster.pid").read_text().split()[0]
        child = subprocess.run(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; "
             "from config.embedded_database import embedded_database_settings; "
             "embedded_database_settings(Path(sys.argv[1])); "
             "print((Path(sys.argv[1]) / 'pgdata' / 'postmaster.pid').read_text().split()[0])",
             str(data_dir)],
            capture_output=True, text=True, check=True)
        still_running = (data_dir / "pgdata" / "postmaster.pid").exists()
        print(first == child.stdout.strip(), still_running)
        """,
        data_dir,
    )
    assert output.split() == ["True", "True"]


def test_embedded_server_stops_with_its_last_user_though_another_was_killed_outright(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    output = run_python(
        """
        import json, subprocess, sys
        from pathlib import Path
        from config.embedded_database import embedded_database_settings

        data_dir = Path(sys.argv[1])
        embedded_database_settings(data_dir)
        # A second user joins and dies by SIGKILL: its exit handler never runs.
        child = subprocess.run(
            [sys.executable, "-c",
             "import os, signal, sys; from pathlib import Path; "
             "from config.embedded_database import embedded_database_settings; "
             "embedded_database_settings(Path(sys.argv[1])); "
             "os.kill(os.getpid(), signal.SIGKILL)",
             str(data_dir)],
            capture_output=True, text=True)
        pids = json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text())
        print(child.returncode, len(pids))
        """,
        data_dir,
    )
    # The killed user's pid was left behind on the list, as in the finding.
    assert output.split() == ["-9", "2"]
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    assert not pid_file.exists(), "the dead user's stale pid must not keep the server running"


def test_joining_the_embedded_server_prunes_users_that_no_longer_exist(tmp_path):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    output = run_python(
        """
        import json, os, subprocess, sys
        from pathlib import Path
        from config.embedded_database import embedded_database_settings

        data_dir = Path(sys.argv[1])
        # A first user initialises the server and exits; then a dead pid is left on the list.
        subprocess.run(
            [sys.executable, "-c",
             "import sys; from pathlib import Path; "
             "from config.embedded_database import embedded_database_settings; "
             "embedded_database_settings(Path(sys.argv[1]))",
             str(data_dir)],
            check=True)
        gone = subprocess.Popen([sys.executable, "-c", "pass"])
        gone.wait()
        (data_dir / "pgdata" / ".handle_pids.json").write_text(json.dumps([gone.pid]))
        embedded_database_settings(data_dir)
        print(json.loads((data_dir / "pgdata" / ".handle_pids.json").read_text()) == [os.getpid()])
        """,
        data_dir,
    )
    assert output.split() == ["True"]
