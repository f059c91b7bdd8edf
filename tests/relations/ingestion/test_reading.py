"""Bad input is refused before the queue, with the file and the reason named."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from relations.models import Ingestion
from relations.services.ingestion import Rejected, decode, read_file

GOOD = "Russia and Tajikistan signed a deal on the base in Dushanbe on Friday.\n"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.md", b"  \n\n\t ", "the file is empty"),
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("latin.txt", "Dushanbe é".encode("latin-1") + b" and more", "not UTF-8"),
        ("sheet.xlsx", GOOD.encode(), "unsupported kind of file '.xlsx'"),
    ],
)
def test_each_bad_file_is_rejected_with_its_reason(tmp_path: Path, name, content, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(Rejected, match=reason):
        read_file(path)


def test_a_file_over_the_limit_is_rejected(tmp_path: Path, settings):
    settings.INGEST_MAX_BYTES = 100
    path = tmp_path / "long.txt"
    path.write_text(GOOD * 5)
    with pytest.raises(Rejected, match="over the limit of 100"):
        read_file(path)


def test_text_is_read_as_stored_text():
    assert decode("\ufeffOne.\r\nTwo.\rThree.".encode()) == "One.\nTwo.\nThree."


@pytest.mark.django_db
def test_the_command_names_each_rejected_file_and_exits_non_zero(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "latin.txt").write_bytes("caf\xe9".encode("latin-1"))
    stderr = StringIO()

    with pytest.raises(CommandError, match="2 of 2 rejected"):
        call_command("ingest", str(tmp_path), stdout=StringIO(), stderr=stderr)

    messages = stderr.getvalue()
    assert f"rejected: {tmp_path / 'empty.txt'}: the file is empty" in messages
    assert f"rejected: {tmp_path / 'latin.txt'}: the file is not UTF-8 text" in messages
    assert set(Ingestion.objects.values_list("outcome", flat=True)) == {"rejected"}


@pytest.mark.django_db
def test_a_missing_path_is_rejected_by_name(tmp_path: Path):
    stderr = StringIO()
    with pytest.raises(CommandError):
        call_command("ingest", str(tmp_path / "nowhere.txt"), stdout=StringIO(), stderr=stderr)
    assert "nowhere.txt: cannot read the file" in stderr.getvalue()
