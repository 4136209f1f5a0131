"""A thread writing an import's chunks of rows while the next chunk is made."""

from __future__ import annotations

import queue
import threading
from typing import Any


class Writer:
    """A thread running executemany on chunks of rows, inside the caller's transaction.

    The caller makes the next chunk while this one is written (SQLite and psycopg let go of
    the interpreter while they write). The first error is kept and raised to the caller (by put or
    finish); later chunks are then dropped, never written.
    """

    def __init__(self, conn: Any):  # sqlite3's connection, or storage.postgres's
        self.conn = conn
        self.error: BaseException | None = None
        self.queue: queue.Queue[tuple[str, list[tuple[Any, ...]]] | None] = queue.Queue(maxsize=2)
        self.thread = threading.Thread(target=self._run, name="review-import-writer", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while (item := self.queue.get()) is not None:
            if self.error is None:
                try:
                    self.conn.executemany(*item)
                except BaseException as exc:  # handed to the caller's thread
                    self.error = exc

    def put(self, sql: str, rows: list[tuple[Any, ...]]) -> None:
        if self.error is not None:
            raise self.error
        self.queue.put((sql, rows))

    def finish(self) -> None:
        """Wait until every chunk is written (or dropped); raise the writer's error if any."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
