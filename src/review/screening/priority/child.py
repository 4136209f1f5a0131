"""The ranking process (python -m review.screening.priority.child FD ROOT STAGE REVIEWER):
features once, then a ranking, a planned order, stopping figures and why-words for each
request on the socket FD (process.py is the app's end)."""

from __future__ import annotations

import importlib
import os
import sys
import warnings
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from review.project import open_project
from review.screening.priority.process import (
    AHEAD,
    RankingAnswer,
    Why,
    answer_request,
    as_bytes,
    as_ids,
)
from review.screening.queue import plan_ranked_order

if TYPE_CHECKING:
    from review.screening.priority.ranker import ReviewerRanker

BACKGROUND_NICENESS = 10


class RankingChild:
    """One reviewer's ranking of one stage, with its own connection to the project."""

    def __init__(self, root: Path, stage: str, reviewer: str, record_ids: list[int]):
        self.project = open_project(root)
        self.stage = stage
        self.reviewer = reviewer
        self.record_ids = record_ids
        self.ranker: ReviewerRanker | None = None

    def rank(
        self,
        labels: Mapping[int, int],
        order: list[int],
        decided: frozenset[int],
        current: int | None,
        ranked: bool,
    ) -> RankingAnswer:
        """The stopping line, and with `ranked` a ranking on the labels and its order (the
        scikit-learn and scipy modules are loaded here, not in the app)."""
        guidance = importlib.import_module("review.screening.priority.guidance")
        answer = RankingAnswer(guidance.reviewer_line(self.project, self.stage, self.reviewer))
        if not ranked:
            return answer
        ranker = self._ranker()
        ranking = ranker.train(labels)
        if ranking is None:
            return answer
        plan = plan_ranked_order(order, decided, ranking.ranked)
        answer.trained_on = ranking.trained_on
        answer.order, answer.boundary = as_bytes(plan.order), plan.boundary
        upcoming = plan.order[plan.boundary : plan.boundary + AHEAD]
        shown = [current, *upcoming] if current is not None else upcoming
        answer.why = {rid: ranker.why(rid) for rid in shown}
        return answer

    def why(self, record_id: int) -> Why:
        return self._ranker().why(record_id)

    def _ranker(self) -> ReviewerRanker:
        if self.ranker is None:
            module = importlib.import_module("review.screening.priority.ranker")
            features = module.stage_features(self.project, self.record_ids)
            self.ranker = module.ReviewerRanker(features)
        return self.ranker

    def close(self) -> None:
        self.project.close()


def main(argv: list[str]) -> None:
    """Serve requests until the app closes its end (or is gone)."""
    warnings.simplefilter("ignore")  # nobody reads this process's output
    if hasattr(os, "nice"):  # on a busy machine the reviewer's keys come first
        os.nice(BACKGROUND_NICENESS)
    fd, root, stage, reviewer = argv
    conn = Connection(int(fd))
    try:
        child: RankingChild | None = RankingChild(Path(root), stage, reviewer, as_ids(conn.recv()))
        failure = ""
    except Exception as exc:  # said in answer to every request
        child, failure = None, f"the ranking could not open the project: {exc}"
    try:
        while True:
            try:
                request = conn.recv()
            except EOFError:
                return
            conn.send(answer_request(child, request) if child else ("error", failure))
    finally:
        if child is not None:
            child.close()


if __name__ == "__main__":
    main(sys.argv[1:])
