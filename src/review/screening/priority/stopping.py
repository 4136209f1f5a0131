"""When it is safe to stop screening: the hypergeometric test of Callaghan & Mueller-Hansen.

Callaghan MW, Mueller-Hansen F (2020), "Statistical stopping criteria for automated screening
in systematic reviews", Systematic Reviews 9:273. The records screened last are taken as a
random sample of what was left when they began; if, had recall been below the target, so few
includes among them would be unlikely (p below 1 - confidence), the target is reached.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from review.screening.priority.hypergeometric import hypergeom_cdf


@dataclass(frozen=True)
class StoppingEstimate:
    """A reviewer's screening so far, and what the test says of it."""

    total: int  # records at the stage
    screened: int
    includes: int
    since_last_include: int
    target: float  # the recall the team wants
    confidence: float
    p_value: float  # of 'recall is below the target'; 1.0 when nothing can be said yet
    recall_at_least: float | None  # the lowest recall the test does not rule out

    @property
    def safe_to_stop(self) -> bool:
        return self.p_value < 1 - self.confidence


def _p_value(labels: np.ndarray, total: int, relevant: int) -> float:
    """p of seeing so few includes in every run of last screened records if the stage held
    `relevant` includes in all (the smallest p over the runs)."""
    screened = len(labels)
    last = np.cumsum(labels[::-1])  # includes among the last n records, n = 1..screened
    n = np.arange(1, screened + 1)
    before = labels.sum() - last  # includes found before those n records
    urn = total - screened + n  # what was left to screen when they began
    left = relevant - before  # includes that were left then, had there been `relevant`
    possible = (left >= 0) & (left <= urn)
    if not possible.any():
        return 0.0
    p = hypergeom_cdf(last[possible], urn[possible], left[possible], n[possible])
    return float(min(p.min(), 1.0))


def _lowest_recall(labels: np.ndarray, total: int, alpha: float) -> float | None:
    """The lowest recall the test cannot rule out (the most includes there could be)."""
    found = int(labels.sum())
    if found == 0:
        return None
    low, high = found, found + total - len(labels)  # every unscreened record an include
    if _p_value(labels, total, high) >= alpha:
        return found / high
    while high - low > 1:  # the p-value falls as more includes are supposed
        middle = (low + high) // 2
        if _p_value(labels, total, middle) >= alpha:
            low = middle
        else:
            high = middle
    return found / low


def stopping_estimate(
    labels: Sequence[int], total: int, target: float = 0.95, confidence: float = 0.95
) -> StoppingEstimate:
    """The test on a reviewer's decisions in the order made (1 include or unsure, 0
    exclude) at a stage of `total` records."""
    seen = np.asarray(labels, dtype=np.int64)
    found = int(seen.sum())
    hits = np.flatnonzero(seen)
    since = len(seen) - 1 - int(hits[-1]) if len(hits) else len(seen)
    p_value, recall = 1.0, None
    if len(seen) and found:
        p_value = _p_value(seen, total, math.floor(found / target) + 1)
        recall = _lowest_recall(seen, total, 1 - confidence)
    if len(seen) >= total:
        p_value, recall = 0.0, 1.0 if found else None
    return StoppingEstimate(total, len(seen), found, since, target, confidence, p_value, recall)
