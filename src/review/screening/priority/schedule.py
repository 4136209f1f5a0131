"""When a reviewer's ranking is trained again: after every few decisions, more as they grow."""

from __future__ import annotations

# Retrain after every decision while there are few, then after a twentieth more decisions
# (50 decisions: every 2; 1,000: every 50), and whenever the reviewer pauses (the app).
GROWTH = 0.05


def retrain_due(labelled: int, since_last: int) -> bool:
    """True when `since_last` decisions have come since the ranking in use was trained on
    `labelled` decisions."""
    return since_last >= max(1, int(labelled * GROWTH))
