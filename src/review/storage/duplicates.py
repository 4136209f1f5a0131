"""What the project holds about duplicates: links, a person's calls on pairs, the queue.

`duplicate_links` maps a record to its canonical record (append-only; undoable). The dedup
tables come from the schema (migration 2): `dedup_decisions`, append-only pair decisions made
by a person, and `dedup_queue`, the pairs found by the latest run (a cache, rebuilt by every
run). Record fields for matching come from the normalised columns only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from review.storage.database import Database, marks, now
from review.storage.records import BATCH

WITHDRAWN = -1  # a person's call taken back (undo): the pair is undecided again

# The columns dedup compares, per record: the abstract's head, tail and length only (the tail
# in each dialect's words: SQLite's substr counts a negative start from the end).
_MATCH_ROWS = (
    "SELECT r.record_id, r.source_record_id, r.title, r.authors, r.year, r.journal, r.volume,"
    " r.issue, r.pages, r.doi, r.pmid, r.isbn, r.type, substr(r.abstract, 1, 600),"
    " {tail}, coalesce(length(r.abstract), 0)"
    " FROM records r"
)
_TAIL = {"sqlite": "substr(r.abstract, -300)", "postgresql": "right(r.abstract, 300)"}
_INSERT_LINK = (
    "INSERT INTO duplicate_links (record_id, canonical_id, method, score, decided_by, time)"
    " VALUES (?,?,?,?,?,?)"
)
_SNAPSHOT = (
    "SELECT (SELECT max(link_id) FROM duplicate_links), (SELECT max(decision_id) FROM"
    " dedup_decisions), (SELECT max(record_id) FROM records), (SELECT max(decision_id) FROM"
    " decisions), (SELECT max(resolution_id) FROM resolutions)"
)


class DuplicateStore(Database):
    """Duplicate links, pair decisions and the dedup queue."""

    def link_duplicate(
        self,
        record_id: int,
        canonical_id: int | None,
        method: str,
        decided_by: str,
        score: float | None = None,
    ) -> None:
        """Link a record to its canonical record (None splits it off again)."""
        with self.transaction(appending=True):
            self.conn.execute(
                _INSERT_LINK, (record_id, canonical_id, method, score, decided_by, now())
            )

    def add_duplicate_links(
        self, links: Iterable[tuple[int, int | None, str, float | None]], by: str
    ) -> int:
        """Append (record_id, canonical_id, method, score) links, all decided by one name."""
        stamp = now()
        with self.transaction(appending=True):
            cur = self.conn.executemany(
                _INSERT_LINK,
                [(rid, cid, method, score, by, stamp) for rid, cid, method, score in links],
            )
            return cur.rowcount

    def duplicate_map(self) -> dict[int, int]:
        """record_id -> canonical record_id for every record currently merged into another."""
        rows = self.conn.execute(
            "SELECT record_id, canonical_id FROM duplicate_links d WHERE link_id ="
            " (SELECT max(link_id) FROM duplicate_links WHERE record_id = d.record_id)"
        )
        return {rid: cid for rid, cid in rows if cid is not None and cid != rid}

    def current_links(self) -> list[tuple[int, int, str, float | None, str, str]]:
        """(record_id, canonical_id, method, score, decided_by, time) of each record merged
        into another now, by canonical record."""
        return self.conn.execute(
            "SELECT record_id, canonical_id, method, score, decided_by, time"
            " FROM duplicate_links d WHERE canonical_id IS NOT NULL AND canonical_id != record_id"
            " AND link_id = (SELECT max(link_id) FROM duplicate_links WHERE record_id ="
            " d.record_id) ORDER BY canonical_id, record_id"
        ).fetchall()

    def merged_into(self, record_id: int) -> int | None:
        """The record this one is currently merged into, if any (one indexed lookup)."""
        row = self.conn.execute(
            "SELECT canonical_id FROM duplicate_links WHERE record_id = ?"
            " ORDER BY link_id DESC LIMIT 1",
            (record_id,),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None and row[0] != record_id else None

    def link_provenance(
        self, record_id: int, canonical_id: int
    ) -> tuple[str, float | None, str] | None:
        """(method, score, who) of the latest link of a record to that canonical record."""
        row = self.conn.execute(
            "SELECT method, score, decided_by FROM duplicate_links WHERE record_id = ?"
            " AND canonical_id = ? AND method != 'undo' ORDER BY link_id DESC LIMIT 1",
            (record_id, canonical_id),
        ).fetchone()
        return None if row is None else (row[0], row[1], row[2])

    def pair_decisions(self) -> dict[tuple[int, int], bool]:
        """(a, b) with a < b -> the latest decision by a person: duplicate or not (a pair whose
        latest call was withdrawn is undecided, so absent)."""
        latest: dict[tuple[int, int], bool] = {}
        for a, b, dup in self.conn.execute(
            "SELECT record_a, record_b, duplicate FROM dedup_decisions ORDER BY decision_id"
        ):
            key = (min(a, b), max(a, b))
            if dup == WITHDRAWN:
                latest.pop(key, None)
            else:
                latest[key] = bool(dup)
        return latest

    def pair_decision_before_last(self, a: int, b: int) -> tuple[bool, str] | None:
        """(duplicate, who) of the call on a pair that counted before its latest one, or None if
        the pair was undecided then: what undoing the latest call goes back to."""
        rows = self.conn.execute(
            "SELECT duplicate, decided_by FROM dedup_decisions WHERE record_a = ? AND record_b = ?"
            " ORDER BY decision_id",
            (min(a, b), max(a, b)),
        ).fetchall()
        counted: tuple[bool, str] | None = None
        for duplicate, who in rows[:-1]:
            counted = None if duplicate == WITHDRAWN else (bool(duplicate), who)
        return counted

    def add_pair_decision(self, a: int, b: int, duplicate: bool | None, by: str) -> None:
        """Append a person's call on a pair (None: withdraw their last one)."""
        call = WITHDRAWN if duplicate is None else int(duplicate)
        with self.transaction(appending=True):
            self.conn.execute(
                "INSERT INTO dedup_decisions (record_a, record_b, duplicate, decided_by, time)"
                " VALUES (?,?,?,?,?)",
                (min(a, b), max(a, b), call, by, now()),
            )

    def save_dedup_queue(self, rows: Iterable[tuple[Any, ...]], replace: bool = True) -> None:
        """Replace the queue with (a, b, verdict, score, method, reason) rows (or add them)."""
        stamp = now()
        with self.transaction():
            if replace:
                self.conn.execute("DELETE FROM dedup_queue")
            self.conn.executemany(  # a pair found again replaces its row
                "INSERT INTO dedup_queue (record_a, record_b, verdict, score, method, reason,"
                " found) VALUES (?,?,?,?,?,?,?) ON CONFLICT (record_a, record_b) DO UPDATE SET"
                " verdict = excluded.verdict, score = excluded.score, method = excluded.method,"
                " reason = excluded.reason, found = excluded.found",
                [(*row, stamp) for row in rows],
            )

    def dedup_queue(self) -> list[tuple[int, int, str, float, str, str]]:
        """The queued pairs, best score first: (a, b, verdict, score, method, reason)."""
        return self.conn.execute(
            "SELECT record_a, record_b, verdict, score, method, reason FROM dedup_queue"
            " ORDER BY score DESC, record_a, record_b"
        ).fetchall()

    def match_rows(self, record_ids: Iterable[int] | None = None) -> Iterator[tuple[Any, ...]]:
        """Per record (every one, or the ones given), in record order: record_id,
        source_record_id, title, authors (JSON), year, journal, volume, issue, pages, doi,
        pmid, isbn, type, the abstract's first 600 and last 300 characters and its length."""
        select = _MATCH_ROWS.format(tail=_TAIL[self.dialect])
        if record_ids is None:
            yield from self.conn.execute(select + " ORDER BY r.record_id")
            return
        ids = sorted(set(record_ids))
        yield from self.conn.execute(
            select + f" WHERE r.record_id IN ({marks(len(ids))}) ORDER BY r.record_id", ids
        )

    def screening_weights(self) -> dict[int, int]:
        """Record id -> how much screening rests on it: the reviewers' decisions at each stage,
        and a resolution counting as two (for records someone has decided on only)."""
        weights: dict[int, int] = {}
        for rid, n in self.conn.execute(
            "SELECT record_id, count(DISTINCT stage || '|' || reviewer) FROM decisions"
            " WHERE decision IS NOT NULL GROUP BY record_id"
        ):
            weights[rid] = n
        for rid, n in self.conn.execute(
            "SELECT record_id, count(DISTINCT stage) FROM resolutions GROUP BY record_id"
        ):
            weights[rid] = weights.get(rid, 0) + 2 * n
        return weights

    def dedup_snapshot(self) -> tuple[int, int, int, int, int]:
        """The newest link, pair decision, record, screening decision and resolution: what a
        run's plan rests on."""
        row = self.conn.execute(_SNAPSHOT).fetchone()
        link, pair, record, decision, resolution = (int(v or 0) for v in row)
        return link, pair, record, decision, resolution

    def screened_since(
        self, decision_id: int, resolution_id: int, record_ids: Iterable[int]
    ) -> bool:
        """True if any of the records was decided or resolved after the decision and the
        resolution of those ids."""
        ids = sorted(set(record_ids))
        for table, key, old in (("decisions", "decision_id", decision_id),
                                ("resolutions", "resolution_id", resolution_id)):  # fmt: skip
            for start in range(0, len(ids), BATCH):
                part = ids[start : start + BATCH]
                hit = self.conn.execute(
                    f"SELECT 1 FROM {table} WHERE {key} > ? AND record_id IN ({marks(len(part))})"
                    " LIMIT 1",
                    (old, *part),
                ).fetchone()
                if hit:
                    return True
        return False
