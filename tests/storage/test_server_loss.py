"""A server that goes away: said plainly, nothing half-written, and the work goes on after."""

from __future__ import annotations

import pytest

import pgcluster
from places import EXAMPLES, PROTOCOL
from review.identification.importing import import_file
from review.project import init_project, open_project
from review.storage.store import ServerUnavailable

STAGE = "title-abstract"


@pytest.fixture(scope="module")
def durable(pg_server):
    """A cluster of this module's own, to kill (the run's one stays up for the others), durable
    as a real server is (the run's cluster does not wait for the disk)."""
    cluster = pgcluster.Cluster(fast=False)
    yield cluster
    cluster.remove()


@pytest.fixture
def own_server(durable):
    if not durable.started:
        durable.start()
    yield durable
    if not durable.started:
        durable.start()
    import psycopg

    with psycopg.connect(durable.conninfo(), user=durable.user, autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS lost WITH (FORCE)")


def _project(cluster, tmp_path):
    import psycopg

    with psycopg.connect(cluster.conninfo(), user=cluster.user, autocommit=True) as admin:
        admin.execute("CREATE DATABASE lost")
    project = init_project(tmp_path / "p", PROTOCOL, database=cluster.conninfo("lost"))
    import_file(project.store, EXAMPLES / "hunter-2011-report-references.csv", source="Hunter")
    return project


def test_a_server_killed_mid_decision_saves_nothing_and_says_so(own_server, tmp_path):
    project = _project(own_server, tmp_path)
    store = project.store
    store.add_decision(1, STAGE, "Reviewer A", "include")
    with pytest.raises(ServerUnavailable, match="nothing of this step was saved"):
        with store.transaction():
            store.add_decisions([(2, STAGE, "Reviewer A", "exclude", "E1", None, "decide")])
            own_server.kill()  # the server dies before the step commits
    with pytest.raises(ServerUnavailable, match="cannot reach"):
        store.add_decision(3, STAGE, "Reviewer A", "include")  # still down: not stored, said
    own_server.start()
    store.add_decision(3, STAGE, "Reviewer A", "include")  # reconnected by itself
    decided = store.current_decisions(STAGE)
    assert set(decided) == {(1, "Reviewer A"), (3, "Reviewer A")}  # 2 was never half-written
    project.close()


def test_the_cli_says_the_server_is_unreachable(own_server, tmp_path, cli):
    _project(own_server, tmp_path).close()
    own_server.stop()
    result = cli("--project", tmp_path / "p", "status")
    assert result.code == 1
    assert "cannot reach lost on" in result.err and "Traceback" not in result.err
    assert "nothing was saved" in result.err


def test_the_app_says_a_keypress_was_not_stored(own_server, tmp_path):
    import asyncio

    from review.tui.app import ReviewApp

    _project(own_server, tmp_path).close()

    async def run() -> list[str]:
        app = ReviewApp(tmp_path / "p", reviewer="Reviewer A", start="screen")
        async with app.run_test() as pilot:
            await pilot.pause()
            own_server.kill()
            await pilot.press("i")
            await pilot.pause()
            said = [str(n.message) for n in app._notifications]
            own_server.start()
            await pilot.press("i")
            await pilot.pause()
        return said

    said = asyncio.run(run())
    assert any("nothing of this step was saved" in s or "cannot reach" in s for s in said), said
    with open_project(tmp_path / "p") as project:
        assert len(project.store.current_decisions(STAGE)) == 1  # the second press, stored
