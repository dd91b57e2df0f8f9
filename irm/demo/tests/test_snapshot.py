"""The demo snapshot (issue 18 §4): a loaded demo is copied back only into an empty database and data
directory, only when made by the same code on the same day, and with the keys its rows depend on."""

import sqlite3
from datetime import date
from types import SimpleNamespace

import pytest

from irm.demo import snapshot


class FakeConnection:
    """A SQLite connection standing in for Django's (the test database is never empty)."""

    vendor = "sqlite"

    def __init__(self, path):
        self.connection = sqlite3.connect(path)
        self.introspection = SimpleNamespace(
            table_names=lambda: [
                r[0] for r in self.connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            ]
        )

    def ensure_connection(self):
        pass


@pytest.fixture
def data_dir(tmp_path, settings, monkeypatch):
    monkeypatch.setenv("IRM_DEMO_SNAPSHOTS", str(tmp_path / "snapshots"))
    monkeypatch.setattr(snapshot, "_usable", lambda: True)

    def use(name):
        root = tmp_path / name
        root.mkdir()
        settings.KEY_DIR = root
        settings.MEDIA_ROOT = root / "media"
        monkeypatch.setattr(snapshot, "connection", FakeConnection(root / "irm.sqlite3"))
        return root

    return use


def test_a_loaded_demo_comes_back_with_its_keys_and_files(data_dir):
    loaded = data_dir("loaded")
    snapshot.connection.connection.execute("CREATE TABLE t (x TEXT)")
    snapshot.connection.connection.execute("INSERT INTO t VALUES ('demo row')")
    snapshot.connection.connection.commit()
    (loaded / "audit_key").write_text("k" * 64)
    (loaded / "totp_key").write_text("totp")
    (loaded / "secret_key").write_text("never copied")
    (loaded / "media" / "library").mkdir(parents=True)
    (loaded / "media" / "library" / "doc.pdf").write_bytes(b"%PDF")
    kept = snapshot.save("abc")
    assert kept is not None and (kept / "complete").exists()

    fresh = data_dir("fresh")
    assert snapshot.restore("abc")
    rows = snapshot.connection.connection.execute("SELECT x FROM t").fetchall()
    assert rows == [("demo row",)]
    assert (fresh / "audit_key").read_text() == "k" * 64
    assert (fresh / "totp_key").read_text() == "totp"
    assert not (fresh / "secret_key").exists()
    assert (fresh / "media" / "library" / "doc.pdf").read_bytes() == b"%PDF"


def test_nothing_is_copied_over_a_database_or_data_directory_that_holds_something(data_dir):
    data_dir("loaded")
    snapshot.connection.connection.execute("CREATE TABLE t (x TEXT)")
    snapshot.save("abc")

    used = data_dir("used")
    snapshot.connection.connection.execute("CREATE TABLE mine (y TEXT)")
    assert not snapshot.restore("abc")  # a database with tables

    keyed = data_dir("keyed")
    (keyed / "audit_key").write_text("another chain's key")
    assert not snapshot.restore("abc")  # an audit key of its own: the events would not verify
    assert (keyed / "audit_key").read_text() == "another chain's key"
    assert used.exists()
    assert not snapshot.restore("unknown")


def test_the_key_changes_with_the_day(monkeypatch):
    today = snapshot.snapshot_key()
    monkeypatch.setattr(snapshot.timezone, "localdate", lambda: date(2000, 1, 1))
    assert snapshot.snapshot_key() != today
