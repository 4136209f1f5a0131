"""Project storage: one database per project (a SQLite file, or a PostgreSQL database on a
team's server), behind the Store class."""

from review.storage.store import Store

__all__ = ["Store"]
