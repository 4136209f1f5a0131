"""Shared helpers for the app's Pilot tests: a small real project on disk, and running the app."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.widgets import Input

from places import ROOT
from review.base.models import ParsedRecord
from review.project import Project, init_project
from review.tui.app import ReviewApp

PROTOCOL = ROOT / "protocols" / "partnerships.toml"
SIZE = (120, 40)

RECORDS = [
    ParsedRecord(
        position=1,
        source_record_id="r1",
        title="Health Action Zones and partnerships: an evaluation of outcomes",
        abstract="Local partnerships in England aimed to reduce health inequalities. "
        "We evaluated public health outcomes before and after the programme.",
        authors=["Smith, K.", "Bambra, C."],
        year=2004,
        journal="Journal of Public Health",
        volume="26",
        issue="3",
        pages="210-221",
        keywords=["partnership working", "inequalities"],
    ),
    ParsedRecord(
        position=2,
        source_record_id="r2",
        title="A randomised trial of clinical treatment in the USA",
        abstract="A clinical trial of treatment for infectious disease in the United States.",
        authors=["Jones, A."],
        year=2001,
        journal="Clinical Trials",
    ),
    ParsedRecord(
        position=3,
        source_record_id="r3",
        title="Joint working between local authorities and primary care trusts",
        abstract="An editorial opinion on collaboration.",
        authors=["Hunter, D."],
        year=2006,
        journal="Health Service Journal",
    ),
    ParsedRecord(
        position=4,
        source_record_id="r4",
        title="Neighbourhood renewal and health",
        abstract="A qualitative study of neighbourhood renewal partnerships.",
        authors=["Elston, J."],
        year=2005,
    ),
    ParsedRecord(
        position=5,
        source_record_id="r5",
        title="Local strategic partnerships: a view from the inside",
        abstract="Interviews with partnership managers.",
        authors=["Perkins, N.", "Smith, K."],
        year=2007,
        journal="Policy and Politics",
    ),
]


def make_project(tmp_path: Path) -> Project:
    """A project with the partnerships protocol and five fixed records from one source."""
    project = init_project(tmp_path / "p", PROTOCOL)
    project.store.add_source(name="Test database", kind="database", records=RECORDS)
    return project


def pass_title_abstract(project: Project, record_ids: list[int], reviewers=("A", "B")) -> None:
    """Both reviewers include these records at title/abstract, so they reach full text."""
    for rid in record_ids:
        for who in reviewers:
            project.store.add_decision(rid, "title-abstract", who, "include")


def decisions(project: Project) -> list[tuple]:
    """(record_id, stage, reviewer, decision, reason, action) of every decision row, in order."""
    return project.store.conn.execute(
        "SELECT record_id, stage, reviewer, decision, reason, action FROM decisions"
        " ORDER BY decision_id"
    ).fetchall()


async def answer(pilot, text: str) -> None:
    """Fill the open InputModal with text and press enter."""
    pilot.app.screen.query_one(Input).value = text
    await pilot.press("enter")


async def settle(pilot) -> None:
    """Wait until background work (the dashboard's counts) is done and drawn."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def run_app(
    app: ReviewApp, body: Callable[..., Awaitable[None]], size: tuple[int, int] = SIZE
) -> None:
    """Run the app headless at a size (120x40 unless said) and drive it with body(pilot, app)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await body(pilot, app)

    asyncio.run(main())


def screen_lines(app: ReviewApp) -> list[str]:
    """Every line the terminal shows now, as plain text (the top screen and what it covers)."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def isolate_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point REVIEW_CONFIG_HOME at tmp_path so the user's real config is never read or written."""
    home = tmp_path / "config"
    monkeypatch.setenv("REVIEW_CONFIG_HOME", str(home))
    return home
