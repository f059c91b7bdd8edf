"""The pure cores (temperature, charts, dates, extraction) import no ORM: they run without Django."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Imports every pure module in a fresh interpreter, Django unconfigured, and names the django.db
# modules that came with them.
PROBE = """
import importlib, json, pkgutil, sys
modules = ["relations.temperature", "relations.temperature_moves", "articles.dates"]
for package in ("relations.charts", "articles.extraction"):
    imported = importlib.import_module(package)
    modules += [f"{package}.{info.name}" for info in pkgutil.iter_modules(imported.__path__)]
for name in modules:
    importlib.import_module(name)
print(json.dumps({
    "modules": modules,
    "orm": sorted(name for name in sys.modules if name == "django.db" or name.startswith("django.db.")),
}))
"""


def test_pure_modules_import_no_orm():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO")}
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    found = json.loads(result.stdout)
    assert "relations.charts.timeline" in found["modules"]
    assert "articles.extraction.sentences" in found["modules"]
    assert found["orm"] == []
