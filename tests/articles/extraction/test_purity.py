"""Extraction is pure: no ORM, no relations, no clock."""

import ast
import re
from pathlib import Path

import articles.extraction

PACKAGE = Path(articles.extraction.__file__).parent


def _modules():
    return sorted(PACKAGE.glob("*.py"))


def test_no_module_imports_django_or_relations():
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith(("django", "relations")), f"{path.name} imports {name}"


def test_no_module_reads_the_clock():
    for path in _modules():
        source = path.read_text(encoding="utf-8")
        for call in (r"\btoday\(\)", r"\bnow\(\)", r"\btime\.time\(", r"\butcnow\("):
            assert not re.search(call, source), f"{path.name} calls {call}"
