"""The SQLite store: schema, migrations, transactions and the append-only promise."""

import sqlite3

import pytest

from review.base.models import ParsedRecord
from review.storage import Store
from review.storage.migrations import MIGRATIONS
from review.storage.schema_sqlite import statements
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
    for statement in statements(0):  # a project of the first schema
        conn.execute(statement)
    conn.execute("PRAGMA user_version=1")
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


RIS_BLOCK = (
    "TY  - JOUR\nTI  - A study\nAU  - Smith, K.\nPY  - 2004a\n"
    "AB  - {abstract}\nKW  - one\nKW  - two\nER  - "
)


def _ris_record(abstract: str) -> ParsedRecord:
    from review.identification.importers import ris

    [record] = ris.parse(RIS_BLOCK.format(abstract=abstract) + "\n", None, {})
    return record


def test_ris_records_keep_their_original_and_rebuild_raw_from_it(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    long_abstract = "Partnership working between health and local government. " * 5
    records = [_ris_record(long_abstract.strip()), _ris_record("Short.")]
    store.add_source(name="RIS", kind="database", format="ris", records=records)
    stored = [store.record(rid) for rid in store.record_ids()]
    for parsed, record in zip(records, stored, strict=True):
        assert record.raw == parsed.raw and record.original == parsed.original
        assert record.abstract == parsed.abstract
    rows = store.conn.execute(
        "SELECT raw, original, abstract_at, json_extract(raw, '$.PY') FROM records"
        " ORDER BY record_id"
    ).fetchall()
    # the tag dictionary is not stored again, only the date tags SQL reads
    assert [r[0] for r in rows] == ['{"PY": ["2004a"]}'] * 2
    assert rows[0][3] == '["2004a"]'
    # a long abstract is stored once: cut out of the original, put back on reading
    assert long_abstract.strip() not in rows[0][1] and rows[0][2] is not None
    assert rows[1][1] == records[1].original and rows[1][2] is None
    assert list(store.records())[0].raw == records[0].raw
    store.close()


def test_new_database_has_large_pages(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    assert store.conn.execute("PRAGMA page_size").fetchone()[0] == 16384
    store.close()


def test_schema_2_database_gains_the_original_columns(tmp_path):
    path = tmp_path / "v2.db"
    conn = sqlite3.connect(path)
    for number in range(2):
        for statement in statements(number):
            conn.execute(statement)
    conn.execute("PRAGMA user_version=2")
    conn.execute("INSERT INTO sources (name, kind, imported_at) VALUES ('old', 'database', 't')")
    conn.execute('INSERT INTO records (source_id, position, raw) VALUES (1, 1, \'{"TI": ["x"]}\')')
    conn.commit()
    conn.close()
    store = Store(path)
    assert store.schema_version == len(MIGRATIONS)
    [record] = store.records()
    assert record.raw == {"TI": ["x"]} and record.original is None
    columns = [row[1] for row in store.conn.execute("PRAGMA table_info(appraisal_resolutions)")]
    assert columns[-1] == "value"  # migration 4
    store.close()


def test_error_while_records_are_still_being_built_leaves_nothing(tmp_path):
    store = Store(tmp_path / "review.db", create=True)

    def chunks():
        yield _records(3000)
        yield _records(3000)
        raise ValueError("broken record")

    with pytest.raises(ValueError, match="broken record"):
        store.add_source(name="s", kind="database", chunks=chunks(), total=9000)
    assert store.count_records() == 0 and store.sources() == []
    store.close()


def test_writer_error_is_raised_and_rolls_back(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    bad = _records(5)
    bad[3].position = None  # NOT NULL column: the insert fails in the writer thread
    with pytest.raises(sqlite3.IntegrityError):
        store.add_source(name="s", kind="database", chunks=[_records(2500), bad], total=2505)
    assert store.count_records() == 0 and store.sources() == []
    store.close()


def test_streamed_import_records_the_count_it_stored(tmp_path):
    store = Store(tmp_path / "review.db", create=True)
    store.add_source(name="s", kind="database", chunks=[_records(3), _records(2)], total=7)
    [source] = store.sources()
    assert (source.records_read, source.records) == (5, 5)
    store.close()


def test_sqlite_errors_leave_the_store_as_storage_errors(tmp_path):
    from review.base.errors import StorageError

    store = Store(tmp_path / "review.db", create=True)
    bad = _records(2)
    bad[1].position = None
    with pytest.raises(StorageError, match="NOT NULL") as caught:
        store.add_source(name="s", kind="database", records=bad)
    assert isinstance(caught.value, sqlite3.IntegrityError)  # what it was, still
    with pytest.raises(StorageError, match="no such table"):
        with store.transaction():
            store.conn.execute("INSERT INTO nowhere VALUES (1)")
    assert store.count_records() == 0
    store.close()


def test_a_damaged_database_is_reported_without_a_traceback(cli, tmp_path):
    root = tmp_path / "project"
    assert cli("init", root).code == 0
    schema_pages = (root / "review.db").stat().st_size // 16384 + 1
    ris = tmp_path / "a.ris"
    ris.write_text(
        "".join(
            f"TY  - JOUR\nTI  - Record {i}\nAB  - {'word ' * 200}\nER  - \n\n" for i in range(300)
        )
    )
    assert cli("--project", root, "import", ris, "--source", "S").code == 0
    db = root / "review.db"
    data = bytearray(db.read_bytes())
    for at in range(16384 * schema_pages, len(data) - 16384, 16384):  # the records' pages
        data[at : at + 100] = b"\xff" * 100
    db.write_bytes(bytes(data))
    result = cli("--project", root, "status")
    assert result.code == 2
    assert result.err.startswith("review: error: the database is damaged (")
    assert "malformed" in result.err and "review check" in result.err
