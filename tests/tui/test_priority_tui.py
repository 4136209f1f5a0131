"""Prioritised screening in the app: the ranking arrives in the background, keys never wait."""

from __future__ import annotations

import os
import signal
import time

from textual.widgets import Input, Label

from places import PROTOCOL
from review.project import init_project
from review.tui.app import ReviewApp
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.priority_line import PriorityLine
from support.topics import add_topics, is_wanted
from support.tui import answer, run_app, settle

TA = "title-abstract"


def priority_project(tmp_path, count: int = 60):
    text = PROTOCOL.read_text(encoding="utf-8")
    protocol = tmp_path / "priority.toml"
    protocol.write_text(text.replace('order = "file"', 'order = "priority"'), encoding="utf-8")
    project = init_project(tmp_path / "p", protocol)
    ids = add_topics(project, count)
    return project, ids


def test_decisions_are_stored_at_the_keypress_while_the_ranking_is_held(tmp_path):
    """The ranking process is stopped (SIGSTOP) while a request is out: every key is still
    decided and stored at once; once it runs again its ranking arrives and is applied."""
    project, ids = priority_project(tmp_path)
    project.close()
    app = ReviewApp(tmp_path / "p", reviewer="Reviewer A", start="screen", stage=TA)

    async def body(pilot, app):
        screen = app.screen
        assert screen.session.kind == "priority"
        waited = time.perf_counter()  # the process answers the view's first request
        while (screen.ranking is None or screen._working) and time.perf_counter() - waited < 60:
            await pilot.pause(0.05)
        os.kill(screen.ranking.process.pid, signal.SIGSTOP)
        try:
            await pilot.press("e", "1", "e", "1", "i")  # records 1, 2 out, 3 (wanted) in
            assert screen._working  # the first ranking is asked for, and cannot come
            for _ in range(6):
                wanted = is_wanted(screen.project, screen.record_id)
                await pilot.press(*(["i"] if wanted else ["e", "1"]))
            stored = screen.project.store.current_decisions(TA, "Reviewer A")
            assert len(stored) == 9 and screen.trained_on is None  # each stored at its key
        finally:
            os.kill(screen.ranking.process.pid, signal.SIGCONT)
        waited = time.perf_counter()
        while (screen.trained_on or 0) < 9 and time.perf_counter() - waited < 60:
            await pilot.pause(0.1)  # the held request, then the one asked for meanwhile
        assert screen.trained_on == 9
        await settle(pilot)
        line = str(screen.query_one(PriorityLine).content)
        assert "ranked on your 9 includes/excludes" in line and "why:" in line
        session = screen.session  # the record on screen stays; the ones after it are ranked
        upcoming = [r for r in session.order[screen.index + 1 :] if session.decision(r) is None]
        upcoming = upcoming[:5]
        assert all(is_wanted(screen.project, r) for r in upcoming), upcoming
        process = screen.ranking.process
        await pilot.press("q")  # the screen closes: so does its ranking process
        await settle(pilot)
        assert process.wait(5) is not None  # ended

    run_app(app, body)


def test_the_order_key_switches_and_keeps_the_decisions(tmp_path):
    project, ids = priority_project(tmp_path, count=20)
    project.close()
    app = ReviewApp(tmp_path / "p", reviewer="Reviewer A", start="screen", stage=TA)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i")
        await settle(pilot)
        for kind in ("shuffle", "file", "priority"):
            await pilot.press("O")
            await settle(pilot)
            assert screen.session.kind == kind
            assert sorted(screen.session.order) == ids
            assert screen.session.decision(ids[0]).decision == "include"
        assert "screened 1/20 · includes 1" in str(screen.query_one(PriorityLine).content)

    run_app(app, body)


def test_stopping_from_the_app_asks_for_the_rule_and_records_it(tmp_path):
    project, ids = priority_project(tmp_path, count=12)
    for rid in ids[:4]:
        project.store.add_decision(rid, TA, "Reviewer B", "exclude", "E1")
    project.close()
    app = ReviewApp(tmp_path / "p", reviewer="Reviewer A", start="screen", stage=TA)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i", "e", "1")
        waited = time.perf_counter()
        while "keep screening" not in screen.stopping_text and time.perf_counter() - waited < 60:
            await pilot.pause(0.1)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, InputModal)
        prompt = str(app.screen.query_one("#prompt", Label).content)
        assert "does not say it is safe yet (keep screening" in prompt
        assert app.screen.query_one(Input).value == ""  # no rule offered as met: it is not
        await pilot.press("escape")  # not confirmed: nothing stopped
        assert screen.project.store.current_stop(TA) is None
        await pilot.press("S")
        await settle(pilot)
        await answer(pilot, "hypergeometric test, 95% recall")
        await settle(pilot)
        stop = screen.project.store.current_stop(TA)
        assert stop is not None and stop.by == "Reviewer A"
        assert stop.rule == "hypergeometric test, 95% recall"
        assert set(stop.figures) == {"Reviewer A", "Reviewer B"}
        waiting = [r for r in screen.session.order if screen.session.decision(r) is None]
        assert sorted(waiting) == ids[2:4]  # B decided them, A has not; the rest is excluded

    run_app(app, body)


def test_the_priority_line_is_repainted_only_when_its_text_changes():
    import asyncio

    from textual.app import App

    class One(App[None]):
        def compose(self):
            yield PriorityLine()

    async def run() -> list[str]:
        app = One()
        seen = []
        async with app.run_test() as pilot:
            line = app.query_one(PriorityLine)
            line.show("order: file", "", "")
            await pilot.pause()
            seen.append(str(line.render()))
            line.show("order: file", "", "")  # the same text: nothing to draw again
            line.show("order: priority", "why: ↑ cohort", "stop: 40 more")
            await pilot.pause()
            seen.append(str(line.render()))
        return seen

    assert asyncio.run(run()) == ["order: file", "order: priority · why: ↑ cohort\nstop: 40 more"]
