"""Pilot tests of the dashboard: counts, progress per reviewer, opening screens, the palette."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from places import EXAMPLES as EXAMPLE
from review.identification.importers import ris
from review.project import init_project
from review.tui.app import ReviewApp
from review.tui.commands import ScreensProvider
from review.tui.screens.appraisal import AppraisalScreen
from review.tui.screens.dashboard import DashboardScreen
from review.tui.screens.duplicates import DuplicatesScreen
from review.tui.screens.prisma import PrismaScreen
from review.tui.screens.reconcile import ReconcileScreen
from review.tui.screens.screening import FullTextScreen, ScreeningScreen
from support.tui import (
    isolate_config,
    make_project,
    pass_title_abstract,
    run_app,
    settle,
)


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    return isolate_config(tmp_path, monkeypatch)


def text_of(app: ReviewApp, selector: str) -> str:
    """What a dashboard Static shows, as plain text."""
    widget = app.screen.query_one(selector, Static)
    return "\n".join(line.text for line in widget.render_lines(widget.region.reset_offset))


def test_dashboard_shows_sources_duplicates_and_progress(tmp_path):
    project = make_project(tmp_path)
    project.store.link_duplicate(5, 4, "exact DOI", "test")
    project.store.add_decision(1, "title-abstract", "A", "include")
    project.store.add_decision(2, "title-abstract", "A", "exclude", "E3")
    project.store.add_decision(1, "title-abstract", "B", "exclude", "E1")

    async def body(pilot, app):
        assert isinstance(app.screen, DashboardScreen)
        summary = text_of(app, "#summary")
        assert "5 records from 1 source ·" in summary and "1 duplicates removed" in summary
        assert "Test database" in text_of(app, "#sources")
        stages = text_of(app, "#stages")
        lines = stages.splitlines()
        row_a = next(line for line in lines if "Titles/abstracts" in line)
        assert row_a.split() == ["Titles/abstracts", "A", "2/4", "1", "1", "0"]
        row_b = next(line for line in lines if line.split()[:1] == ["B"])
        assert row_b.split() == ["B", "1/4", "–", "–", "–"]  # blind: B's breakdown hidden
        assert "Full texts" in stages
        conflicts = text_of(app, "#conflicts")
        stage_row = next(line for line in conflicts.splitlines() if "Titles/abstracts" in line)
        # conflicts waiting, resolved, passed, agreement (one record both decided)
        assert stage_row.split()[1:] == ["1", "0", "0", "0%", "·", "κ", "0.00"]

    run_app(ReviewApp(tmp_path / "p", reviewer="A"), body)


def test_keys_open_screening_and_q_returns_to_a_refreshed_dashboard(tmp_path):
    project = make_project(tmp_path)
    pass_title_abstract(project, [2])

    async def body(pilot, app):
        await pilot.press("s")
        assert isinstance(app.screen, ScreeningScreen)
        assert app.screen.stage == "title-abstract"
        await pilot.press("i", "q")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "1/5" in text_of(app, "#stages")
        await pilot.press("f")
        assert isinstance(app.screen, FullTextScreen)
        assert app.screen.session.order == [2]
        await pilot.press("q")
        assert isinstance(app.screen, DashboardScreen)

    run_app(ReviewApp(tmp_path / "p", reviewer="A"), body)


def test_palette_offers_the_screens(tmp_path):
    make_project(tmp_path)

    async def body(pilot, app):
        provider = ScreensProvider(app.screen)
        hits = [hit async for hit in provider.discover()]
        assert [h.display for h in hits] == [
            "Dashboard",
            "Screen titles/abstracts",
            "Screen full texts",
            "Duplicates",
            "Reconcile titles/abstracts",
            "Reconcile full texts",
            "Appraise included studies",
            "PRISMA 2020 flow",
            "Import search results",
            "Add a record by hand",
            "Switch reviewer",
            "Export included studies",
            "Export all records",
            "Export decisions",
            "Export duplicate clusters",
            "Export appraisal table",
            "Export PRISMA flow",
        ]
        hits[2].command()
        await pilot.pause()
        assert isinstance(app.screen, FullTextScreen)
        found = [hit async for hit in provider.search("screen titles")]
        found[0].command()
        await pilot.pause()
        assert isinstance(app.screen, ScreeningScreen) and app.screen.stage == "title-abstract"
        assert len(app.screen_stack) == 3  # default, dashboard, screening: no pile-up
        hits[0].command()
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        for hit, kind in zip(
            hits[3:8],
            (DuplicatesScreen, ReconcileScreen, ReconcileScreen, AppraisalScreen, PrismaScreen),
            strict=True,
        ):
            hit.command()
            await pilot.pause()
            assert isinstance(app.screen, kind)
            assert len(app.screen_stack) == 3

    run_app(ReviewApp(tmp_path / "p", reviewer="A"), body)


def test_dashboard_on_the_example_bibliography(tmp_path):
    project = init_project(
        tmp_path / "p", EXAMPLE.parent.parent / "protocols" / "partnerships.toml"
    )
    path = EXAMPLE / "elston-2005-thesis-bibliography.ris"
    records = ris.parse(path.read_text(encoding="utf-8"), path, {})
    project.store.add_source(name="Elston 2005", kind="database", records=records)

    async def body(pilot, app):
        assert f"{len(records)} records from 1 source" in text_of(app, "#summary")
        await pilot.press("s", "i")
        assert app.screen.index == 1

    run_app(ReviewApp(tmp_path / "p", reviewer="A"), body)


def test_screenshot_goes_to_the_projects_exports_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path / "home-without-downloads"))
    monkeypatch.delenv("XDG_DOWNLOAD_DIR", raising=False)
    project = make_project(tmp_path)

    async def body(pilot, app):
        app.action_screenshot()
        for _ in range(50):
            await pilot.pause(0.05)
            if list(project.exports_dir.glob("*.svg")):
                break

    run_app(ReviewApp(project.root, reviewer="A"), body)
    shots = list(project.exports_dir.glob("*.svg"))
    assert len(shots) == 1 and "<svg" in shots[0].read_text(encoding="utf-8")
