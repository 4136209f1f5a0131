"""When a reviewer's ranking is trained again: after every few decisions, more as they grow."""

from __future__ import annotations

from collections.abc import Mapping

# Retrain after every decision for the first EVERY_UNTIL (the early ones move the ranking
# most), then after a twentieth more (1,000 decisions: every 50), and whenever the reviewer
# pauses (the app). Across the labelled reviews this found includes earlier than a growing
# interval from the start, at a fraction of retraining every time.
EVERY_UNTIL = 500
GROWTH = 0.05


def retrain_due(labelled: int, since_last: int) -> bool:
    """True when `since_last` decisions have come since the ranking in use was trained on
    `labelled` decisions."""
    if labelled < EVERY_UNTIL:
        return since_last >= 1
    return since_last >= max(1, int(labelled * GROWTH))


def can_rank(labels: Mapping[int, int]) -> bool:
    """A ranking needs at least one include and one exclude (before that: file order)."""
    values = set(labels.values())
    return 0 in values and 1 in values
