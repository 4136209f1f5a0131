"""The database's errors leave the store as StorageError: the front ends never see sqlite3 or
psycopg. What a person can act on (a server out of reach, a write the database refused) is also
a ReviewError, so the app shows it and the CLI says it in one line."""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from review.base.errors import ProjectError, ReviewError, StorageError

T = TypeVar("T")


class ServerUnavailable(StorageError, ReviewError):
    """The database server cannot be reached, or the connection dropped (what was not saved is
    said)."""

    exit_code = 1


class DatabaseRefused(StorageError, ProjectError):
    """The database itself refused a write: history rewritten, another reviewer's name."""


class Damaged(StorageError, ReviewError):
    """The project database is damaged (or not a review database); writes stop."""


# sqlite3 error class -> a class that is both it and a StorageError
_TRANSLATED: dict[type[sqlite3.DatabaseError], type[StorageError]] = {}
_DAMAGED: dict[type[sqlite3.DatabaseError], type[StorageError]] = {}


def _damage(exc: sqlite3.DatabaseError) -> bool:
    name = str(getattr(exc, "sqlite_errorname", ""))
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in str(exc)


def storage_error(exc: sqlite3.DatabaseError) -> StorageError:
    """The same error, message and SQLite codes as a StorageError (still of its sqlite3 class,
    so code of the storage side that expects one keeps working); damage reported by SQLite is
    Damaged, with what to do."""
    cls = type(exc)
    damaged = _damage(exc)
    made = _TRANSLATED.get(cls) if not damaged else _DAMAGED.get(cls)
    if made is None:
        if damaged:
            made = _DAMAGED[cls] = type(cls.__name__, (Damaged, cls), {})
        else:
            made = _TRANSLATED[cls] = type(cls.__name__, (StorageError, cls), {})
    args = exc.args
    if damaged:
        args = (f"the database is damaged ({exc}); nothing more is written: `review check` "
                "says what is damaged, and a backup copy restores it",)  # fmt: skip
    translated = made(*args)
    for name in ("sqlite_errorcode", "sqlite_errorname"):
        if hasattr(exc, name):
            setattr(translated, name, getattr(exc, name))
    return translated


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    """The method, raising StorageError where SQLite raised (generators as they are read);
    the PostgreSQL connection raises StorageError itself."""
    if inspect.isgeneratorfunction(method):

        @functools.wraps(method)
        def generate(*args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(*args, **kwargs)
            except StorageError:
                raise
            except sqlite3.DatabaseError as exc:
                raise storage_error(exc) from exc

        return generate

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except StorageError:
            raise
        except sqlite3.DatabaseError as exc:
            raise storage_error(exc) from exc

    return call


def translate_errors(cls: type[T]) -> type[T]:
    """Class decorator: every public method of cls (and its bases), and opening it, raise
    StorageError for SQLite's errors. The store's transaction() translates its own."""
    for klass in reversed(cls.__mro__[:-1]):  # a base first, so that an override wins
        for name, value in list(vars(klass).items()):
            public = name == "__init__" or not name.startswith("_")
            if inspect.isfunction(value) and public and name != "transaction":
                setattr(cls, name, _guarded(value))
    return cls
