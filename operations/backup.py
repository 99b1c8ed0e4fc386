"""Backups of the whole portal, and restoring them into a blank installation.

An archive (``cong-backup-YYYYmmdd-HHMMSS.tar.gz``) holds:

- ``database.dump``: ``pg_dump --format=custom`` of the PostgreSQL database (one consistent snapshot),
  or ``database.sqlite3``: a copy made with SQLite's online backup API (consistent while the site runs);
- ``media/…``: every uploaded file (images, documents, attachments);
- ``manifest.json``: when and by which versions it was made, the database engine, the applied
  migrations, and every file's size and SHA-256.

``restore`` reads the whole archive and checks every size and checksum before it changes anything; it
refuses an archive that is damaged, that contains paths outside itself, that was made on another
database engine or by a newer version of the portal, and a target that already has content (unless
``force``). The PostgreSQL restore runs in one transaction (``pg_restore --single-transaction``): it
succeeds entirely or leaves the database as it was.
"""

import contextlib
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # noqa: S404  # nosec B404 - pg_dump / pg_restore, with argument lists, never a shell
import tarfile
import tempfile
import zlib
from pathlib import Path, PurePosixPath

import django
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

import wagtail

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA_DIR = "media"
DUMP_NAMES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in the operator's words."""


def sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _connection(alias):
    connection = connections[alias]
    if connection.vendor not in DUMP_NAMES:
        raise BackupError(f"Database engine {connection.vendor!r} is not supported (PostgreSQL or SQLite).")
    return connection


def _pg_env(connection):
    params = connection.settings_dict
    env = os.environ.copy()
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    return env, args


def _tool(name):
    path = shutil.which(os.environ.get(f"{name.upper()}_BIN", name))
    if not path:
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools (same major version).")
    return path


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603  # nosec B603 - a fixed tool and its arguments, no shell
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.returncode}")
    return result


def applied_migrations(alias="default"):
    connection = connections[alias]
    if not MigrationRecorder(connection).has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def known_migrations():
    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}


def _dump_database(connection, destination):
    if connection.vendor == "postgresql":
        env, args = _pg_env(connection)
        _run(
            [_tool("pg_dump"), *args, "--format=custom", "--no-owner", "--no-privileges",
             "--file", str(destination), connection.settings_dict["NAME"]],
            env,
        )  # fmt: skip
    else:
        connection.ensure_connection()
        target = sqlite3.connect(destination)
        try:
            connection.connection.backup(target)
        finally:
            target.close()


def _media_files(root):
    root = Path(root)
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            files.append(path)
    return files


def create_backup(output_dir, alias="default", stdout=None):
    """Write an archive into ``output_dir``; return its path."""
    connection = _connection(alias)
    output_dir = Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    name = f"cong-backup-{created:%Y%m%d-%H%M%S}"
    with tempfile.TemporaryDirectory(prefix="cong-backup-") as work:
        work = Path(work)
        dump_name = DUMP_NAMES[connection.vendor]
        _dump_database(connection, work / dump_name)
        entries = [(dump_name, work / dump_name)]
        media_root = Path(settings.MEDIA_ROOT)
        for path in _media_files(media_root):
            entries.append((f"{MEDIA_DIR}/{path.relative_to(media_root).as_posix()}", path))
        files = []
        for arcname, path in entries:
            files.append({"path": arcname, "size": path.stat().st_size, "sha256": sha256_file(path)})
        manifest = {
            "format": FORMAT_VERSION,
            "created": created.isoformat(),
            "django": django.get_version(),
            "wagtail": wagtail.__version__,
            "database": {"engine": connection.vendor, "name": str(connection.settings_dict["NAME"])},
            "migrations": applied_migrations(alias),
            "files": files,
        }
        partial = output_dir / f".{name}.tar.gz.part"
        archive = output_dir / f"{name}.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(created.timestamp())
            tar.addfile(info, io.BytesIO(data))
            for arcname, path in entries:
                tar.add(path, arcname=arcname, recursive=False)
        os.replace(partial, archive)  # never a half-written archive under the final name
    if stdout:
        media_count = len(entries) - 1
        stdout.write(
            f"Backup written: {archive} ({archive.stat().st_size:,} bytes, {media_count} media files)"
        )
    return archive


# Restore ------------------------------------------------------------------------------------------


def _safe_member(name):
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"The archive contains an unsafe path: {name!r}. Nothing was restored.")
    return path.as_posix()


def read_and_verify(archive, destination):
    """Extract ``archive`` into ``destination`` (a scratch directory) and check it against its manifest.

    Raises BackupError before anything outside ``destination`` is touched.
    """
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    destination = Path(destination)
    try:
        with tarfile.open(archive, "r:gz") as tar:
            members = tar.getmembers()
            for member in members:
                _safe_member(member.name)
                if not (member.isfile() or member.isdir()):
                    raise BackupError(
                        f"The archive contains a link or device: {member.name!r}. Nothing restored."
                    )
            tar.extractall(destination, filter="data")
    except (tarfile.TarError, EOFError, OSError, zlib.error) as error:
        raise BackupError(
            f"The archive is damaged or not a backup ({error}). Nothing was restored."
        ) from error
    manifest_path = destination / MANIFEST
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        files = manifest["files"]
        engine = manifest["database"]["engine"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise BackupError(f"The archive has no valid {MANIFEST} ({error}). Nothing was restored.") from error
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Unsupported backup format {manifest.get('format')!r}. Nothing was restored.")
    listed = set()
    problems = []
    for entry in files:
        relative = _safe_member(entry["path"])
        listed.add(relative)
        path = destination / relative
        if not path.is_file():
            problems.append(f"missing: {relative}")
        elif path.stat().st_size != entry["size"] or sha256_file(path) != entry["sha256"]:
            problems.append(f"checksum mismatch: {relative}")
    extra = {
        path.relative_to(destination).as_posix()
        for path in destination.rglob("*")
        if path.is_file() and path.name != MANIFEST
    } - listed
    problems += [f"not in the manifest: {name}" for name in sorted(extra)]
    if DUMP_NAMES.get(engine) not in listed:
        problems.append(f"missing the database dump for {engine!r}")
    if problems:
        shown = "; ".join(problems[:10]) + (f" (and {len(problems) - 10} more)" if len(problems) > 10 else "")
        raise BackupError(f"The archive is corrupted: {shown}. Nothing was restored.")
    return manifest


def has_content(alias="default"):
    """True when the target holds anything a person made: accounts, pages beyond the tree Wagtail and
    the first migration create, images, documents, legal documents or statistics."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Page

    DailyVisits = apps.get_model("visits", "DailyVisits")  # noqa: N806 (operations imports no feature app)

    connection = connections[alias]
    if "wagtailcore_page" not in connection.introspection.table_names():
        return False  # a database that has not even been migrated
    checks = [
        get_user_model().objects.using(alias).exists(),
        Page.objects.using(alias).filter(depth__gt=2).exists(),
        get_image_model().objects.using(alias).exists(),
        get_document_model().objects.using(alias).exists(),
        DailyVisits.objects.using(alias).exists(),
    ]
    return any(checks)


def restore_backup(archive, alias="default", force=False, stdout=None):
    """Restore ``archive`` into the database ``alias`` and MEDIA_ROOT; return the manifest."""
    connection = _connection(alias)
    with tempfile.TemporaryDirectory(prefix="cong-restore-") as work:
        work = Path(work)
        manifest = read_and_verify(archive, work)
        engine = manifest["database"]["engine"]
        if engine != connection.vendor:
            raise BackupError(
                f"This archive holds a {engine} database; this installation uses {connection.vendor}. "
                "Nothing was restored."
            )
        unknown = sorted(set(manifest.get("migrations", [])) - known_migrations())
        if unknown:
            raise BackupError(
                "The archive was made by a newer version of the portal (unknown migrations: "
                + ", ".join(unknown[:5])
                + "). Upgrade the code first. Nothing was restored."
            )
        if not force and has_content(alias):
            raise BackupError(
                "The target database already has content. Restore into a blank installation, or pass "
                "--force to replace it. Nothing was restored."
            )
        dump = work / DUMP_NAMES[engine]
        _restore_database(connection, dump)
        media_root = Path(settings.MEDIA_ROOT)
        media_count = 0
        source_root = work / MEDIA_DIR
        for entry in manifest["files"]:
            if not entry["path"].startswith(f"{MEDIA_DIR}/"):
                continue
            source = work / entry["path"]
            target = media_root / source.relative_to(source_root)
            target.parent.mkdir(parents=True, exist_ok=True)
            temporary = target.with_name(f".{target.name}.restoring")
            shutil.copyfile(source, temporary)
            os.replace(temporary, target)
            media_count += 1
    if stdout:
        pending = sorted(known_migrations() - set(manifest.get("migrations", [])))
        created = manifest["created"]
        stdout.write(f"Restored the database ({engine}, backup of {created}) and {media_count} media files.")
        if pending:
            stdout.write(f"{len(pending)} newer migrations are not applied yet: run `manage.py migrate`.")
    return manifest


def _restore_database(connection, dump):
    if connection.vendor == "postgresql":
        env, args = _pg_env(connection)
        connection.close()
        _run(
            [_tool("pg_restore"), *args, "--clean", "--if-exists", "--no-owner", "--no-privileges",
             "--single-transaction", "--exit-on-error", "--dbname", connection.settings_dict["NAME"],
             str(dump)],
            env,
        )  # fmt: skip
    else:
        source = sqlite3.connect(dump)
        try:
            connection.ensure_connection()
            source.backup(connection.connection)
        finally:
            source.close()
    # Cached pages, menus and settings belong to the previous content.
    from django.core.cache import caches

    for cache_alias in settings.CACHES:
        cache = caches[cache_alias]
        # django-redis: only this portal's keys (its prefix), never the whole Redis database. A cache
        # that is down holds nothing stale either.
        with contextlib.suppress(Exception):
            cache.delete_pattern("*") if hasattr(cache, "delete_pattern") else cache.clear()
