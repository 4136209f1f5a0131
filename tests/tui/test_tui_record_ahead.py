"""The next record rendered while this one is read, painted as Textual paints it; the garbage
collector's passes kept between keys while the screening view is open."""

from __future__ import annotations

import gc

import pytest

from review.base.models import ParsedRecord
from review.project import init_project
from review.tui.app import ReviewApp
from review.tui.heap import CollectedWhileRead
from review.tui.screens.screening import AHEAD_AFTER
from review.tui.widgets.record_view import RecordText
from support.tui import PROTOCOL, decisions, isolate_config, run_app

LONG = " ".join(f"word{i}" for i in range(900)) + " partnership THE-END"


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    return isolate_config(tmp_path, monkeypatch)


def project_with_a_long_record(tmp_path):
    records = [
        ParsedRecord(position=1, title="Partnerships in health", abstract="A short one."),
        ParsedRecord(position=2, title="A long one", abstract=LONG, keywords=["inequalities"]),
        ParsedRecord(position=3, title="Short again", abstract="Local partnerships, briefly."),
        ParsedRecord(position=4, title="The last", abstract="Health inequalities."),
    ]
    project = init_project(tmp_path / "p", PROTOCOL)
    project.store.add_source(name="s", kind="database", records=records)
    return project


def painted(app: ReviewApp) -> list[list[tuple[str, object]]]:
    """Every cell run the terminal shows now: the text and its style."""
    return [
        [(segment.text, segment.style) for segment in strip]
        for strip in app.screen._compositor.render_strips()
    ]


async def as_textual_paints_it(pilot, app: ReviewApp) -> list[list[tuple[str, object]]]:
    """The same screen with the record's text rendered by Textual itself, not ahead."""
    text = app.screen.query_one(RecordText)
    drawn, text.drawn = text.drawn, None
    text.refresh()
    await pilot.pause()
    screen = painted(app)
    text.drawn = drawn
    text.refresh()
    await pilot.pause()
    return screen


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_the_next_record_is_rendered_while_this_one_is_read(tmp_path, size):
    project = project_with_a_long_record(tmp_path)

    async def body(pilot, app):
        text = app.screen.query_one(RecordText)
        for expected_id, key in [(2, "i"), (3, "e"), (4, "u")]:
            await pilot.pause(AHEAD_AFTER + 0.1)  # the reviewer reads
            await pilot.press(*([key, "1"] if key == "e" else [key]))
            await pilot.pause()
            assert app.screen.record_id == expected_id
            assert text.drawn_from_ready  # rendered before the key, painted at the key
            assert painted(app) == await as_textual_paints_it(pilot, app)

    run_app(ReviewApp(tmp_path / "p", reviewer="A", start="screen"), body, size=size)
    assert [row[0] for row in decisions(project)] == [1, 2, 3]


def test_a_long_record_is_painted_narrower_beside_its_scrollbar_as_textual_would(tmp_path):
    project_with_a_long_record(tmp_path)

    async def body(pilot, app):
        text = app.screen.query_one(RecordText)
        view = app.screen.query_one("#record")
        await pilot.pause(AHEAD_AFTER + 0.1)
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.record_id == 2 and text.drawn_from_ready
        assert view.show_vertical_scrollbar and text.drawn_width == text.size.width
        assert text.size.height % view.content_region.height == 0
        assert painted(app) == await as_textual_paints_it(pilot, app)
        await pilot.press("space")  # a screen further down: the same lines
        await pilot.pause()
        assert view.scroll_y > 0
        assert painted(app) == await as_textual_paints_it(pilot, app)

    run_app(ReviewApp(tmp_path / "p", reviewer="A", start="screen"), body)


def test_a_key_sooner_than_the_rendering_ahead_renders_the_record_itself(tmp_path):
    project_with_a_long_record(tmp_path)

    async def body(pilot, app):
        text = app.screen.query_one(RecordText)
        text.rendered.clear()
        app.screen.reading.stop()  # the key comes before the next record was rendered
        await pilot.press("i")
        await pilot.pause()
        assert app.screen.record_id == 2 and not text.drawn_from_ready
        assert painted(app) == await as_textual_paints_it(pilot, app)

    run_app(ReviewApp(tmp_path / "p", reviewer="A", start="screen"), body)


def test_the_collector_runs_between_keys_while_the_view_is_open(tmp_path):
    project_with_a_long_record(tmp_path)
    before = gc.get_threshold()
    seen = {}

    async def body(pilot, app):
        seen["open"] = gc.get_threshold()
        full = gc.get_stats()[2]["collections"]
        collector = app.screen.collector
        every = CollectedWhileRead.FULL_EVERY
        for _ in range(every - collector.passes % every):
            collector.collect()
        seen["full passes"] = gc.get_stats()[2]["collections"] - full

    run_app(ReviewApp(tmp_path / "p", reviewer="A", start="screen"), body)
    assert seen["open"] == (CollectedWhileRead.YOUNG_LIMIT, *before[1:])
    assert seen["full passes"] >= 1
    assert gc.get_threshold() == before  # the view closed with the app


def test_two_views_open_at_once_put_the_thresholds_back_when_both_close():
    before = gc.get_threshold()
    first, second = CollectedWhileRead(), CollectedWhileRead()
    first.start()
    second.start()
    first.stop()
    assert gc.get_threshold()[0] == CollectedWhileRead.YOUNG_LIMIT  # one view is still open
    second.stop()
    second.stop()  # closed twice: counted once
    assert gc.get_threshold() == before
