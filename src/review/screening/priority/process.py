"""A reviewer's ranking in a process of its own, so that it never holds the app's thread back.

The child holds the stage's features and the latest ranking; asked with a reviewer's labels
and order, it trains, plans the order, counts the stopping figures and finds why-words for the
records next in line, and answers with the order as 64-bit integers. A thread in the app
shares one interpreter lock with the app's thread: a ranking at 100,000 records held it back
by a quarter of a second a decision; a process holds nothing of it.
"""

from __future__ import annotations

import array
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from review.base.errors import ReviewError

AHEAD = 100  # records next in line whose why-words come with a ranking
SLICE = 2048  # ids converted at a time by a thread beside the app's
Why = tuple[list[str], list[str]]


class RankingStopped(ReviewError):
    """The ranking process is not there to answer (it failed, or was closed)."""


@dataclass
class RankingAnswer:
    """What a request to rank brings back."""

    stopping: str  # the stopping line of the reviewer at the stage
    trained_on: int | None = None  # includes and excludes the ranking learnt from
    order: bytes | None = None  # the planned order (as_ids): decided records first, then the best
    boundary: int = 0  # how many decided records come first
    why: dict[int, Why] = field(default_factory=dict)
    missing: str | None = None  # a module the ranking needs and this install lacks
    peak_mb: float = 0.0  # the ranking process's peak memory so far


def as_bytes(ids: Collection[int]) -> bytes:
    return array.array("q", ids).tobytes()


def as_ids(data: bytes) -> list[int]:
    ids = array.array("q")
    ids.frombytes(data)
    return ids.tolist()


def as_bytes_gently(ids: Sequence[int]) -> bytes:
    """as_bytes in slices, letting other threads run between them: at 100,000 records the
    whole conversion holds the interpreter lock 2 ms, a slice of it a fiftieth."""
    packed = array.array("q")
    for start in range(0, len(ids), SLICE):
        packed.extend(ids[start : start + SLICE])
        time.sleep(0)
    return packed.tobytes()


def as_ids_gently(data: bytes) -> list[int]:
    """as_ids in slices, as as_bytes_gently."""
    packed = array.array("q")
    packed.frombytes(data)
    ids: list[int] = []
    for start in range(0, len(packed), SLICE):
        ids += packed[start : start + SLICE].tolist()
        time.sleep(0)
    return ids


class RankingProcess:
    """The app's end: one request at a time, answered by the child (started at once; it
    loads its modules and features while the reviewer reads)."""

    def __init__(self, root: Path, stage: str, reviewer: str, record_ids: Sequence[int]):
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "review.screening.priority.child", str(theirs.fileno())]
        self.process = subprocess.Popen(  # its own session: the terminal's keys are the app's
            [*command, str(root), stage, reviewer],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        theirs.close()
        self._conn = Connection(ours.detach())
        self._lock = threading.Lock()
        self.closed = False  # by the app
        self.failed = False  # the child is gone
        self._conn.send(as_bytes(record_ids))

    def rank(
        self,
        labels: Mapping[int, int],
        order: bytes,
        decided: Collection[int],
        current: int | None,
        ranked: bool,
    ) -> RankingAnswer:
        """Train on the labels (if `ranked`) and plan the order (as_bytes of it); the
        stopping line always."""
        request = ("rank", dict(labels), order, as_bytes(decided), current, ranked)
        answer: RankingAnswer = self._ask(request)
        return answer

    def why(self, record_id: int) -> Why:
        """The words that pushed one record up and down the latest ranking."""
        found: Why = self._ask(("why", record_id))
        return found

    def _ask(self, request: tuple[Any, ...]) -> Any:
        with self._lock:
            if self.closed or self.failed:
                raise RankingStopped("the ranking was closed" if self.closed else "it ended")
            try:
                self._conn.send(request)
                kind, value = self._conn.recv()
            except (EOFError, OSError) as exc:
                self.failed = True
                raise RankingStopped(
                    f"the ranking process ended (exit code {self.process.poll()})"
                ) from exc
        if kind == "error":
            raise RankingStopped(value)
        return value

    def close(self) -> None:
        """End the child now (it writes nothing, so nothing is lost)."""
        self.closed = True
        self.process.kill()
        self.process.wait(5)
        self._conn.close()


def answer_request(child: Any, request: tuple[Any, ...]) -> tuple[str, Any]:
    """The child's answer to one request: ('rank' | 'why', value) or ('error', message)."""
    try:
        if request[0] == "why":
            return "why", child.why(request[1])
        _kind, labels, order, decided, current, ranked = request
        answer = child.rank(labels, as_ids(order), frozenset(as_ids(decided)), current, ranked)
        answer.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if sys.platform == "darwin":
            answer.peak_mb /= 1024
        return "rank", answer
    except ModuleNotFoundError as exc:
        return "rank", RankingAnswer("", missing=exc.name or str(exc))
    except Exception as exc:  # reported to the reviewer; the app goes on in its order
        return "error", f"the ranking failed: {type(exc).__name__}: {exc}"
