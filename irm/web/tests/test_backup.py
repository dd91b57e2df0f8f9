"""Backup and restore: the database, the uploaded files, and the keys under a passphrase (issue 14 §9)."""

import sqlite3
import stat
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from irm.core.exceptions import InvalidInput
from irm.core.keys import KEY_FILES, forget_cached_keys
from irm.web import backups
from irm.web.backups import restore_backup, write_backup


def _database(tmp_path):
    database = tmp_path / "irm.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE state (iso3 TEXT)")
        db.executemany("INSERT INTO state VALUES (?)", [("KEN",), ("NZL",)])
    return database


def test_backup_then_restore_brings_back_the_database_and_files(tmp_path):
    database = _database(tmp_path)
    media = tmp_path / "media"
    media.mkdir()
    (media / "law.pdf").write_bytes(b"%PDF-1.4 law")
    archive = tmp_path / "backup.tar.gz"
    write_backup(target=archive, vendor="sqlite", database=str(database), media_root=media)

    with sqlite3.connect(database) as db:
        db.execute("DELETE FROM state")
    (media / "law.pdf").unlink()
    restore_backup(archive_path=archive, vendor="sqlite", database=str(database), media_root=media)

    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM state").fetchone()[0] == 2
    assert (media / "law.pdf").read_bytes() == b"%PDF-1.4 law"


def test_restoring_an_archive_without_a_database_says_so(tmp_path):
    archive = tmp_path / "empty.tar.gz"
    with tarfile.open(archive, "w:gz"):
        pass
    with pytest.raises(InvalidInput, match="holds no SQLite database"):
        restore_backup(
            archive_path=archive, vendor="sqlite", database=str(tmp_path / "x.sqlite3"), media_root=tmp_path
        )


def test_archives_databases_and_uploads_are_readable_by_their_owner_only(tmp_path, settings):
    from django.core.files.base import ContentFile
    from django.core.files.storage import FileSystemStorage

    archive = tmp_path / "backup.tar.gz"
    archive.write_bytes(b"an older archive someone left world-readable")
    archive.chmod(0o644)
    write_backup(
        target=archive, vendor="sqlite", database=str(_database(tmp_path)), media_root=tmp_path / "m"
    )
    assert stat.S_IMODE(archive.stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "irm.sqlite3").stat().st_mode) == 0o600  # the process umask
    storage = FileSystemStorage(location=tmp_path / "media")
    name = storage.save("statements/a.pdf", ContentFile(b"%PDF-1.4"))
    assert stat.S_IMODE((tmp_path / "media" / name).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "media" / "statements").stat().st_mode) == 0o700


@pytest.mark.django_db
def test_keys_travel_under_a_passphrase_so_two_factor_and_audit_verify_work_after_a_restore(
    tmp_path, settings, cast, django_capture_on_commit_callbacks, run_irm
):
    from irm.accounts import services, totp
    from irm.core.audit import record_event

    keys = tmp_path / "keys"
    settings.KEY_DIR = keys
    forget_cached_keys()
    # A chain keyed here from its first event, and a user with two-factor on.
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        from irm.core.models import AuditChainHead, AuditEvent

        AuditEvent.objects.all().delete()
        AuditChainHead.objects.all().delete()
        record_event(actor=None, action="test.before_backup", object_type="test")
    user = cast["fp-kenya"]
    secret = totp.new_secret()
    with django_capture_on_commit_callbacks(execute=True):
        services.enable_totp(
            actor=user, user=user, secret=secret, code=totp.code_for(secret, totp.current_step(secret))
        )
    assert "events verified" in run_irm("audit", "verify")
    archive = tmp_path / "backup.tar.gz"
    write_backup(
        target=archive,
        vendor="sqlite",
        database=str(_database(tmp_path)),
        media_root=tmp_path / "m",
        key_dir=keys,
        key_names=KEY_FILES,
        passphrase="correct horse battery staple",
    )
    with tarfile.open(archive) as opened:
        sealed = opened.extractfile("keys.enc")
        assert sealed is not None and b"audit" not in sealed.read()  # sealed, not listed

    # A new machine: the database came back, the data directory's keys did not.
    for name in ("audit_key", "audit_head", "totp_key"):
        (keys / name).unlink()
    forget_cached_keys()
    with pytest.raises(CommandError, match=r"audit key .* is missing"):
        call_command("audit", "verify")
    assert not (keys / "audit_key").exists()  # verify does not invent a new key

    with pytest.raises(InvalidInput, match="passphrase does not open"):
        restore_backup(
            archive_path=archive,
            vendor="sqlite",
            database=str(tmp_path / "irm.sqlite3"),
            media_root=tmp_path / "m",
            key_dir=keys,
            passphrase="wrong",
        )
    assert not (keys / "audit_key").exists()  # a wrong passphrase changed nothing
    restored = restore_backup(
        archive_path=archive,
        vendor="sqlite",
        database=str(tmp_path / "irm.sqlite3"),
        media_root=tmp_path / "m",
        key_dir=keys,
        passphrase="correct horse battery staple",
    )
    assert {"audit_key", "audit_head", "totp_key"} <= set(restored)
    assert all(stat.S_IMODE((keys / name).stat().st_mode) == 0o600 for name in restored)
    assert "events verified" in run_irm("audit", "verify")
    user.refresh_from_db()
    assert totp.decrypt_secret(user.totp_secret) == secret
    assert services.accept_totp_code(user=user, code=totp.code_for(secret, user.totp_last_counter + 1))


def test_the_backup_command_wants_a_passphrase_and_reads_it_from_a_file_or_the_environment(
    tmp_path, monkeypatch
):
    from irm.web.management.commands.backup import read_passphrase

    monkeypatch.delenv("IRM_BACKUP_PASSPHRASE", raising=False)
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    with pytest.raises(CommandError, match="--passphrase-file"):
        read_passphrase(None, confirm=True)
    (tmp_path / "p").write_text("from a file\n")
    assert read_passphrase(str(tmp_path / "p"), confirm=True) == "from a file"
    monkeypatch.setenv("IRM_BACKUP_PASSPHRASE", "from the environment")
    assert read_passphrase(None, confirm=True) == "from the environment"


def test_the_postgresql_password_never_appears_in_a_command_line(tmp_path, monkeypatch):
    seen = []

    def fake_run(args, check, env):
        seen.append(args)
        pgpass = env["PGPASSFILE"]
        assert Path(pgpass).read_text() == "*:*:*:*:s3cret\\:pw\n"
        assert stat.S_IMODE(Path(pgpass).stat().st_mode) == 0o600
        assert env["PGUSER"] == "irm" and env["PGDATABASE"] == "irm" and "PGPASSWORD" not in env
        if Path(args[0]).name == "pg_dump":
            Path(args[-1].removeprefix("--file=")).write_bytes(b"dump")

    monkeypatch.setattr(backups.shutil, "which", lambda name: "/usr/bin/" + name)
    monkeypatch.setattr(backups.subprocess, "run", fake_run)
    monkeypatch.setenv("PGPASSWORD", "s3cret:pw")
    database = {"NAME": "irm", "USER": "irm", "PASSWORD": "s3cret:pw", "HOST": "db", "PORT": 5432}
    archive = tmp_path / "pg.tar.gz"
    write_backup(target=archive, vendor="postgresql", database=database, media_root=tmp_path / "m")
    restore_backup(archive_path=archive, vendor="postgresql", database=database, media_root=tmp_path / "m")
    assert [Path(args[0]).name for args in seen] == ["pg_dump", "pg_restore"]
    assert not any("s3cret" in " ".join(args) for args in seen)
