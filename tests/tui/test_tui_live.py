"""The colleague's work appears without leaving the view: a cheap check every few seconds, on
focus, or ctrl+r; blind rules as ever."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from review.project import open_project
from review.tui.app import ReviewApp
from review.tui.live import REFRESH_SECONDS
from review.tui.widgets.record_status import RecordStatus
from support.tui import isolate_config, make_project, pass_title_abstract, run_app, settle

STAGE = "title-abstract"


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    monkeypatch.setattr("review.tui.live.QUIET_SECONDS", 0.0)  # checks right after keys
    return isolate_config(tmp_path, monkeypatch)


def shown(app, selector: str) -> str:
    widget = app.screen.query_one(selector, Static)
    return "\n".join(line.text for line in widget.render_lines(widget.region.reset_offset))


def status(app) -> str:
    return str(app.screen.query_one(RecordStatus).content)


def test_the_dashboard_counts_the_colleagues_decisions_on_its_timer(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        assert "B" not in shown(app, "#stages").split()
        with open_project(project.root) as colleague:  # the other terminal
            colleague.store.add_decision(1, STAGE, "B", "include")
            colleague.store.add_decision(2, STAGE, "B", "exclude", "E1")
        await pilot.pause(REFRESH_SECONDS + 0.5)
        await settle(pilot)
        row = next(ln for ln in shown(app, "#stages").splitlines() if ln.split()[:1] == ["B"])
        assert row.split() == ["B", "2/5", "–", "–", "–"]  # counted, still blind

    run_app(ReviewApp(project.root, reviewer="A"), body)


def test_screening_shows_the_colleagues_vote_once_both_decided(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i", "k")  # A decides record 1 and goes back to it
        with open_project(project.root) as colleague:
            colleague.store.add_decision(1, STAGE, "B", "exclude", "E3")
            colleague.store.add_decision(2, STAGE, "B", "include")
        assert "B: exclude" not in status(app)
        screen.check_changes()  # what the timer does
        await pilot.pause()
        assert "B: exclude" in status(app)
        await pilot.press("j")  # record 2: A has not decided it, so B's vote stays hidden
        assert "hidden until you decide" in status(app) and "B:" not in status(app)

    run_app(ReviewApp(project.root, reviewer="A", start="screen"), body)


def test_a_full_text_path_and_a_merge_made_elsewhere_appear(tmp_path):
    project = make_project(tmp_path)
    pass_title_abstract(project, [4, 5])
    (project.root / "ft.pdf").write_bytes(b"%PDF-1.4\n")

    async def body(pilot, app):
        screen = app.screen
        assert screen.record_id == 4 and "Full text: sought" in status(app)
        with open_project(project.root) as colleague:
            colleague.store.set_retrieval(4, "retrieved", "B", location="ft.pdf")
        await pilot.press("ctrl+r")
        assert "Full text: retrieved — ft.pdf" in status(app)
        with open_project(project.root) as colleague:
            colleague.store.link_duplicate(5, 4, "by hand", "B")
        screen.check_changes()
        await pilot.pause()
        record = str(screen.query_one("#record-text", Static).content)
        assert "found in Test database (r4); Test database (r5)" in record

    run_app(ReviewApp(project.root, reviewer="A", start="screen", stage="full-text"), body)


def test_reconciliation_gains_the_new_conflict_without_leaving(tmp_path):
    project = make_project(tmp_path)
    project.store.add_decision(1, STAGE, "A", "include")
    project.store.add_decision(1, STAGE, "B", "exclude", "E1")

    async def body(pilot, app):
        assert "1 waiting" in shown(app, "#progress")
        with open_project(project.root) as colleague:
            colleague.store.add_decision(2, STAGE, "A", "include")
            colleague.store.add_decision(2, STAGE, "B", "exclude", "E2")
        app.screen.check_changes()
        await pilot.pause()
        assert "2 waiting" in shown(app, "#progress")

    run_app(ReviewApp(project.root, reviewer="C", start="reconcile"), body)


def test_a_check_waits_while_keys_are_coming(tmp_path, monkeypatch):
    monkeypatch.setattr("review.tui.live.QUIET_SECONDS", 60.0)
    project = make_project(tmp_path)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i", "k")
        with open_project(project.root) as colleague:
            colleague.store.add_decision(1, STAGE, "B", "exclude", "E3")
        screen.check_changes()  # the timer while the reviewer types: held
        await pilot.pause()
        assert "B: exclude" not in status(app)
        await pilot.press("j", "k")  # each move reads the record afresh all the same
        assert "B: exclude" in status(app)

    run_app(ReviewApp(project.root, reviewer="A", start="screen"), body)
