"""Prioritised screening in the app: the ranking arrives in the background, keys never wait."""

from __future__ import annotations

import threading
import time

from places import PROTOCOL
from review.project import init_project
from review.screening.priority import ranker as ranker_module
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


def test_decisions_are_stored_at_the_keypress_while_a_retrain_is_slow(tmp_path, monkeypatch):
    project, ids = priority_project(tmp_path)
    project.close()
    training, release = threading.Event(), threading.Event()
    slow = ranker_module.train_ranking

    def slow_training(features, labels):
        training.set()
        release.wait(20)  # held until the test has pressed its keys
        return slow(features, labels)

    monkeypatch.setattr(ranker_module, "train_ranking", slow_training)
    app = ReviewApp(tmp_path / "p", reviewer="Reviewer A", start="screen", stage=TA)

    async def body(pilot, app):
        screen = app.screen
        assert screen.session.kind == "priority"
        await pilot.press("e", "1", "e", "1", "i")  # records 1, 2 out, 3 (wanted) in
        waited = time.perf_counter()
        while not training.is_set() and time.perf_counter() - waited < 30:
            await pilot.pause(0.05)
        assert training.is_set()
        for _ in range(6):  # decisions while the retrain is still running
            wanted = is_wanted(screen.project, screen.record_id)
            await pilot.press(*(["i"] if wanted else ["e", "1"]))
        stored = screen.project.store.current_decisions(TA, "Reviewer A")
        assert len(stored) == 9 and not release.is_set()  # each stored at its keypress
        release.set()
        for _ in range(3):  # the held run, then the one asked for meanwhile
            await app.workers.wait_for_complete()
            await settle(pilot)
        line = str(screen.query_one(PriorityLine).content)
        assert "ranked on your" in line and "why:" in line
        session = screen.session  # the record on screen stays; the ones after it are ranked
        upcoming = [r for r in session.order[screen.index + 1 :] if session.decision(r) is None]
        upcoming = upcoming[:5]
        assert all(is_wanted(screen.project, r) for r in upcoming), upcoming

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
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, InputModal)
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
