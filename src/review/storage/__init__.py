"""Project storage: one SQLite database per project, behind the Store class."""

from review.storage.store import Store

__all__ = ["Store"]
