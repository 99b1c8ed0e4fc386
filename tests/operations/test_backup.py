"""manage.py backup / restore: a round trip brings every page, revision, file and counter back; a damaged
archive or a target with content is refused and nothing changes."""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from wagtail.models import Page

from operations.backup import DUMP_NAMES, MANIFEST
from tests.factories import StandardPageFactory
from tests.operations.backup_content import build_content, summary

BASE_DIR = Path(settings.BASE_DIR)


def _backup(tmp_path):
    call_command("backup", output=str(tmp_path / "backups"), stdout=io.StringIO())
    (archive,) = (tmp_path / "backups").glob("cong-backup-*.tar.gz")
    return archive


def _manifest(archive):
    with tarfile.open(archive) as tar:
        return json.load(tar.extractfile(MANIFEST))


def _rewrite(archive, change, name="damaged.tar.gz"):
    """Copy ``archive`` with ``change(name, data) -> data | None`` applied to each file (None drops it)."""
    damaged = archive.with_name(name)
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            data = change(member.name, data)
            if data is None:
                continue
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return damaged


def _subprocess_env(database_url, media_root):
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="settings.test", DATABASE_URL=database_url, TEST_MEDIA_ROOT=str(media_root)
    )
    return env


def _pg_url(name):
    params = connection.settings_dict
    auth = params["USER"] + (f":{params['PASSWORD']}" if params.get("PASSWORD") else "")
    return f"postgres://{auth}@{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{name}"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_round_trip_restores_pages_revisions_files_ratings_and_counters(tmp_path):
    build_content()
    before = summary()
    titles = [title for _, title in before["revisions"]]
    assert "Bản nháp: Hội nghị tổng kết (chưa duyệt)" in titles  # the draft on top of the live revision
    assert "Hội nghị tổng kết chuyển đổi số năm 2026" in titles
    assert before["images"] and before["documents"] and before["ratings"] and before["page_visits"]
    archive = _backup(tmp_path)

    manifest = _manifest(archive)
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["django"] and manifest["wagtail"]
    assert "wagtailcore.0001_initial" in manifest["migrations"]
    paths = {entry["path"]: entry for entry in manifest["files"]}
    image_entries = [p for p in paths if p.startswith("media/original_images/hoi-nghi")]
    assert image_entries and all(
        len(paths[p]["sha256"]) == 64 and paths[p]["size"] > 0 for p in image_entries
    )

    # A database that has content is refused without --force, and nothing changes.
    with pytest.raises(CommandError, match="already has content"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert summary() == before

    if connection.vendor == "sqlite":
        call_command("flush", interactive=False, verbosity=0)  # a blank installation
        shutil.rmtree(settings.MEDIA_ROOT)
        assert not Page.objects.exists()
        out = io.StringIO()
        call_command("restore", str(archive), stdout=out)
        assert "Restored the database (sqlite" in out.getvalue()
        assert summary() == before
        return

    # PostgreSQL: pg_restore into a fresh database, served by another process with its own media directory.
    import psycopg2

    restore_name = f"{connection.settings_dict['NAME']}_restore"[:63]
    admin = psycopg2.connect(_pg_url("postgres"))
    admin.autocommit = True
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restore_name}"')
            cursor.execute(f'CREATE DATABASE "{restore_name}"')
        env = _subprocess_env(_pg_url(restore_name), tmp_path / "restored-media")
        restored = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "manage.py", "restore", str(archive)],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False, timeout=300,
        )  # fmt: skip
        assert restored.returncode == 0, restored.stderr
        assert "Restored the database (postgresql" in restored.stdout
        script = (
            "import django, json; django.setup(); "
            "from tests.operations.backup_content import summary; print(json.dumps(summary()))"
        )
        after = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
            [sys.executable, "-c", script],
            cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True, timeout=120,
        )  # fmt: skip
        assert json.loads(after.stdout) == json.loads(json.dumps(before))
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restore_name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db
def test_damaged_archives_are_refused_before_anything_changes(tmp_path):
    # Uploaded files on disk; the backup comes before any write (SQLite's online backup waits for writers).
    media = Path(settings.MEDIA_ROOT)
    (media / "original_images").mkdir(parents=True, exist_ok=True)
    (media / "documents").mkdir(parents=True, exist_ok=True)
    (media / "original_images" / "anh-hoi-nghi.png").write_bytes(b"\x89PNG fake image bytes")
    (media / "documents" / "quyet-dinh.pdf").write_bytes(b"%PDF-1.4 fake")
    archive = _backup(tmp_path)
    StandardPageFactory(title="Trang tạo sau bản sao lưu")
    before = summary()

    def flip_image_byte(name, data):
        if name.startswith("media/original_images/"):
            return data[:-1] + bytes([data[-1] ^ 1])
        return data

    cases = {
        "checksum mismatch: media/original_images/": _rewrite(archive, flip_image_byte, "flipped.tar.gz"),
        "missing: media/documents/": _rewrite(
            archive,
            lambda name, data: None if name.startswith("media/documents/") else data,
            "missing.tar.gz",
        ),
        "not in the manifest: media/extra.txt": archive.with_name("extra.tar.gz"),
        "damaged or not a backup": archive.with_name("truncated.tar.gz"),
        "no valid manifest.json": _rewrite(
            archive, lambda name, data: b"{" if name == MANIFEST else data, "bad-manifest.tar.gz"
        ),
    }
    # An extra file that the manifest does not list.
    extra = cases["not in the manifest: media/extra.txt"]
    with tarfile.open(archive) as source, tarfile.open(extra, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("media/extra.txt")
        info.size = 3
        target.addfile(info, io.BytesIO(b"abc"))
    cases["damaged or not a backup"].write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    for message, damaged in cases.items():
        with pytest.raises(CommandError, match="Nothing was restored") as raised:
            call_command("restore", str(damaged), force=True, stdout=io.StringIO())
        assert message in str(raised.value), (message, str(raised.value))
        assert summary() == before, message


@pytest.mark.django_db
def test_unsafe_paths_and_another_engine_are_refused(tmp_path):
    archive = _backup(tmp_path)
    traversal = tmp_path / "traversal.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(traversal, "w:gz") as target:
        for member in source.getmembers():
            target.addfile(member, source.extractfile(member))
        info = tarfile.TarInfo("../../evil.txt")
        info.size = 4
        target.addfile(info, io.BytesIO(b"evil"))
    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(traversal), force=True)
    assert not (tmp_path.parent / "evil.txt").exists()

    other = "sqlite" if connection.vendor == "postgresql" else "postgresql"

    own_dump, other_dump = DUMP_NAMES[connection.vendor], DUMP_NAMES[other]
    other_engine = tmp_path / "other-engine.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(other_engine, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST:
                manifest = json.loads(data)
                manifest["database"]["engine"] = other
                for entry in manifest["files"]:
                    entry["path"] = other_dump if entry["path"] == own_dump else entry["path"]
                data = json.dumps(manifest).encode()
            member.name = other_dump if member.name == own_dump else member.name
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        call_command("restore", str(other_engine), force=True)

    with pytest.raises(CommandError, match="No such archive"):
        call_command("restore", str(tmp_path / "missing.tar.gz"))
