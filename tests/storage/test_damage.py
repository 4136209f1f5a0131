"""A damaged or foreign database is refused by name; history cannot be rewritten by REPLACE;
`review check` says what is wrong (issue 15: items 5 and 9)."""

from __future__ import annotations

import sqlite3

import pytest

from review.storage import Store
from review.storage.migrations import HISTORY
from review.storage.store import Damaged

STAGE = "title-abstract"
RIS = "".join(f"TY  - JOUR\nTI  - Record {i}\nAB  - {'word ' * 200}\nER  - \n\n" for i in range(99))


EMPTY_PAGES = 3


@pytest.fixture
def root(cli, tmp_path):
    global EMPTY_PAGES
    root = tmp_path / "project"
    assert cli("init", root).code == 0
    EMPTY_PAGES = (root / "review.db").stat().st_size // 16384 + 1  # the schema's pages
    (tmp_path / "a.ris").write_text(RIS)
    assert cli("--project", root, "import", tmp_path / "a.ris", "--source", "S").code == 0
    return root


def test_an_empty_database_is_refused_not_rebuilt(cli, root, tmp_path):
    (root / "review.db").write_bytes(b"")
    for name in ("review.db-wal", "review.db-shm"):
        (root / name).unlink(missing_ok=True)
    result = cli("--project", root, "import", tmp_path / "a.ris", "--source", "again", "--force")
    assert result.code == 2 and "is empty (0 bytes), not a review database" in result.err
    assert (root / "review.db").stat().st_size == 0  # nothing made in its place
    result = cli("--project", root, "check")
    assert result.code == 1 and "empty" in result.out


def test_another_sqlite_file_is_refused_by_name_and_left_alone(cli, root):
    db = root / "review.db"
    db.unlink()
    with sqlite3.connect(db) as other:
        other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    before = db.read_bytes()
    result = cli("--project", root, "status")
    assert result.code == 2
    assert "is not a review database (tables: invoices)" in result.err
    assert db.read_bytes() == before  # not migrated in place


def _scrawl(db, first_page: int | None = None) -> None:
    """Every other page of the records written after init scrawled over (not the schema's)."""
    data = bytearray(db.read_bytes())
    first_page = EMPTY_PAGES if first_page is None else first_page
    for at in range(16384 * first_page, len(data) - 16384, 16384 * 2):
        data[at : at + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))


def test_corruption_stops_writes_and_check_names_it(cli, root, tmp_path):
    _scrawl(root / "review.db")
    result = cli("--project", root, "check")
    assert result.code == 1 and "damaged" in result.out
    (tmp_path / "b.ris").write_text(RIS.replace("Record", "Other"))
    result = cli("--project", root, "import", tmp_path / "b.ris", "--source", "T")
    assert result.code == 2 and "is damaged" in result.err and "nothing" in result.err
    assert "Traceback" not in result.err


def test_a_store_that_saw_damage_writes_no_more(root):
    store = Store(root / "review.db")
    store.damaged = "database disk image is malformed"  # as the first damaged read leaves it
    with pytest.raises(Damaged, match="nothing more is written"):
        store.add_decision(1, STAGE, "Reviewer A", "include")
    store.close()


@pytest.mark.parametrize("table", HISTORY)
def test_replace_cannot_rewrite_history(root, table):
    store = Store(root / "review.db")
    conn = store.conn
    conn.execute("PRAGMA foreign_keys = OFF")  # rows of any table, whatever they refer to
    key = {"study_designs": "design_id", "appraisals": "appraisal_id",
           "duplicate_links": "link_id", "report_links": "link_id", "tags": "tag_id",
           "notes": "note_id", "retrieval": "retrieval_id"}.get(table)  # fmt: skip
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    numbers = ("duplicate", "removed", "record_a", "record_b")
    row = {c: 1 if c.endswith("_id") or c in numbers else "x" for c in columns}
    row.update(stage=STAGE, decision="include", status="sought", action="stop")
    names = ", ".join(columns)
    conn.execute(f"INSERT INTO {table} ({names}) VALUES ({','.join('?' * len(columns))})",
                 [row[c] for c in columns])  # fmt: skip
    for verb in ("INSERT OR REPLACE INTO", "REPLACE INTO"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(f"{verb} {table} ({names}) VALUES ({','.join('?' * len(columns))})",
                         [row[c] for c in columns])  # fmt: skip
    assert key is None or conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 1
    store.close()


def test_records_and_sources_are_kept_as_imported(root, cli):
    store = Store(root / "review.db")
    conn = store.conn
    for statement, message in (
        ("UPDATE records SET title = 'rewritten' WHERE record_id = 1", "kept as imported"),
        ("DELETE FROM records WHERE record_id = 1", "kept as imported"),
        ("INSERT OR REPLACE INTO records (record_id, source_id, position) VALUES (1, 1, 1)",
         "kept as imported"),
        ("UPDATE sources SET name = 'renamed'", "kept as logged"),
        ("DELETE FROM sources", "kept as logged"),
    ):  # fmt: skip
        with pytest.raises(sqlite3.IntegrityError, match=message):
            conn.execute(statement)
    store.set_reported_count(1, 300)  # what the code itself changes, it still may
    assert store.source(1).reported_count == 300
    store.close()
    assert cli("--project", root, "add", "--title", "By hand", "--source", "S2").code == 0


def test_check_finds_a_dropped_trigger(cli, root):
    assert cli("--project", root, "check").code == 0
    with sqlite3.connect(root / "review.db") as conn:
        conn.execute("DROP TRIGGER decisions_no_replace")
    result = cli("--project", root, "check")
    assert result.code == 1
    assert "trigger decisions_no_replace is missing" in result.out


def test_damage_a_write_would_not_touch_still_stops_it(cli, root):
    db = root / "review.db"
    data = bytearray(db.read_bytes())
    at = len(data) - 3 * 16384  # one page of records, near the end of the file
    data[at + 8 : at + 40] = b"\xee" * 32
    db.write_bytes(bytes(data))
    result = cli("--project", root, "sources", "add", "SIGLE", "--count", "4")
    assert result.code == 2 and "is damaged" in result.err, result.err
    assert db.read_bytes() == bytes(data)  # nothing written into a damaged file
