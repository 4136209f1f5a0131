"""A project on PostgreSQL: the database itself ties names to roles, blinds, and keeps history."""

from __future__ import annotations

import itertools

import pytest

from places import PROTOCOL
from review.identification.import_step import import_files
from review.project import Project, open_project
from review.storage import Store, postgres
from review.storage.errors import ProjectBusy
from review.storage.store import Damaged, DatabaseRefused
from support.team import team_project

STAGE = "title-abstract"
_roles = itertools.count(1)


@pytest.fixture
def team(pg_server, tmp_path, monkeypatch):
    """A project on the server owned by the run's superuser, with two reviewers' roles."""
    database = pg_server.fresh()
    root = tmp_path / "team"
    owner, roles = team_project(pg_server, root, database)
    yield owner, root, roles, database
    owner.close()
    pg_server.drop(database)


def as_role(database: str, role: str) -> Store:
    return Store(f"{database}&user={role}")


def test_a_reviewer_role_cannot_write_as_another(team):
    owner, _root, roles, database = team
    with as_role(database, roles["Reviewer B"]) as bob:
        bob.add_decision(1, STAGE, "Reviewer B", "include")
        with pytest.raises(DatabaseRefused, match="records as 'Reviewer B', not as 'Reviewer A'"):
            bob.add_decision(2, STAGE, "Reviewer A", "exclude", "E1")
        with pytest.raises(DatabaseRefused, match="not as 'Reviewer A'"):
            bob.add_resolutions([(1, STAGE, "include", None, "consensus", "Reviewer A", None)])
        with pytest.raises(DatabaseRefused, match="not as 'Reviewer A'"):
            bob.add_note(1, STAGE, "Reviewer A", "a note in another's name")
        with pytest.raises(DatabaseRefused, match="permission denied"):
            bob.set_reported_count(1, 5)  # the search log is the owner's
    decided = owner.store.current_decisions(STAGE)
    assert set(decided) == {(1, "Reviewer B")}


def test_a_role_off_the_team_cannot_write_at_all(team, pg_server):
    owner, _root, roles, database = team
    stranger = f"stranger_{next(_roles)}"
    pg_server.admin.execute(f"CREATE ROLE {stranger} LOGIN")
    with pytest.raises(DatabaseRefused, match="permission denied"):
        as_role(database, stranger).count_records()


def test_blinding_by_row_level_security(team):
    owner, _root, roles, database = team
    with as_role(database, roles["Reviewer A"]) as alice:
        alice.add_decision(1, STAGE, "Reviewer A", "include")
        alice.add_decision(2, STAGE, "Reviewer A", "exclude", "E1")
        alice.add_note(1, STAGE, "Reviewer A", "looks relevant")
    with as_role(database, roles["Reviewer B"]) as bob:
        assert bob.current_decisions(STAGE) == {}  # B has decided nothing: sees none of A's
        assert bob.record_decisions(1, STAGE) == {}
        assert bob.note_log() == []
        bob.add_decision(2, STAGE, "Reviewer B", "exclude", "E1")
        seen = bob.current_decisions(STAGE)
        assert set(seen) == {(2, "Reviewer A"), (2, "Reviewer B")}  # only where B has decided
        bob.add_decision(2, STAGE, "Reviewer B", None, action="undo")  # undone: blind again
        assert (2, "Reviewer A") not in bob.current_decisions(STAGE)
    everything = owner.store.current_decisions(STAGE)  # the owner sees everything
    assert {(1, "Reviewer A"), (2, "Reviewer A"), (2, "Reviewer B")} <= set(everything)


def test_history_is_append_only_in_the_database(team):
    owner, _root, _roles, _database = team
    owner.store.add_decision(1, STAGE, "Reviewer A", "include")
    conn = owner.store.conn
    for statement in ("UPDATE decisions SET decision = 'exclude'", "DELETE FROM decisions",
                      "TRUNCATE decisions CASCADE", "UPDATE records SET title = 'x'",
                      "DELETE FROM records WHERE record_id = 1",
                      "UPDATE sources SET name = 'another'", "DELETE FROM sources"):  # fmt: skip
        with pytest.raises(DatabaseRefused, match="append-only|kept as"):
            with owner.store.transaction():
                conn.execute(statement)
    owner.store.set_reported_count(1, 99)  # a source's count may change
    assert owner.store.source(1).reported_count == 99
    assert len(owner.store.decision_history(1, STAGE, "Reviewer A")) == 1


def test_team_add_is_the_owners_and_names_existing_roles(team, cli):
    owner, root, roles, database = team
    result = cli("--project", root, "team", "add", "Reviewer C", "--role", "nobody_here")
    assert result.code == 2 and "no role 'nobody_here'" in result.err
    with as_role(database, roles["Reviewer A"]) as alice:
        with pytest.raises(DatabaseRefused, match="only the project's owner"):
            alice.add_member("Reviewer C", roles["Reviewer B"])
    result = cli("--project", root, "team", "add", "Reviewer A", "--role", roles["Reviewer B"])
    assert result.code == 2 and "already tied to role" in result.err
    assert owner.store.team() == sorted(roles.items())


def test_team_add_on_sqlite_is_refused(cli, tmp_path):
    root = tmp_path / "alone"
    assert cli("init", root).code == 0
    result = cli("--project", root, "team", "add", "Reviewer A", "--role", "alice")
    assert result.code == 2 and "for a project on PostgreSQL" in result.err


def test_init_keeps_no_password_and_a_second_machine_joins(pg_server, tmp_path, cli):
    database = pg_server.fresh()
    with_secret = database.replace("postgresql://", "postgresql://postgres:secret@")
    result = cli("init", tmp_path / "first", "--database", with_secret)
    assert result.code == 0, result.err
    assert "not kept in the project's settings: user, password" in result.err
    settings = (tmp_path / "first" / "settings.toml").read_text()
    assert "secret" not in settings and "postgres:" not in settings
    result = cli("init", tmp_path / "second", "--database", database)  # another machine
    assert result.code == 0, result.err
    assert (tmp_path / "second" / "review.toml").read_text() == PROTOCOL.read_text()
    with open_project(tmp_path / "second") as project:
        assert project.store.count_records() == 0
    result = cli("init", tmp_path / "third", "--database", database, "--protocol", PROTOCOL)
    assert result.code == 2 and "already holds a project" in result.err
    pg_server.drop(database)


def test_a_database_that_is_not_a_project_is_refused(pg_server, tmp_path):
    database = pg_server.fresh()
    with pytest.raises(Damaged, match="holds no review project"):
        Store(database)
    pg_server.drop(database)


def test_check_finds_a_disabled_trigger_and_a_missing_policy(team, cli):
    owner, root, _roles, _database = team
    assert cli("--project", root, "check").code == 0
    with owner.store.transaction():
        owner.store.conn.execute("ALTER TABLE decisions DISABLE TRIGGER decisions_no_update")
        owner.store.conn.execute("DROP POLICY notes_blind ON notes")
    result = cli("--project", root, "check")
    assert result.code == 1
    assert "trigger decisions_no_update is disabled" in result.out
    assert "policy notes_blind is missing" in result.out


def test_a_malformed_connection_string_is_refused_before_anything_is_made(cli, tmp_path):
    result = cli("init", tmp_path / "p", "--database", "host=localhost nonsense=1")
    assert result.code == 2 and "--database" in result.err and "nonsense" in result.err
    result = cli("init", tmp_path / "p", "--database", "postgresql://nowhere.invalid/db")
    assert result.code == 1 and "cannot reach db on nowhere.invalid" in result.err
    assert "Traceback" not in result.err and not (tmp_path / "p").exists()


def test_a_reviewers_update_search_is_refused_and_leaves_the_project_as_it_was(team, tmp_path):
    """Staged in the reviewer's own temporary tables, its rows are still written as that role:
    the database refuses them (the search log is the owner's)."""
    owner, _root, roles, database = team
    owner.store.add_decision(1, STAGE, "Reviewer A", "include")  # screening has begun
    before = (owner.store.count_records(), len(owner.store.sources()))
    update = tmp_path / "update.ris"
    update.write_text("TY  - JOUR\nTI  - A later study of partnerships\nPY  - 2012\nER  - \n")
    with as_role(database, roles["Reviewer B"]) as bob:
        as_bob = Project(owner.root, owner.protocol, bob)
        with pytest.raises(DatabaseRefused, match="permission denied"):
            import_files(as_bob, [update], source="update")
    assert (owner.store.count_records(), len(owner.store.sources())) == before


def test_blinding_holds_for_a_records_state_read_together(team):
    _owner, _root, roles, database = team
    with as_role(database, roles["Reviewer A"]) as alice:
        alice.add_decision(1, STAGE, "Reviewer A", "include")
        alice.add_note(1, STAGE, "Reviewer A", "looks relevant")
    with as_role(database, roles["Reviewer B"]) as bob:
        read = bob.record_state(1, STAGE, "Reviewer B")
        assert read.decisions == {} and read.notes == []  # B has not decided 1: sees nothing
        assert bob.add_decision_unless_merged(1, STAGE, "Reviewer B", "exclude", "E1", None)
        assert set(bob.record_state(1, STAGE, "Reviewer B").decisions) == {
            "Reviewer A",
            "Reviewer B",
        }
        with pytest.raises(DatabaseRefused, match="not as 'Reviewer A'"):
            bob.add_decision_unless_merged(2, STAGE, "Reviewer A", "include", None, None)
        bob.add_decision(2, STAGE, "Reviewer B", "include")  # the connection goes on
        assert not bob.server.in_transaction
    assert set(_owner.store.current_decisions(STAGE)) == {
        (1, "Reviewer A"),
        (1, "Reviewer B"),
        (2, "Reviewer B"),
    }


def test_a_step_begins_with_its_first_statement_and_one_that_runs_none_commits_nothing(
    team, monkeypatch
):
    owner, _root, _roles, database = team
    monkeypatch.setattr(postgres, "BUSY_SECONDS", 0.2)  # a step waits this long for the lock
    store = owner.store
    with store.transaction(appending=True):
        pass  # nothing run: nothing sent, nothing to commit
    assert not store.server.in_transaction
    with store.transaction():
        with store.transaction(appending=True):  # a savepoint, the step's first statement
            store.add_decision(1, STAGE, "Reviewer A", "include")
        with pytest.raises(DatabaseRefused):
            with store.transaction():
                store.conn.execute("DELETE FROM decisions")
        store.add_decision(2, STAGE, "Reviewer A", "exclude", "E1")
    with Store(database) as other:  # the step holds the write lock from its first statement
        with store.transaction():
            store.count_records()
            with pytest.raises(ProjectBusy, match="the project is busy"):
                with other.transaction():
                    other.add_note(1, STAGE, "Reviewer A", "waits for the other step")
    assert set(store.current_decisions(STAGE)) == {(1, "Reviewer A"), (2, "Reviewer A")}
    assert not store.server.in_transaction


def test_a_refused_decision_with_the_next_records_state_saves_nothing(team):
    owner, _root, roles, database = team
    with as_role(database, roles["Reviewer B"]) as bob:
        with pytest.raises(DatabaseRefused, match="not as 'Reviewer A'"):
            bob.decide_then_read((1, STAGE, "Reviewer A", "include", None, None), 2)
        assert not bob.server.in_transaction
        stored, read = bob.decide_then_read((1, STAGE, "Reviewer B", "include", None, None), 1)
        assert stored is not None and read.decisions == {"Reviewer B": stored}
    assert set(owner.store.current_decisions(STAGE)) == {(1, "Reviewer B")}
