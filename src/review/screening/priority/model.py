"""A reviewer's ranking: a linear classifier on their own includes and excludes, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS
from sklearn.svm import LinearSVC

from review.screening.priority.features import Features, shown
from review.screening.priority.schedule import can_rank

# A linear SVM, includes weighted RATIO times the excludes in all: the settings that did best
# across the nine labelled reviews (benchmarks/prioritisation_bench.py --all).
C = 0.11
RATIO = 9.8


@dataclass
class Ranking:
    """Every record of the features, the likeliest include first, from one training."""

    ranked: list[int]
    scores: dict[int, float]
    weights: np.ndarray  # one per feature: what each word adds to a record's score
    trained_on: int  # labelled records it learnt from


def sample_weights(labels: np.ndarray) -> np.ndarray:
    """Includes count RATIO times as much as the excludes together; the mean weight is 1."""
    included = int(labels.sum())
    excluded = len(labels) - included
    weights = np.where(labels == 1, 1.0, included / (RATIO * excluded)).astype(np.float64)
    scaled: np.ndarray = weights * (len(labels) / float(weights.sum()))
    return scaled


def decision_scores(matrix: Any, weights: np.ndarray, intercept: float) -> np.ndarray:
    """The classifier's score of every row, in the matrix's own float32 (to about 1e-6 of
    its decision_function): a float64 product would copy the whole matrix and take ten
    times as long, holding back the app's thread while a ranking runs beside it."""
    scores = matrix @ np.asarray(weights, dtype=np.float32)
    return np.asarray(scores, dtype=np.float64) + intercept


def train_ranking(features: Features, labels: Mapping[int, int]) -> Ranking | None:
    """The ranking learnt from labels (record id -> 1 include, 0 exclude) of records in the
    features; None until there is an include and an exclude."""
    known = {r: v for r, v in labels.items() if r in features.index}
    if not can_rank(known):
        return None
    ids = sorted(known)
    y = np.array([known[r] for r in ids], dtype=np.int64)
    model = LinearSVC(C=C, loss="squared_hinge", random_state=0)
    model.fit(features.matrix[features.rows(ids)], y, sample_weight=sample_weights(y))
    scores = decision_scores(features.matrix, model.coef_[0], float(model.intercept_[0]))
    # ties (records with no word in common with any labelled one) keep the file order
    order = np.argsort(-scores, kind="stable")
    ranked = [features.record_ids[i] for i in order]
    return Ranking(
        ranked,
        dict(zip(features.record_ids, scores.tolist(), strict=True)),
        np.asarray(model.coef_[0], dtype=np.float64),
        len(ids),
    )


def reasons(
    features: Features, ranking: Ranking, record_id: int, count: int = 4
) -> tuple[list[str], list[str]]:
    """The words that pushed a record up and down the ranking most (weight times how much
    the record has of the word), strongest first; words such as 'in' or 'the' weigh in the
    ranking but are not shown, as they tell a reviewer nothing."""
    row = features.matrix[features.index[record_id]]
    columns, values = row.indices, row.data
    words = [str(features.vocabulary[c]) for c in columns]
    telling = np.array([w not in ENGLISH_STOP_WORDS and len(w) > 2 for w in words], dtype=bool)
    columns, values = columns[telling], values[telling]
    effect = values * ranking.weights[columns]
    order = np.argsort(effect)
    up = [shown(str(features.vocabulary[columns[i]])) for i in order[::-1][:count] if effect[i] > 0]
    down = [shown(str(features.vocabulary[columns[i]])) for i in order[:count] if effect[i] < 0]
    return up, down
