"""Where a project on a server lives, as kept in its settings: a libpq connection string without
the role or its password (each reviewer's own come from PGUSER, PGPASSWORD, ~/.pgpass or a
service file, as psql finds them)."""

from __future__ import annotations

from review.base.errors import InputError
from review.storage.database import is_server

_PERSONAL = ("user", "password", "passfile")


def clean_location(given: str) -> tuple[str, list[str]]:
    """The connection string to keep, and the personal parts left out of it (by name)."""
    if not is_server(given):
        raise InputError(
            f"--database {given!r} is not a PostgreSQL connection string "
            "(postgresql://HOST:PORT/DBNAME, or host=... dbname=...)"
        )
    try:  # psycopg, the optional extra, only for a project on a server
        from psycopg.conninfo import conninfo_to_dict, make_conninfo
    except ImportError:
        raise InputError(
            "a project on PostgreSQL needs psycopg: pip install 'review[postgres]'"
        ) from None
    try:
        params = conninfo_to_dict(given)
    except Exception as exc:  # psycopg.ProgrammingError: libpq could not parse it
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else "malformed"
        raise InputError(f"--database {given!r}: {reason}") from None
    dropped = [key for key in _PERSONAL if params.pop(key, None) is not None]
    return make_conninfo("", **params), dropped
