"""Reads and appends of the appraisal tables (study_designs, appraisals, appraisal_resolutions).

Every write appends; the latest row for a key is the current one. These belong in
review.storage.Store; they live here until the store grows them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from review.storage.store import Store, now

DESIGN_CHECKLIST = "(design)"  # appraisal_resolutions rows that settle a study's design


@dataclass(frozen=True)
class Answer:
    """One reviewer's answer to one item (answer None: cleared)."""

    record_id: int
    checklist: str
    item: str
    reviewer: str
    answer: str | None
    justification: str | None = None
    quote: str | None = None
    value: float | None = None
    time: str = ""


@dataclass(frozen=True)
class Resolution:
    """The agreed answer to an item, with how and by whom it was reached."""

    record_id: int
    checklist: str
    item: str
    answer: str
    method: str
    decided_by: str
    note: str | None
    time: str
    value: float | None = None  # the agreed number, for an item with a numeric field


AnswerKey = tuple[int, str, str, str]  # record_id, checklist, item, reviewer
ItemKey = tuple[int, str, str]  # record_id, checklist, item


def add_designs(store: Store, rows: Iterable[tuple[int, str, str]]) -> int:
    """Append (record_id, reviewer, design) rows atomically."""
    return append(store, designs=rows)[0]


def append(
    store: Store,
    designs: Iterable[tuple[int, str, str]] = (),
    answers: Iterable[Answer] = (),
) -> tuple[int, list[Answer]]:
    """Append designs and answers in one transaction; returns (designs written, answers)."""
    stamp = now()
    stamped = [
        Answer(
            a.record_id,
            a.checklist,
            a.item,
            a.reviewer,
            a.answer,
            a.justification,
            a.quote,
            a.value,
            stamp,
        )
        for a in answers
    ]
    with store.transaction() as conn:
        cur = conn.executemany(
            "INSERT INTO study_designs (record_id, reviewer, design, time) VALUES (?,?,?,?)",
            [(*row, stamp) for row in designs],
        )
        conn.executemany(
            "INSERT INTO appraisals (record_id, checklist, item, reviewer, answer, justification,"
            " quote, value, time) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    a.record_id,
                    a.checklist,
                    a.item,
                    a.reviewer,
                    a.answer,
                    a.justification,
                    a.quote,
                    a.value,
                    a.time,
                )
                for a in stamped
            ],
        )
    return max(cur.rowcount, 0), stamped


def current_designs(store: Store) -> dict[tuple[int, str], str]:
    """(record_id, reviewer) -> the latest design that reviewer recorded."""
    latest: dict[tuple[int, str], str] = {}
    for rid, who, design in store.conn.execute(
        "SELECT record_id, reviewer, design FROM study_designs ORDER BY design_id"
    ):
        latest[(rid, who)] = design
    return latest


def has_answers(store: Store, record_id: int) -> bool:
    """True if anyone has answered an item about this record."""
    found = store.conn.execute(
        "SELECT 1 FROM appraisals WHERE record_id = ? LIMIT 1", (record_id,)
    ).fetchone()
    return found is not None


def agreed_designs(store: Store) -> dict[int, str]:
    """record_id -> the design agreed in a resolution (it then applies to every reviewer)."""
    return {
        rid: r.answer
        for (rid, checklist, _item), r in current_resolutions(store).items()
        if checklist == DESIGN_CHECKLIST
    }


def add_answers(store: Store, answers: Iterable[Answer]) -> list[Answer]:
    """Append answers atomically; returns them stamped with the time written."""
    return append(store, answers=answers)[1]


def current_answers(store: Store, record_id: int | None = None) -> dict[AnswerKey, Answer]:
    """(record_id, checklist, item, reviewer) -> latest answer row, cleared ones included."""
    sql = (
        "SELECT record_id, checklist, item, reviewer, answer, justification, quote, value, time"
        " FROM appraisals"
    )
    params: tuple[int, ...] = ()
    if record_id is not None:
        sql += " WHERE record_id = ?"
        params = (record_id,)
    latest: dict[AnswerKey, Answer] = {}
    for row in store.conn.execute(sql + " ORDER BY appraisal_id", params):
        latest[(row[0], row[1], row[2], row[3])] = Answer(*row)
    return latest


def answer_history(store: Store, record_id: int, checklist: str, item: str) -> list[Answer]:
    """Every answer ever given to an item of a study, by anyone, oldest first."""
    rows = store.conn.execute(
        "SELECT record_id, checklist, item, reviewer, answer, justification, quote, value, time"
        " FROM appraisals WHERE record_id = ? AND checklist = ? AND item = ?"
        " ORDER BY appraisal_id",
        (record_id, checklist, item),
    )
    return [Answer(*row) for row in rows]


def add_resolutions(store: Store, rows: Iterable[Resolution]) -> int:
    stamp = now()
    with store.transaction() as conn:
        cur = conn.executemany(
            "INSERT INTO appraisal_resolutions (record_id, checklist, item, answer, method,"
            " decided_by, note, time, value) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    r.record_id,
                    r.checklist,
                    r.item,
                    r.answer,
                    r.method,
                    r.decided_by,
                    r.note,
                    stamp,
                    r.value,
                )
                for r in rows
            ],
        )
        return cur.rowcount


def current_resolutions(store: Store) -> dict[ItemKey, Resolution]:
    """(record_id, checklist, item) -> the latest agreed answer."""
    latest: dict[ItemKey, Resolution] = {}
    for row in store.conn.execute(
        "SELECT record_id, checklist, item, answer, method, decided_by, note, time, value"
        " FROM appraisal_resolutions ORDER BY resolution_id"
    ):
        latest[(row[0], row[1], row[2])] = Resolution(*row)
    return latest
