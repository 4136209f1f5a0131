"""What the project already holds about duplicates: links, decisions by hand, the queue.

Two tables of this package's own, created on first use (see the report for the migration
that should make them part of the schema): `dedup_decisions`, append-only pair decisions
made by a person, and `dedup_queue`, the pairs found by the latest run (a cache, rebuilt by
every run).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from review.dedup.fields import MatchFields, prepare
from review.storage.store import Store, now

SCHEMA = (
    """CREATE TABLE IF NOT EXISTS dedup_decisions (
        decision_id INTEGER PRIMARY KEY,
        record_a INTEGER NOT NULL REFERENCES records(record_id),
        record_b INTEGER NOT NULL REFERENCES records(record_id),
        duplicate INTEGER NOT NULL,
        decided_by TEXT NOT NULL,
        time TEXT NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS dedup_decisions_pair ON dedup_decisions(record_a, record_b)",
    """CREATE TABLE IF NOT EXISTS dedup_queue (
        record_a INTEGER NOT NULL REFERENCES records(record_id),
        record_b INTEGER NOT NULL REFERENCES records(record_id),
        verdict TEXT NOT NULL,
        score REAL,
        method TEXT,
        reason TEXT,
        found TEXT NOT NULL,
        PRIMARY KEY (record_a, record_b)
    )""",
)

_ROWS = (
    "SELECT r.record_id, r.source_record_id, r.title, r.authors, r.year, r.journal, r.volume,"
    " r.issue, r.pages, r.doi, r.pmid, r.isbn, r.type, coalesce(length(r.abstract), 0),"
    " coalesce(json_extract(r.raw, '$.year'), json_extract(r.raw, '$.PY'),"
    " json_extract(r.raw, '$.Y1'))"
    " FROM records r"
)


def ensure_tables(store: Store) -> None:
    exists = store.conn.execute(
        "SELECT count(*) FROM sqlite_master WHERE name IN ('dedup_decisions', 'dedup_queue')"
    ).fetchone()[0]
    if exists == 2:
        return
    with store.transaction() as conn:
        for statement in SCHEMA:
            conn.execute(statement)


def load_fields(store: Store, record_ids: Iterable[int] | None = None) -> Iterator[MatchFields]:
    """MatchFields of every record (or of the ones given), in record order."""
    loads = json.loads
    if record_ids is None:
        cursor = store.conn.execute(_ROWS + " ORDER BY r.record_id")
    else:
        ids = sorted(set(record_ids))
        marks = ",".join("?" * len(ids))
        cursor = store.conn.execute(
            _ROWS + f" WHERE r.record_id IN ({marks}) ORDER BY r.record_id", ids
        )
    for row in cursor:
        (rid, sid, title, authors, year, journal, volume, issue, pages, doi, pmid, isbn, rtype,
         abstract_len, raw_year) = row  # fmt: skip
        yield prepare(
            rid,
            title=title,
            authors=loads(authors) if authors else [],
            year=year,
            journal=journal,
            volume=volume,
            issue=issue,
            pages=pages,
            doi=doi,
            pmid=pmid,
            isbn=isbn,
            rtype=rtype,
            source_record_id=sid,
            raw_year=raw_year if isinstance(raw_year, str) else None,
            abstract_len=abstract_len,
        )


def screened_records(store: Store) -> set[int]:
    """Records someone has already decided on (screening or reconciliation)."""
    rows = store.conn.execute(
        "SELECT record_id FROM decisions UNION SELECT record_id FROM resolutions"
    )
    return {r[0] for r in rows}


def pair_decisions(store: Store) -> dict[tuple[int, int], bool]:
    """(a, b) with a < b -> the latest decision by a person: duplicate or not."""
    ensure_tables(store)
    latest: dict[tuple[int, int], bool] = {}
    for a, b, dup in store.conn.execute(
        "SELECT record_a, record_b, duplicate FROM dedup_decisions ORDER BY decision_id"
    ):
        latest[(min(a, b), max(a, b))] = bool(dup)
    return latest


def add_pair_decision(conn: sqlite3.Connection, a: int, b: int, duplicate: bool, by: str) -> None:
    conn.execute(
        "INSERT INTO dedup_decisions (record_a, record_b, duplicate, decided_by, time)"
        " VALUES (?,?,?,?,?)",
        (min(a, b), max(a, b), int(duplicate), by, now()),
    )


def add_links(
    conn: sqlite3.Connection, links: Iterable[tuple[int, int | None, str, float | None]], by: str
) -> int:
    """Append (record_id, canonical_id, method, score) rows to duplicate_links."""
    stamp = now()
    cur = conn.executemany(
        "INSERT INTO duplicate_links (record_id, canonical_id, method, score, decided_by, time)"
        " VALUES (?,?,?,?,?,?)",
        [(rid, cid, method, score, by, stamp) for rid, cid, method, score in links],
    )
    return cur.rowcount


def save_queue(conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]]) -> None:
    """Replace the queue with (a, b, verdict, score, method, reason) rows."""
    stamp = now()
    conn.execute("DELETE FROM dedup_queue")
    conn.executemany(
        "INSERT OR REPLACE INTO dedup_queue (record_a, record_b, verdict, score, method, reason,"
        " found) VALUES (?,?,?,?,?,?,?)",
        [(*row, stamp) for row in rows],
    )


def queue_rows(store: Store) -> list[tuple[int, int, str, float, str, str]]:
    ensure_tables(store)
    return store.conn.execute(
        "SELECT record_a, record_b, verdict, score, method, reason FROM dedup_queue"
        " ORDER BY score DESC, record_a, record_b"
    ).fetchall()
