"""A reviewer's temporary tables cannot stand in for the project's in the database's guards."""

from __future__ import annotations

import itertools

import psycopg
import pytest

from review.storage import Store
from review.storage.migrations import MIGRATIONS
from review.storage.store import DatabaseRefused
from support.team import team_project

STAGE = "title-abstract"
_roles = itertools.count(1)
# What a reviewer's role makes in its own session: settings naming it the owner with blinding
# off, and a team naming it Reviewer A.
SHADOW = (
    "CREATE TEMP TABLE project_settings (key text PRIMARY KEY, value text NOT NULL)",
    "INSERT INTO project_settings VALUES ('owner', current_user), ('blind', '0')",
    "CREATE TEMP TABLE team (name text PRIMARY KEY, role text NOT NULL UNIQUE,"
    " added_by text NOT NULL, time text NOT NULL)",
    "INSERT INTO team VALUES ('Reviewer A', current_user, current_user, 'now')",
)


def _team(pg_server, root, database):
    owner, roles = team_project(pg_server, root, database)
    with Store(f"{database}&user={roles['Reviewer A']}") as alice:
        alice.add_decision(1, STAGE, "Reviewer A", "include")
    return owner, roles


@pytest.fixture
def team(pg_server, tmp_path):
    """A project with two reviewers' roles, Reviewer A having decided record 1."""
    database = pg_server.fresh()
    owner, roles = _team(pg_server, tmp_path / "team", database)
    yield owner, roles, database
    owner.close()
    pg_server.drop(database)


def _shadowed(store: Store) -> None:
    for statement in SHADOW:
        store.conn.execute(statement)


def _pinned(store: Store) -> dict[str, list[str]]:
    rows = store.conn.execute(
        "SELECT proname, proconfig FROM pg_proc WHERE proname LIKE 'review%' AND pronamespace ="
        " (SELECT oid FROM pg_namespace WHERE nspname = current_schema())"
    ).fetchall()
    return {str(name): list(config or []) for name, config in rows}


def test_a_reviewers_temporary_tables_neither_unblind_nor_let_it_write_as_another(team):
    owner, roles, database = team
    with Store(f"{database}&user={roles['Reviewer B']}") as bob:
        _shadowed(bob)
        assert bob.setting("owner") == roles["Reviewer B"]  # its own reads see the shadows
        assert bob.current_decisions(STAGE) == {}  # still blind to A's vote
        assert bob.record_decisions(1, STAGE) == {}
        with pytest.raises(DatabaseRefused, match="records as 'Reviewer B', not as 'Reviewer A'"):
            bob.add_decision(2, STAGE, "Reviewer A", "exclude", "E1")
        with pytest.raises(DatabaseRefused, match="not as 'Reviewer A'"):
            bob.add_resolutions([(1, STAGE, "include", None, "consensus", "Reviewer A", None)])
        bob.add_decision(2, STAGE, "Reviewer B", "exclude", "E1")  # its own name still writes
    assert set(owner.store.current_decisions(STAGE)) == {(1, "Reviewer A"), (2, "Reviewer B")}


def test_every_function_of_a_new_project_is_pinned_to_its_schema(team):
    owner, _roles, _database = team
    pinned = _pinned(owner.store)
    assert {"review_member_name", "review_is_owner", "review_blind", "review_has_decided",
            "review_own_name", "review_append_only"} <= set(pinned)  # fmt: skip
    assert all(config == ["search_path=public, pg_temp"] for config in pinned.values()), pinned
    assert owner.store.problems() == []


def _as_before(owner: Store) -> None:
    """The project as the previous schema version left it: the functions took the caller's
    search_path (review_has_decided the owner's at creation)."""
    with owner.transaction():
        for name in _pinned(owner):
            owner.conn.execute(f"ALTER FUNCTION {name} RESET search_path")
        owner.conn.execute('ALTER FUNCTION review_has_decided SET search_path = "$user", public')
        owner.conn.execute("UPDATE review_schema SET version = ?", (len(MIGRATIONS) - 1,))


def _attack(conninfo: str) -> tuple[int, bool]:
    """As a reviewer's role with shadowing temporary tables: how many of Reviewer A's votes it
    sees, and whether it could write a decision as Reviewer A (rolled back)."""
    with psycopg.connect(conninfo, autocommit=True) as raw:
        for statement in SHADOW:
            raw.execute(statement)
        seen = raw.execute("SELECT count(*) FROM decisions WHERE reviewer = 'Reviewer A'")
        count = int(seen.fetchone()[0])  # type: ignore[index]
        raw.execute("BEGIN")
        try:
            raw.execute(
                "INSERT INTO decisions (record_id, stage, reviewer, decision, time)"
                " VALUES (3, %s, 'Reviewer A', 'include', 'now')",
                (STAGE,),
            )
            wrote = True
        except psycopg.errors.InsufficientPrivilege:
            wrote = False
        raw.execute("ROLLBACK")
    return count, wrote


def test_migrating_an_older_project_pins_its_functions(team):
    owner, roles, database = team
    _as_before(owner.store)
    bob = f"{database}&user={roles['Reviewer B']}"
    assert _attack(bob) == (1, True)  # the hole the migration closes
    with Store(database) as migrated:  # the owner opens it: migrated
        assert migrated.schema_version == len(MIGRATIONS)
        assert migrated.problems() == []
    assert _attack(bob) == (0, False)


def test_check_names_a_function_that_is_not_pinned(team, cli, tmp_path):
    owner, _roles, _database = team
    with owner.store.transaction():
        owner.store.conn.execute("ALTER FUNCTION review_blind RESET search_path")
    problems = owner.store.problems()
    assert len(problems) == 1 and "function review_blind does not search" in problems[0]


def test_a_project_in_a_named_schema_is_pinned_to_that_schema(pg_server, tmp_path):
    database = pg_server.fresh()
    with psycopg.connect(database, autocommit=True) as raw:
        raw.execute('CREATE SCHEMA "Reviews"')
    in_schema = f"{database}&options=-csearch_path%3D%22Reviews%22"
    owner, roles = _team(pg_server, tmp_path / "named", in_schema)
    try:
        assert set(map(tuple, _pinned(owner.store).values())) == {
            ('search_path="Reviews", pg_temp',)
        }
        with Store(f"{in_schema}&user={roles['Reviewer B']}") as bob:
            _shadowed(bob)
            assert bob.current_decisions(STAGE) == {}
            with pytest.raises(DatabaseRefused, match="not as 'Reviewer A'"):
                bob.add_decision(2, STAGE, "Reviewer A", "exclude", "E1")
        assert owner.store.problems() == []
    finally:
        owner.close()
        pg_server.drop(database)
