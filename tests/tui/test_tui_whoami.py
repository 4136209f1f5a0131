"""Who am I: the app opens on the dashboard; the name is asked when a task starts (the
protocol's reviewers offered), remembered per project, switched from the palette, confirmed."""

from __future__ import annotations

import json

import pytest

from review.tui.app import ReviewApp
from review.tui.commands import ScreensProvider
from review.tui.screens.dashboard import DashboardScreen
from review.tui.screens.reconcile import ReconcileScreen
from review.tui.screens.screening import ScreeningScreen
from review.tui.widgets.choice import ChoiceModal, ConfirmModal
from review.tui.widgets.input_modal import InputModal
from support.tui import answer, make_project, run_app


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    home = tmp_path / "config"
    monkeypatch.setenv("REVIEW_CONFIG_HOME", str(home))
    return home


def test_opens_on_the_dashboard_and_asks_when_screening_starts(tmp_path, config_home):
    project = make_project(tmp_path)

    async def body(pilot, app):
        assert isinstance(app.screen, DashboardScreen) and app.reviewer is None
        await pilot.press("s")
        assert isinstance(app.screen, ChoiceModal)
        assert [label for _v, label in app.screen.options][:2] == ["Reviewer A", "Reviewer B"]
        await pilot.press("escape")  # no name: back on the dashboard, nothing ends
        assert isinstance(app.screen, DashboardScreen) and app.return_code is None
        await pilot.press("s", "2")
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen) and app.screen.reviewer == "Reviewer B"

    run_app(ReviewApp(project.root), body)
    saved = json.loads((config_home / "review" / "reviewers.json").read_text())
    assert saved == {str(project.root.resolve()): "Reviewer B"}

    async def again(pilot, app):
        assert app.reviewer == "Reviewer B"  # remembered for this project: not asked
        await pilot.press("s")
        assert isinstance(app.screen, ScreeningScreen)

    run_app(ReviewApp(project.root), again)
    other = make_project(tmp_path / "other")

    async def elsewhere(pilot, app):
        assert app.reviewer is None  # another project: its own name

    run_app(ReviewApp(other.root), elsewhere)


def test_the_screen_command_asks_and_escape_leaves_the_dashboard(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)

    run_app(ReviewApp(project.root, start="screen"), body)


def test_someone_else_types_a_name_and_a_slip_is_asked_again(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("r", "3")  # reconcile: someone else
        assert isinstance(app.screen, InputModal)
        await answer(pilot, "Reviewr A")
        await pilot.pause()
        assert isinstance(app.screen, InputModal) and app.reviewer is None
        await answer(pilot, "reviewer c")
        await pilot.pause()
        assert isinstance(app.screen, ReconcileScreen) and app.reviewer == "reviewer c"

    run_app(ReviewApp(project.root), body)


def test_switch_reviewer_from_the_palette_is_confirmed(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("s")
        assert isinstance(app.screen, ScreeningScreen)
        hits = [h async for h in ScreensProvider(app.screen).search("switch reviewer")]
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("2")
        assert isinstance(app.screen, ConfirmModal)
        await pilot.press("n")  # not confirmed: nothing changes
        assert app.reviewer == "Reviewer A" and isinstance(app.screen, ScreeningScreen)
        hits[0].command()
        await pilot.pause()
        await pilot.press("2", "y")
        await pilot.pause()
        assert app.reviewer == "Reviewer B"
        assert isinstance(app.screen, DashboardScreen) and app.screen.sub_title == "Reviewer B"

    run_app(ReviewApp(project.root, reviewer="Reviewer A"), body)
