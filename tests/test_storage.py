"""The SQLite store: schema, migrations, transactions and the append-only promise."""

import sqlite3

import pytest

from review.models import ParsedRecord
from review.storage import Store
from review.storage.migrations import MIGRATIONS
from review.storage.store import ImportCancelled


def _records(n: int) -> list[ParsedRecord]:
    return [
        ParsedRecord(
            position=i,
            title=f"Title {i}",
            authors=[f"Author{i}, A."],
            year=2000 + i % 9,
            raw={"TI": [f"Title {i}"]},
        )
        for i in range(1, n + 1)
    ]


def test_new_database_is_wal_and_fully_migrated(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == len(MIGRATIONS)
    tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    for table in (
        "sources",
        "records",
        "duplicate_links",
        "decisions",
        "resolutions",
        "retrieval",
        "appraisals",
        "appraisal_resolutions",
    ):
        assert table in tables
    store.close()


def test_missing_database_is_refused_without_create(tmp_path):
    with pytest.raises(Exception, match="no project database"):
        Store(tmp_path / "nothing.db")


def test_an_older_schema_is_migrated_on_open(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=0")
    conn.close()
    store = Store(path)
    assert store.schema_version == len(MIGRATIONS)
    store.close()


def test_records_round_trip_with_their_source(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    sid = store.add_source(name="MEDLINE", kind="database", sha256="abc", records=_records(3))
    [source] = store.sources()
    assert (source.source_id, source.name, source.records_read, source.records) == (
        sid,
        "MEDLINE",
        3,
        3,
    )
    first = store.record(store.record_ids()[0])
    assert first.title == "Title 1" and first.authors == ["Author1, A."]
    assert first.raw == {"TI": ["Title 1"]} and first.source_name == "MEDLINE"
    store.close()


def test_cancelled_import_leaves_nothing(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 1  # let the first chunk in, then stop

    with pytest.raises(ImportCancelled):
        store.add_source(name="big", kind="database", records=_records(12000), cancelled=cancel)
    assert store.count_records() == 0
    assert store.sources() == []
    store.close()


@pytest.mark.parametrize("table", ["decisions", "resolutions", "duplicate_links", "appraisals"])
def test_append_only_tables_refuse_update_and_delete(tmp_path, table):
    store = Store(tmp_path / "review.db", create=True)
    store.add_source(name="s", kind="database", records=_records(1))
    rid = store.record_ids()[0]
    rows = {
        "decisions": (
            "INSERT INTO decisions (record_id, stage, reviewer, decision, time)"
            " VALUES (?, 'title-abstract', 'A', 'include', 't')"
        ),
        "resolutions": (
            "INSERT INTO resolutions (record_id, stage, decision, method, decided_by,"
            " time) VALUES (?, 'title-abstract', 'include', 'consensus', 'A', 't')"
        ),
        "duplicate_links": (
            "INSERT INTO duplicate_links (record_id, canonical_id, method,"
            " decided_by, time) VALUES (?, NULL, 'hand', 'A', 't')"
        ),
        "appraisals": (
            "INSERT INTO appraisals (record_id, checklist, item, reviewer, answer, time)"
            " VALUES (?, 'q', 'Q1', 'A', 'yes', 't')"
        ),
    }
    store.conn.execute(rows[table], (rid,))
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute(f"UPDATE {table} SET time = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        store.conn.execute(f"DELETE FROM {table}")
    store.close()
