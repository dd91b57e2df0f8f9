import sqlite3

import pytest

from irm.core.exceptions import InvalidInput
from irm.web.backups import restore_backup, write_backup


def test_backup_then_restore_brings_back_the_database_and_files(tmp_path):
    database = tmp_path / "irm.sqlite3"
    media = tmp_path / "media"
    media.mkdir()
    (media / "law.pdf").write_bytes(b"%PDF-1.4 law")
    with sqlite3.connect(database) as db:
        db.execute("CREATE TABLE state (iso3 TEXT)")
        db.executemany("INSERT INTO state VALUES (?)", [("KEN",), ("NZL",)])
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
    import tarfile

    archive = tmp_path / "empty.tar.gz"
    with tarfile.open(archive, "w:gz"):
        pass
    with pytest.raises(InvalidInput, match="holds no SQLite database"):
        restore_backup(
            archive_path=archive, vendor="sqlite", database=str(tmp_path / "x.sqlite3"), media_root=tmp_path
        )
