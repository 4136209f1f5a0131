"""Screening replayed on a labelled file with the app's own ranking, and how well it did."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from review.screening.priority.features import Features
from review.screening.priority.model import Ranking, train_ranking
from review.screening.priority.schedule import retrain_due


@dataclass
class Simulation:
    """The order records were screened in (priors first) and what it took."""

    order: list[int]
    priors: list[int]
    retrains: int
    seconds: float
    retrain_seconds: list[float] = field(default_factory=list)


def draw_priors(
    record_ids: Sequence[int], labels: Sequence[int], included: int, excluded: int, seed: int
) -> list[int]:
    """Prior knowledge drawn with the seed: `included` includes, then `excluded` excludes."""
    rng = np.random.default_rng(seed)
    y = np.asarray(labels)
    ids = np.asarray(record_ids)
    inc, exc = ids[y == 1], ids[y == 0]
    if included > len(inc) or excluded > len(exc):
        raise ValueError(f"the file has {len(inc)} includes and {len(exc)} excludes")
    return [int(r) for r in rng.choice(inc, included, replace=False)] + [
        int(r) for r in rng.choice(exc, excluded, replace=False)
    ]


def _next(ranking: Ranking | None, file_order: list[int], seen: set[int], at: list[int]) -> int:
    """The best record not yet screened: the ranking's, or the file's before there is one."""
    if ranking is None:
        while file_order[at[1]] in seen:
            at[1] += 1
        return file_order[at[1]]
    while ranking.ranked[at[0]] in seen:
        at[0] += 1
    return ranking.ranked[at[0]]


def simulate(
    features: Features,
    labels: dict[int, int],
    priors: Sequence[int],
    progress: Callable[[int, int], None] | None = None,
) -> Simulation:
    """Screen every record of the features, answering with labels, retraining as the app
    does (schedule.retrain_due); the priors are screened first."""
    started = time.perf_counter()
    total = len(features.record_ids)
    known = {r: labels[r] for r in priors}
    order, seen = list(priors), set(priors)
    ranking, since, at = None, 0, [0, 0]
    retrain_times: list[float] = []
    while len(order) < total:
        if ranking is None or retrain_due(ranking.trained_on, since):
            tick = time.perf_counter()
            fresh = train_ranking(features, known)
            if fresh is not None:
                ranking, since, at[0] = fresh, 0, 0
                retrain_times.append(time.perf_counter() - tick)
        record = _next(ranking, features.record_ids, seen, at)
        order.append(record)
        seen.add(record)
        known[record] = labels[record]
        since += 1
        if progress and len(order) % 100 == 0:
            progress(len(order), total)
    return Simulation(
        order, list(priors), len(retrain_times), time.perf_counter() - started, retrain_times
    )


def screening_figures(order: Sequence[int], labels: dict[int, int]) -> dict[str, float | int]:
    """WSS@95 and @100, recall after 10/25/50% screened, records to 95% recall and the
    average time to discovery (the mean share of records screened when an include is found)."""
    y = np.array([labels[r] for r in order])
    total, relevant = len(y), int(y.sum())
    found = np.cumsum(y)

    def needed(recall: float) -> int:
        return int(np.searchsorted(found, math.ceil(recall * relevant)) + 1)

    def recall_after(share: float) -> float:
        return float(found[max(round(share * total), 1) - 1] / relevant)

    n95, n100 = needed(0.95), needed(1.0)
    return {
        "records": total,
        "includes": relevant,
        "wss95": (total - n95) / total - 0.05,
        "wss100": (total - n100) / total,
        "recall10": recall_after(0.10),
        "recall25": recall_after(0.25),
        "recall50": recall_after(0.50),
        "records_to_95": n95,
        "atd": float((np.flatnonzero(y) + 1).mean() / total),
    }
