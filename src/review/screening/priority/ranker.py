"""A reviewer's ranking of a stage, kept up to date: features once, retrained as they decide.

Trained only on the reviewer's own decisions at the stage, so that under blind screening
nothing another reviewer decides can change what this reviewer sees or in which order.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence

from review.project import Project
from review.screening.priority.features import Features, build_features, record_text
from review.screening.priority.model import Ranking, reasons, train_ranking


def stage_features(project: Project, record_ids: Sequence[int]) -> Features:
    """Features of a stage's records (title, abstract, keywords)."""
    wanted = set(record_ids)
    ids: list[int] = []

    def texts() -> Iterator[str]:  # read once as the terms are counted: never all held
        for rid, title, abstract, keywords in project.store.ranking_texts():
            if rid in wanted:
                ids.append(rid)
                yield record_text(title, abstract, json.loads(keywords or "[]"))

    return build_features(ids, texts())


class ReviewerRanker:
    """Features of one stage's records and the latest ranking learnt from one reviewer."""

    def __init__(self, features: Features):
        self.features = features
        self.ranking: Ranking | None = None

    def train(self, labels: Mapping[int, int]) -> Ranking | None:
        """A new ranking from these labels (None before an include and an exclude)."""
        ranking = train_ranking(self.features, labels)
        if ranking is not None:
            self.ranking = ranking
        return ranking

    def why(self, record_id: int, count: int = 4) -> tuple[list[str], list[str]]:
        """Words that pushed the record up and down (none before a ranking)."""
        if self.ranking is None or record_id not in self.features.index:
            return [], []
        return reasons(self.features, self.ranking, record_id, count)
