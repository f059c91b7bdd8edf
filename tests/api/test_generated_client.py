"""A client generated from /api/openapi.json by openapi-python-client, used as a client
developer would: one read, one paged list, one write with a token, one 422 (issue 11)."""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from relations.models import Agreement
from tests import factories
from tests.api.conftest import _token_for

# The generated client talks to live_server, so the test commits; serialized_rollback and
# restore_seeded_rows give the modules after it the seeded rows back.
pytestmark = [
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("restore_seeded_rows"),
]

PACKAGE = "bilateral_api_client"


@pytest.fixture
def generated_client(tmp_path: Path, monkeypatch):
    """The package openapi-python-client writes for the document this code serves."""
    document = tmp_path / "openapi.json"
    call_command("export_openapi", output=document)
    bin_dir = Path(sys.executable).parent
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(document),
            "--output-path",
            str(tmp_path / PACKAGE),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}"},
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]
    yield importlib.import_module(PACKAGE), tmp_path / PACKAGE
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]


def _enum_classes(package_dir: Path) -> list[str]:
    return sorted(
        line.split()[1].split("(")[0]
        for path in (package_dir / "models").glob("*.py")
        for line in path.read_text().splitlines()
        if line.startswith("class ") and "Enum)" in line
    )


def test_a_generated_client_reads_pages_writes_and_is_told_what_was_wrong(
    generated_client, live_server, pair, django_user_model
):
    package, package_dir = generated_client
    client_module = importlib.import_module(f"{PACKAGE}.client")
    models = importlib.import_module(f"{PACKAGE}.models")
    detail = importlib.import_module(f"{PACKAGE}.api.agreements.agreement_detail")
    listing = importlib.import_module(f"{PACKAGE}.api.agreements.agreement_list")
    create = importlib.import_module(f"{PACKAGE}.api.agreements.agreement_create")
    article = factories.ArticleFactory(slug="border-news", text="Russia and Tajikistan signed.")
    agreements = [factories.AgreementFactory(relationship=pair) for _ in range(3)]

    # Reads are public: the plain client, no token.
    anonymous = client_module.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    read = detail.sync(client=anonymous, agreement_id=agreements[0].pk)
    assert isinstance(read, models.AgreementDetailOut)
    assert read.kind == models.AgreementKind.AGREEMENT
    assert read.expires_on is None and read.expires_on_precision is None

    page = listing.sync(client=anonymous, limit=2, offset=2)
    assert isinstance(page, models.AgreementPage)
    assert page.count == 3
    assert [item.id for item in page.items] == [agreements[2].pk]

    headers = _token_for(
        django_user_model.objects.create_user(username="writer"), "relations.add_agreement"
    )
    token = headers["Authorization"].removeprefix("Bearer ")
    writer = client_module.AuthenticatedClient(
        base_url=live_server.url, token=token, raise_on_unexpected_status=True
    )
    body = models.AgreementIn(
        relationship="ru-tj",
        title="Border protocol",
        slug="border-protocol-2016",
        kind=models.AgreementKind.PROTOCOL,
        status=models.AgreementStatus.SIGNED,
        signed_on=None,
        citations=[models.CitationIn(article=article.pk)],
    )
    created = create.sync_detailed(client=writer, body=body)
    assert created.status_code == 201
    assert isinstance(created.parsed, models.AgreementDetailOut)
    assert created.headers["Location"].endswith(f"/api/agreements/{created.parsed.id}")
    assert Agreement.objects.filter(slug="border-protocol-2016").exists()

    body.slug = "another"
    body.relationship = "nowhere"
    refused = create.sync_detailed(client=writer, body=body)
    assert refused.status_code == 422
    assert isinstance(refused.parsed, models.ValidationErrorOut)
    assert [error.loc for error in refused.parsed.detail] == [["body", "relationship"]]

    # One class per enumeration, each named: not one per field that uses it.
    enums = _enum_classes(package_dir)
    print(f"\ngenerated enum classes: {len(enums)}: {', '.join(enums)}")
    assert len(enums) == len(set(enums))
    assert {"Precision", "AgreementKind", "AgreementStatus", "DeletionKind"} <= set(enums)
    assert not [name for name in enums if name[-1].isdigit()]
