"""The README's API examples return what they promise on the demo record."""

import re
from pathlib import Path

import pytest

from relations.models import Agreement
from relations.services.rollup import temperature_recompute_all
from tests.api.conftest import get_csv, get_json

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[2] / "README.md"
# Reads only: the examples that name no method (the write example needs a token and a body).
EXAMPLE = re.compile(r"^curl '(?:http://127\.0\.0\.1:8000)(/api/[^']+)'$", re.MULTILINE)
READ_EXAMPLES = EXAMPLE.findall(README.read_text())


def test_the_readme_has_read_examples():
    assert len(READ_EXAMPLES) >= 6


@pytest.mark.parametrize("url", READ_EXAMPLES)
def test_each_readme_example_returns_rows_on_the_demo_record(api, demo_record, url):
    # The loader's recompute runs on commit, which a test's transaction never reaches.
    temperature_recompute_all()
    # On a fresh `make run` the first agreement loaded has id 1; here the sequence runs on.
    url = url.replace("/api/agreements/1", f"/api/agreements/{Agreement.objects.earliest('pk').pk}")

    if "format=csv" in url or ".csv" in url.partition("?")[0]:
        _, rows = get_csv(api, url)
        assert len(rows) > 1, url
        return
    body = get_json(api, url)
    if url.startswith("/api/deletions"):
        # Nothing is deleted on a fresh record: the example shows the shape of the sync.
        assert body == {"count": 0, "items": []}
    elif "items" in body:  # a list, or the temperature's points
        assert body["items"], url
    else:  # one agreement: with its parties and the articles it rests on
        assert body["parties"] and body["citations"], url
