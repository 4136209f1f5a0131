"""The team's decisions to stop screening a stage by a stopping rule, and to take them back."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from review.storage.database import Database, now


@dataclass(frozen=True)
class Stop:
    """Screening of a stage stopped by a rule: who, when, the rule and its figures then."""

    stage: str
    rule: str
    figures: dict[str, Any]
    by: str
    time: str


class StoppingStore(Database):
    """Stops appended; the latest row of a stage says whether it is stopped."""

    def add_stop(
        self, stage: str, by: str, rule: str | None, figures: dict[str, Any] | None, undo: bool
    ) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO stopping (stage, action, rule, figures, decided_by, time)"
                " VALUES (?,?,?,?,?,?)",
                (stage, "undo" if undo else "stop", rule,
                 json.dumps(figures) if figures is not None else None, by, now()),
            )  # fmt: skip

    def current_stop(self, stage: str) -> Stop | None:
        """The stop in force at a stage, or None (never stopped, or taken back since)."""
        row = self.conn.execute(
            "SELECT action, rule, figures, decided_by, time FROM stopping WHERE stage = ?"
            " ORDER BY stop_id DESC LIMIT 1",
            (stage,),
        ).fetchone()
        if row is None or row[0] != "stop":
            return None
        return Stop(stage, row[1] or "", json.loads(row[2] or "{}"), row[3], row[4])
