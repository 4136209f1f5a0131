"""Which steps this process has saved, so that an interrupted command says the truth about it.

Every step (a top-level transaction) takes a number when it begins and marks it once its
commit has returned; marking is idempotent, so a ctrl-c at any moment around the commit leaves
the record true: `last_saved()` changes exactly when a step was saved.
"""

from __future__ import annotations

import itertools

_numbers = itertools.count(1)
_saved = [0, 0]  # [the last step saved, how many were saved]


def begin() -> int:
    """A number for a step about to begin."""
    return next(_numbers)


def mark(step: int) -> None:
    """The step's commit returned: it is saved (marking it again changes nothing)."""
    if _saved[0] != step:
        _saved[0] = step
        _saved[1] += 1


def saved_count() -> int:
    """How many steps this process has saved so far."""
    return _saved[1]
