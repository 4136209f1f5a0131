"""The screening view's tools: a note right after a decision, search hits counted and marked,
the record list's filters, sorts and jump, the protocol beside or over the record."""

from __future__ import annotations

import pytest
from textual.widgets import Label, OptionList, Static

from review.tui.app import ReviewApp
from review.tui.widgets.choice import ConfirmModal
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.progress_line import ProgressLine
from review.tui.widgets.protocol_panel import ProtocolModal, ProtocolPanel
from review.tui.widgets.record_list import RecordList
from review.tui.widgets.record_view import SEARCH_STYLE
from support.tui import answer, isolate_config, make_project, pass_title_abstract, run_app

STAGE = "title-abstract"


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    return isolate_config(tmp_path, monkeypatch)


def screening(tmp_path, stage: str = STAGE) -> ReviewApp:
    return ReviewApp(tmp_path / "p", reviewer="A", start="screen", stage=stage)


def test_a_note_right_after_a_decision_goes_to_the_record_decided(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("e", "3", "n")  # typed at once: the note is for record 1
        assert isinstance(app.screen, InputModal)
        assert "record 1, just decided (exclude)" in app.screen.prompt
        await answer(pilot, "only a clinical trial")
        await pilot.press("j", "n")  # after a move: the record shown
        assert app.screen.prompt.startswith("Note on record 3:")
        await pilot.press("escape")

    run_app(screening(tmp_path), body)
    assert [n[1] for n in project.store.notes(1, "A")] == ["only a clinical trial"]
    assert project.store.notes(2, "A") == []


def test_search_counts_its_hits_and_marks_them(tmp_path):
    make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("slash")
        await answer(pilot, "partnership")
        line = str(app.screen.query_one(ProgressLine).content)
        assert "hit 1 of 3 “partnership”" in line  # records 1, 4 and 5 have it
        content = app.screen.query_one("#record-text", Static).content
        marked = [content.plain[s.start : s.end] for s in content.spans if s.style == SEARCH_STYLE]
        assert [m.lower() for m in marked] == ["partnership", "partnership", "partnership"]
        await pilot.press("slash", "enter")
        assert "hit 2 of 3" in str(app.screen.query_one(ProgressLine).content)
        await pilot.press("slash")
        await answer(pilot, "")  # empty: the search is off, nothing marked
        assert "hit" not in str(app.screen.query_one(ProgressLine).content)

    run_app(screening(tmp_path), body)


def rows_of(app) -> list[str]:
    options = app.screen.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def ids_of(app) -> list[str]:
    return [next(w for w in row.split() if w.startswith("#")) for row in rows_of(app)]


def test_the_list_filters_sorts_and_jumps(tmp_path):
    project = make_project(tmp_path)
    project.store.add_decision(2, STAGE, "B", "include")  # 2 will be a conflict
    project.store.add_tag(4, "A", "qualitative")

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i", "e", "3", "u")  # 1 include, 2 exclude E3, 3 unsure
        await pilot.press("l")
        assert isinstance(app.screen, RecordList) and len(rows_of(app)) == 5
        await pilot.press("d")  # undecided
        assert ids_of(app) == ["#4", "#5"]
        await pilot.press("d", "d", "d")  # include, exclude, exclude E1 (none)
        assert rows_of(app) == []
        await pilot.press("d", "d")  # E2, E3
        assert ids_of(app) == ["#2"]
        for _ in range(6):  # E4..E7, unsure, conflict
            await pilot.press("d")
        assert "conflict" in str(app.screen.query_one("#list-filters", Label).content)
        assert ids_of(app) == ["#2"] and "≠" in rows_of(app)[0]
        await pilot.press("c", "t")  # clear; tag qualitative
        assert ids_of(app) == ["#4"]
        await pilot.press("c", "y")
        await answer(pilot, "2004-2006")
        assert ids_of(app) == ["#1", "#3", "#4"]  # 2004, 2006, 2005
        await pilot.press("c", "s")  # sorted by title
        assert rows_of(app)[0].endswith("A randomised trial of clinical treatment in the USA")
        await pilot.press("number_sign")
        await answer(pilot, "5")
        await pilot.pause()
        assert app.screen is screen and screen.record_id == 5

    run_app(screening(tmp_path), body)


def test_the_protocol_beside_the_record_when_wide_over_it_when_narrow(tmp_path):
    make_project(tmp_path)

    async def wide(pilot, app):
        panel = app.screen.query_one(ProtocolPanel)
        assert not panel.display
        await pilot.press("p")
        assert panel.display and "Inclusion criteria" in str(panel.query_one(Static).content)
        await pilot.press("i")  # still screening beside it
        assert app.screen.index == 1 and panel.display

    run_app(screening(tmp_path), wide, size=(140, 40))

    async def narrow(pilot, app):
        await pilot.press("p")
        assert isinstance(app.screen, ProtocolModal)
        text = str(app.screen.query_one(Static).content)
        assert "Review question" in text and "E7 Published outside" in text
        await pilot.press("p")
        assert not isinstance(app.screen, ProtocolModal)

    run_app(screening(tmp_path), narrow, size=(80, 24))


def test_including_a_full_text_only_sought_asks_first(tmp_path):
    project = make_project(tmp_path)
    pass_title_abstract(project, [1, 3])

    async def body(pilot, app):
        await pilot.press("i")
        assert isinstance(app.screen, ConfirmModal) and "only sought" in app.screen.question
        await pilot.press("n")
        assert app.screen.index == 0
        await pilot.press("i", "y")
        assert app.screen.index == 1
        await pilot.press("e", "8")  # an exclusion asks nothing
        assert not isinstance(app.screen, ConfirmModal)

    run_app(screening(tmp_path, "full-text"), body)
    current = project.store.current_decisions("full-text", "A")
    assert current[(1, "A")].decision == "include" and current[(3, "A")].reason == "E8"
