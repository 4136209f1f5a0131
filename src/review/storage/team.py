"""The project's settings and, on PostgreSQL, its team: each reviewer's name tied to a role."""

from __future__ import annotations

from review.base.errors import InputError, ProjectError
from review.storage.database import Database, now
from review.storage.errors import DatabaseRefused
from review.storage.migrations import HISTORY, TABLES
from review.storage.schema_postgres import VERSION_TABLE


def quoted(name: str) -> str:
    """An SQL identifier (a role, a schema) quoted, whatever it holds."""
    return '"' + name.replace('"', '""') + '"'


class TeamStore(Database):
    """Settings (owner, blind, the protocol's text) and the team of a project on a server."""

    def setting(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM project_settings WHERE key = ?", (key,))
        found = row.fetchone()
        return None if found is None else str(found[0])

    def set_setting(self, key: str, value: str) -> None:
        with self.transaction():
            self.conn.execute(
                "INSERT INTO project_settings (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def current_role(self) -> str | None:
        """The database role this connection works as (None on SQLite)."""
        if self.dialect != "postgresql":
            return None
        return str(self.conn.execute("SELECT current_user").fetchone()[0])

    def is_owner(self) -> bool:
        """True on SQLite, and for the owner's role (or a member of it) on PostgreSQL."""
        if self.dialect != "postgresql":
            return True
        return bool(self.conn.execute("SELECT review_is_owner()").fetchone()[0])

    def member_name(self) -> str | None:
        """The reviewer name tied to this connection's role, if any."""
        if self.dialect != "postgresql":
            return None
        found = self.conn.execute("SELECT review_member_name()").fetchone()[0]
        return None if found is None else str(found)

    def team(self) -> list[tuple[str, str]]:
        """(name, role) of each member, by name."""
        rows = self.conn.execute("SELECT name, role FROM team ORDER BY name").fetchall()
        return [(str(name), str(role)) for name, role in rows]

    def add_member(self, name: str, role: str) -> None:
        """Tie a reviewer's name to an existing role and grant it what a reviewer needs: to
        read the project and to append decisions, notes, answers and the like (no import,
        no settings, no team, no rewriting)."""
        if self.dialect != "postgresql":
            raise ProjectError(
                "review team add is for a project on PostgreSQL; on SQLite the team shares "
                "this machine's file (review copy --to postgresql://... moves it to a server)"
            )
        if not self.is_owner():
            raise DatabaseRefused(
                f"only the project's owner ({self.setting('owner')}) adds to the team; "
                f"this is role {self.current_role()}"
            )
        if not self.conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (role,)).fetchall():
            raise InputError(
                f"there is no role {role!r} on the server: create it first "
                f"(CREATE ROLE {quoted(role)} LOGIN PASSWORD '...')"
            )
        for other, taken in self.team():
            if (other == name) != (taken == role):
                raise InputError(
                    f"{other!r} is already tied to role {taken!r}; a name has one role, and "
                    "a role one name"
                )
        who = quoted(role)
        schema = quoted(str(self.conn.execute("SELECT current_schema()").fetchone()[0]))
        with self.transaction():
            self.conn.execute(
                "INSERT INTO team (name, role, added_by, time) VALUES (?,?,?,?)"
                " ON CONFLICT (name) DO NOTHING",
                (name, role, self.current_role(), now()),
            )
            self.conn.execute(f"GRANT USAGE ON SCHEMA {schema} TO {who}")
            readable = ", ".join([*TABLES, VERSION_TABLE])
            self.conn.execute(f"GRANT SELECT ON {readable} TO {who}")
            self.conn.execute(f"GRANT INSERT ON {', '.join(HISTORY)} TO {who}")
            # the queue of possible duplicates is a cache that any dedup run rebuilds
            self.conn.execute(f"GRANT INSERT, UPDATE, DELETE ON dedup_queue TO {who}")
