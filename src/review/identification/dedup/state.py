"""What the project already holds about duplicates: links, decisions by hand, the queue.

The tables are part of the schema (migration 2): `dedup_decisions`, append-only pair
decisions made by a person, and `dedup_queue`, the pairs found by the latest run (a cache,
rebuilt by every run). Record fields come from the normalised columns only; the original
fields (`Record.raw`) are read through the store, and only for the few records that need
them (`raw_year_suffixes`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from typing import Any

from review.identification.dedup.fields import MatchFields, prepare, year_suffix
from review.storage.store import Store, now

_ROWS = (
    "SELECT r.record_id, r.source_record_id, r.title, r.authors, r.year, r.journal, r.volume,"
    " r.issue, r.pages, r.doi, r.pmid, r.isbn, r.type, substr(r.abstract, 1, 600),"
    " substr(r.abstract, -300), coalesce(length(r.abstract), 0)"
    " FROM records r"
)

# Original field names that hold a year as written ('2000a'), by import format.
_RAW_YEAR_KEYS = (
    "year",
    "dates/year",
    "PY",
    "Y1",
    "YR",
    "DP",
    "DA",
    "Year",
    "Publication Year",
    "date",
)


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
         abstract, abstract_end, abstract_len) = row  # fmt: skip
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
            abstract=abstract,
            abstract_end=abstract_end,
            abstract_len=abstract_len,
        )


def screening_weights(store: Store) -> dict[int, int]:
    """Record id -> how much screening rests on it: the reviewers' decisions at each stage,
    and a resolution counting as two (for records someone has decided on only)."""
    weights: dict[int, int] = {}
    for rid, n in store.conn.execute(
        "SELECT record_id, count(DISTINCT stage || '|' || reviewer) FROM decisions"
        " WHERE decision IS NOT NULL GROUP BY record_id"
    ):
        weights[rid] = n
    for rid, n in store.conn.execute(
        "SELECT record_id, count(DISTINCT stage) FROM resolutions GROUP BY record_id"
    ):
        weights[rid] = weights.get(rid, 0) + 2 * n
    return weights


WITHDRAWN = -1  # a person's call taken back (undo): the pair is undecided again


def pair_decisions(store: Store) -> dict[tuple[int, int], bool]:
    """(a, b) with a < b -> the latest decision by a person: duplicate or not (a pair whose
    latest call was withdrawn is undecided, so absent)."""
    latest: dict[tuple[int, int], bool] = {}
    for a, b, dup in store.conn.execute(
        "SELECT record_a, record_b, duplicate FROM dedup_decisions ORDER BY decision_id"
    ):
        key = (min(a, b), max(a, b))
        if dup == WITHDRAWN:
            latest.pop(key, None)
        else:
            latest[key] = bool(dup)
    return latest


def pair_decision_before_last(store: Store, a: int, b: int) -> tuple[bool, str] | None:
    """(duplicate, who) of the call on a pair that counted before its latest one, or None if
    the pair was undecided then: what undoing the latest call goes back to."""
    rows = store.conn.execute(
        "SELECT duplicate, decided_by FROM dedup_decisions WHERE record_a = ? AND record_b = ?"
        " ORDER BY decision_id",
        (min(a, b), max(a, b)),
    ).fetchall()
    counted: tuple[bool, str] | None = None
    for duplicate, who in rows[:-1]:
        counted = None if duplicate == WITHDRAWN else (bool(duplicate), who)
    return counted


def link_provenance(
    conn: sqlite3.Connection, record_id: int, canonical_id: int
) -> tuple[str, float | None, str] | None:
    """(method, score, who) of the latest link of a record to that canonical record."""
    return conn.execute(
        "SELECT method, score, decided_by FROM duplicate_links WHERE record_id = ?"
        " AND canonical_id = ? AND method != 'undo' ORDER BY link_id DESC LIMIT 1",
        (record_id, canonical_id),
    ).fetchone()


def add_pair_decision(
    conn: sqlite3.Connection, a: int, b: int, duplicate: bool | None, by: str
) -> None:
    """Append a person's call on a pair (None: withdraw their last one)."""
    conn.execute(
        "INSERT INTO dedup_decisions (record_a, record_b, duplicate, decided_by, time)"
        " VALUES (?,?,?,?,?)",
        (min(a, b), max(a, b), WITHDRAWN if duplicate is None else int(duplicate), by, now()),
    )


_SNAPSHOT = (
    "SELECT (SELECT max(link_id) FROM duplicate_links), (SELECT max(decision_id) FROM"
    " dedup_decisions), (SELECT max(record_id) FROM records), (SELECT max(decision_id) FROM"
    " decisions), (SELECT max(resolution_id) FROM resolutions)"
)


def snapshot(conn: sqlite3.Connection) -> tuple[int, int, int, int, int]:
    """The newest link, pair decision, record, screening decision and resolution: what a
    run's plan rests on."""
    return tuple(v or 0 for v in conn.execute(_SNAPSHOT).fetchone())  # type: ignore[return-value]


def changed_since(
    conn: sqlite3.Connection, taken: tuple[int, ...], record_ids: Iterable[int]
) -> str | None:
    """What changed since the snapshot that a plan for these records did not see, or None.

    Screening elsewhere in the project does not matter; a decision on a record to be merged
    does (it decides which record is kept, or whether a person must choose)."""
    now_ = snapshot(conn)
    if now_[:3] != tuple(taken[:3]):
        return "duplicates were merged, split or decided, or records imported"
    if now_[3:] == tuple(taken[3:]):
        return None
    ids = sorted(set(record_ids))
    for table, key, old in (("decisions", "decision_id", taken[3]),
                            ("resolutions", "resolution_id", taken[4])):  # fmt: skip
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            hit = conn.execute(
                f"SELECT 1 FROM {table} WHERE {key} > ? AND record_id IN ({marks}) LIMIT 1",
                (old, *part),
            ).fetchone()
            if hit:
                return "a record to be merged was screened meanwhile"
    return None


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


def save_queue(
    conn: sqlite3.Connection, rows: Iterable[tuple[Any, ...]], replace: bool = True
) -> None:
    """Replace the queue with (a, b, verdict, score, method, reason) rows (or add them)."""
    stamp = now()
    if replace:
        conn.execute("DELETE FROM dedup_queue")
    conn.executemany(
        "INSERT OR REPLACE INTO dedup_queue (record_a, record_b, verdict, score, method, reason,"
        " found) VALUES (?,?,?,?,?,?,?)",
        [(*row, stamp) for row in rows],
    )


def queue_rows(store: Store) -> list[tuple[int, int, str, float, str, str]]:
    return store.conn.execute(
        "SELECT record_a, record_b, verdict, score, method, reason FROM dedup_queue"
        " ORDER BY score DESC, record_a, record_b"
    ).fetchall()


def raw_year_suffixes(store: Store, record_ids: Iterable[int]) -> dict[int, str]:
    """The a/b letter after the year as originally written ('2000a'), per record that has one.

    Reads `Record.raw` (the original fields) one record at a time: call it only for the
    records of candidate pairs, not for a whole project.
    """
    found: dict[int, str] = {}
    for rid in record_ids:
        raw = store.record(rid).raw or {}
        for key in _RAW_YEAR_KEYS:
            value = raw.get(key)
            if isinstance(value, list):
                value = value[0] if value else None
            if isinstance(value, str):
                letter = year_suffix(value)
                if letter:
                    found[rid] = letter
                break
    return found
