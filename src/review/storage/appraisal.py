"""The appraisal tables: study designs, answers and agreed answers, appended; the latest counts."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from review.storage.database import Database, now

DESIGN_CHECKLIST = "(design)"  # appraisal_resolutions rows that settle a study's design

_ANSWER = "record_id, checklist, item, reviewer, answer, justification, quote, value, time"


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


def _answer_row(a: Answer) -> tuple[Any, ...]:
    return (a.record_id, a.checklist, a.item, a.reviewer, a.answer, a.justification, a.quote,
            a.value, a.time)  # fmt: skip


def _resolution_row(r: Resolution, time: str) -> tuple[Any, ...]:
    return (r.record_id, r.checklist, r.item, r.answer, r.method, r.decided_by, r.note, time,
            r.value)  # fmt: skip


class AppraisalStore(Database):
    """Each reviewer's study designs and answers, and the agreed ones."""

    def add_designs(self, rows: Iterable[tuple[int, str, str]]) -> int:
        """Append (record_id, reviewer, design) rows atomically."""
        return self.append_appraisal(designs=rows)[0]

    def add_answers(self, answers: Iterable[Answer]) -> list[Answer]:
        """Append answers atomically; returns them stamped with the time written."""
        return self.append_appraisal(answers=answers)[1]

    def append_appraisal(
        self,
        designs: Iterable[tuple[int, str, str]] = (),
        answers: Iterable[Answer] = (),
    ) -> tuple[int, list[Answer]]:
        """Append designs and answers in one transaction; returns (designs written, answers)."""
        stamp = now()
        stamped = [dataclasses.replace(a, time=stamp) for a in answers]
        with self.transaction(appending=True):
            cur = self.conn.executemany(
                "INSERT INTO study_designs (record_id, reviewer, design, time) VALUES (?,?,?,?)",
                [(*row, stamp) for row in designs],
            )
            self.conn.executemany(
                f"INSERT INTO appraisals ({_ANSWER}) VALUES (?,?,?,?,?,?,?,?,?)",
                [_answer_row(a) for a in stamped],
            )
        return max(cur.rowcount, 0), stamped

    def current_designs(self) -> dict[tuple[int, str], str]:
        """(record_id, reviewer) -> the latest design that reviewer recorded."""
        latest: dict[tuple[int, str], str] = {}
        for rid, who, design in self.conn.execute(
            "SELECT record_id, reviewer, design FROM study_designs ORDER BY design_id"
        ):
            latest[(rid, who)] = design
        return latest

    def agreed_designs(self) -> dict[int, str]:
        """record_id -> the design agreed in a resolution (it then applies to every reviewer)."""
        return {
            rid: r.answer
            for (rid, checklist, _item), r in self.current_appraisal_resolutions().items()
            if checklist == DESIGN_CHECKLIST
        }

    def has_answers(self, record_id: int) -> bool:
        """True if anyone has answered an item about this record."""
        found = self.conn.execute(
            "SELECT 1 FROM appraisals WHERE record_id = ? LIMIT 1", (record_id,)
        ).fetchone()
        return found is not None

    def current_answers(self, record_id: int | None = None) -> dict[AnswerKey, Answer]:
        """(record_id, checklist, item, reviewer) -> latest answer row, cleared ones included."""
        sql = f"SELECT {_ANSWER} FROM appraisals"
        params: tuple[int, ...] = ()
        if record_id is not None:
            sql += " WHERE record_id = ?"
            params = (record_id,)
        latest: dict[AnswerKey, Answer] = {}
        for row in self.conn.execute(sql + " ORDER BY appraisal_id", params):
            latest[(row[0], row[1], row[2], row[3])] = Answer(*row)
        return latest

    def answer_history(self, record_id: int, checklist: str, item: str) -> list[Answer]:
        """Every answer ever given to an item of a study, by anyone, oldest first."""
        rows = self.conn.execute(
            f"SELECT {_ANSWER} FROM appraisals WHERE record_id = ? AND checklist = ? AND item = ?"
            " ORDER BY appraisal_id",
            (record_id, checklist, item),
        )
        return [Answer(*row) for row in rows]

    def add_appraisal_resolutions(self, rows: Iterable[Resolution]) -> int:
        """Append agreed answers atomically."""
        stamp = now()
        with self.transaction(appending=True):
            cur = self.conn.executemany(
                "INSERT INTO appraisal_resolutions (record_id, checklist, item, answer, method,"
                " decided_by, note, time, value) VALUES (?,?,?,?,?,?,?,?,?)",
                [_resolution_row(r, stamp) for r in rows],
            )
            return cur.rowcount

    def current_appraisal_resolutions(self) -> dict[ItemKey, Resolution]:
        """(record_id, checklist, item) -> the latest agreed answer."""
        latest: dict[ItemKey, Resolution] = {}
        for row in self.conn.execute(
            "SELECT record_id, checklist, item, answer, method, decided_by, note, time, value"
            " FROM appraisal_resolutions ORDER BY resolution_id"
        ):
            latest[(row[0], row[1], row[2])] = Resolution(*row)
        return latest
