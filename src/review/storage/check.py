"""`review check`: whether the project's database is whole, is ours, and holds every guard."""

from __future__ import annotations

from review.storage import schema_postgres, schema_sqlite
from review.storage.database import Database
from review.storage.migrations import MIGRATIONS
from review.storage.schema_postgres import BLINDED

# The project's schema (not current_schema()::regnamespace, which folds "Reviews" to reviews).
_HERE = "(SELECT oid FROM pg_namespace WHERE nspname = current_schema())"


class CheckStore(Database):
    """What is damaged or missing, in words; nothing found: an empty list."""

    def problems(self) -> list[str]:
        found = []
        if self.schema_version != len(MIGRATIONS):
            found.append(f"schema version {self.schema_version}, expected {len(MIGRATIONS)}")
        if self.dialect == "postgresql":
            return found + self._server_problems()
        return found + self._file_problems()

    def _file_problems(self) -> list[str]:
        found = []
        rows = [str(r[0]) for r in self.conn.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            found += [f"damaged: {row}" for row in rows]
        stamp = int(self.conn.execute("PRAGMA application_id").fetchone()[0])
        if stamp != schema_sqlite.APPLICATION_ID:
            found.append(f"not stamped as a review database (application id {stamp:#x})")
        present = {
            str(r[0])
            for r in self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = ?", ("trigger",)
            )  # fmt: skip
        }
        for name in sorted(schema_sqlite.expected_triggers() - present):
            found.append(f"trigger {name} is missing: the history it guards can be rewritten")
        return found

    def _server_problems(self) -> list[str]:
        found = []
        rows = self.conn.execute(
            "SELECT t.tgname, t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            f" WHERE c.relnamespace = {_HERE} AND NOT t.tgisinternal"
        ).fetchall()
        enabled = {str(name) for name, state in rows if state != "D"}
        disabled = {str(name) for name, state in rows if state == "D"}
        for name in sorted(schema_postgres.expected_triggers() - enabled):
            state = "disabled" if name in disabled else "missing"
            found.append(f"trigger {name} is {state}: what it guards is not guarded")
        secured = {
            str(name)
            for (name,) in self.conn.execute(
                f"SELECT relname FROM pg_class WHERE relrowsecurity AND relnamespace = {_HERE}"
            ).fetchall()
        }
        for table in BLINDED:
            if table not in secured:
                found.append(f"row-level security is off on {table}: blinding rests on the app")
        policies = {
            str(name)
            for (name,) in self.conn.execute(
                "SELECT policyname FROM pg_policies WHERE schemaname = current_schema()"
            ).fetchall()
        }
        for name in sorted(schema_postgres.expected_policies() - policies):
            found.append(f"policy {name} is missing")
        for (name,) in self.conn.execute(_UNPINNED).fetchall():
            found.append(
                f"function {name} does not search the project's schema alone (then pg_temp): "
                "a reviewer's temporary tables could stand in for the project's"
            )
        return found


# The project's functions whose search_path is not its own schema and then pg_temp (PIN).
_UNPINNED = (
    f"SELECT p.proname FROM pg_proc p WHERE p.pronamespace = {_HERE}"
    r" AND p.proname LIKE 'review\_%' AND NOT coalesce(('search_path=' ||"
    " quote_ident(current_schema()) || ', pg_temp') = ANY(p.proconfig), false) ORDER BY 1"
)
