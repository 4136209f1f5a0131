"""Pilot tests of the screening screen: keys, reasons, undo, highlighting, blinding, full text."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Label, OptionList, Static

from review.tui.app import ReviewApp
from review.tui.highlight import Highlighter, highlighter
from review.tui.screens.help import HelpScreen
from review.tui.screens.screening import FullTextScreen, ScreeningScreen
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.reason_picker import ReasonPicker
from review.tui.widgets.record_list import RecordList
from review.tui.widgets.record_status import RecordStatus
from support.tui import (
    PROTOCOL,
    answer,
    decisions,
    isolate_config,
    make_project,
    pass_title_abstract,
    run_app,
)


@pytest.fixture(autouse=True)
def config_home(tmp_path, monkeypatch):
    return isolate_config(tmp_path, monkeypatch)


def screen_app(tmp_path: Path, reviewer: str = "A", stage: str = "title-abstract") -> ReviewApp:
    return ReviewApp(tmp_path / "p", reviewer=reviewer, start="screen", stage=stage)


def status_text(app: ReviewApp) -> str:
    return str(app.screen.query_one(RecordStatus).content)


def test_include_and_unsure_keys_record_rows(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        assert isinstance(app.screen, ScreeningScreen)
        await pilot.press("i", "u")
        assert app.screen.index == 2

    run_app(screen_app(tmp_path), body)
    assert decisions(project) == [
        (1, "title-abstract", "A", "include", None, "decide"),
        (2, "title-abstract", "A", "unsure", None, "decide"),
    ]


def test_exclude_shows_reasons_and_a_digit_picks_one(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("e")
        picker = app.screen.query_one(ReasonPicker)
        assert picker.visible and app.screen.picking  # shown, without taking the focus
        shown = str(picker.render())
        assert "1  E1  Partnerships outside England only" in shown
        assert "7  E7" in shown and "E8" not in shown  # E8, E9 apply at full text only
        await pilot.press("i")  # decision keys do nothing while picking
        assert decisions(project) == []
        await pilot.press("3")
        assert not picker.visible
        assert app.screen.index == 1

    run_app(screen_app(tmp_path), body)
    assert decisions(project) == [(1, "title-abstract", "A", "exclude", "E3", "decide")]


def test_escape_cancels_the_reason_picker(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("e", "escape")
        assert not app.screen.query_one(ReasonPicker).visible
        assert app.screen.index == 0
        await pilot.press("9")  # no reason 9 at title/abstract, and not picking anyway
        assert app.screen.index == 0

    run_app(screen_app(tmp_path), body)
    assert decisions(project) == []


def test_undo_appends_and_returns_to_the_record(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("i", "e", "2")
        assert app.screen.index == 2
        await pilot.press("z")
        assert app.screen.index == 1
        assert "undecided" in status_text(app)
        await pilot.press("z")
        assert app.screen.index == 0

    run_app(screen_app(tmp_path), body)
    rows = decisions(project)
    assert len(rows) == 4
    assert rows[2] == (2, "title-abstract", "A", None, None, "undo")
    assert rows[3] == (1, "title-abstract", "A", None, None, "undo")
    assert project.store.current_decisions("title-abstract", "A")[(1, "A")].decision is None


def test_moving_next_undecided_and_search(tmp_path):
    make_project(tmp_path)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("j", "down", "right")
        assert screen.index == 3
        await pilot.press("k", "up")
        assert screen.index == 1
        await pilot.press("i")  # record 2 decided; moves to the next undecided (3)
        await pilot.press("k", "k", "g")
        assert screen.index == 2
        await pilot.press("slash")
        assert isinstance(app.screen, InputModal)
        await answer(pilot, "Smith")
        assert screen.index == 4
        await pilot.press("slash")  # the last term is offered again: enter finds the next
        assert app.screen.query_one(Input).value == "Smith"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.index == 0  # wrapped round to the other hit

    run_app(screen_app(tmp_path), body)


def test_note_and_tag_are_stored(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        await pilot.press("n")
        await answer(pilot, "check methods")
        await pilot.press("t")
        await answer(pilot, "qualitative")
        assert "Tags: qualitative" in status_text(app)
        assert "Note: check methods" in status_text(app)

    run_app(screen_app(tmp_path), body)
    assert project.store.notes(1, "A")[0][:2] == ("title-abstract", "check methods")
    assert project.store.tags(1, "A") == ["qualitative"]


def test_highlighter_spans():
    h = Highlighter.from_terms(["partnership*", "public health", "HImP*"], ["USA", "clinical"])
    text = "Partnerships, copartnership, public health, public healthcare, USA, HImPs, clinically"
    found = [(text[s:e], kind) for s, e, kind in h.spans(text)]
    assert found == [
        ("Partnerships", "include"),
        ("public health", "include"),
        ("USA", "exclude"),
        ("HImPs", "include"),
    ]
    assert Highlighter.from_terms([], []).spans("anything") == []
    assert highlighter(("a*",), ()) is highlighter(("a*",), ())  # compiled once


def styled_terms(app: ReviewApp) -> dict[str, str]:
    """Text -> style of each span in the record view that is not the whole-title bold."""
    content = app.screen.query_one("#record-text", Static).content
    return {
        content.plain[s.start : s.end]: str(s.style) for s in content.spans if s.style != "bold"
    }


def test_record_view_styles_protocol_terms_and_h_toggles(tmp_path):
    make_project(tmp_path)

    async def body(pilot, app):
        styled = styled_terms(app)
        for term in ("Health Action Zones", "partnerships", "evaluation", "inequalities"):
            assert "success" in styled[term], term
        await pilot.press("j")  # record 2 has exclusion terms
        styled = styled_terms(app)
        for term in ("clinical", "USA", "treatment", "United States", "randomised"):
            assert "error" in styled[term], term
        await pilot.press("h")
        assert all("success" not in s and "error" not in s for s in styled_terms(app).values())

    run_app(screen_app(tmp_path), body)


def test_blinding_hides_the_other_reviewer_until_both_decided(tmp_path):
    project = make_project(tmp_path)
    project.store.add_decision(1, "title-abstract", "A", "exclude", "E1")

    async def body(pilot, app):
        assert "hidden" in status_text(app)
        assert "A:" not in status_text(app) and "exclude" not in status_text(app)
        await pilot.press("i", "k")
        assert app.screen.index == 0
        assert "A: exclude" in status_text(app)

    run_app(screen_app(tmp_path, reviewer="B"), body)


def test_full_text_retrieval_marks_are_stored(tmp_path):
    project = make_project(tmp_path)
    pass_title_abstract(project, [1, 3])
    (project.root / "pdfs").mkdir()
    (project.root / "pdfs" / "smith.pdf").write_bytes(b"%PDF-1.4\n")

    async def body(pilot, app):
        screen = app.screen
        assert isinstance(screen, FullTextScreen)
        assert screen.session.order == [1, 3]
        assert "Full text: sought" in status_text(app)
        await pilot.press("r")
        await answer(pilot, "pdfs/missing.pdf")  # refused: no such file
        assert "Full text: sought" in status_text(app)
        await pilot.press("r")
        await answer(pilot, "pdfs/smith.pdf")  # in the project folder: stored relative
        assert "Full text: retrieved — pdfs/smith.pdf" in status_text(app)
        await pilot.press("j", "x", "enter")  # no reason: the dialog stays and says so
        assert isinstance(app.screen, InputModal)
        assert "A reason is needed" in str(app.screen.query_one("#hint", Label).content)
        await answer(pilot, "library closed")
        assert "not-retrieved — library closed" in status_text(app)
        await pilot.press("e")
        assert "E9" in str(screen.query_one(ReasonPicker).render())
        await pilot.press("9")

    run_app(screen_app(tmp_path, stage="full-text"), body)
    marks = project.store.current_retrieval()
    assert marks[1] == ("retrieved", "pdfs/smith.pdf", None)
    assert marks[3] == ("not-retrieved", None, "library closed")
    assert decisions(project)[-1] == (3, "full-text", "A", "exclude", "E9", "decide")


def test_retrieval_keys_only_at_full_text(tmp_path):
    project = make_project(tmp_path)

    async def body(pilot, app):
        active = {b.binding.action for b in app.screen.active_bindings.values()}
        assert "decide('include')" in active and "retrieved" not in active
        await pilot.press("r")
        assert isinstance(app.screen, ScreeningScreen)

    run_app(screen_app(tmp_path), body)
    assert project.store.current_retrieval() == {}


def test_help_lists_the_live_bindings_with_user_remaps(tmp_path, config_home):
    project = make_project(tmp_path)
    (config_home / "review").mkdir(parents=True)
    (config_home / "review" / "config.toml").write_text('[keys]\n"decide.include" = "y"\n')

    async def body(pilot, app):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        rows = dict((d, k) for k, d in app.screen.rows)
        assert rows["Include"] == "y"
        assert rows["Exclude"] == "e" and rows["Undo"] == "z" and rows["Back"] == "q"
        assert "Retrieved" not in rows  # not at title/abstract
        await pilot.press("escape", "y")

    run_app(screen_app(tmp_path), body)
    assert decisions(project) == [(1, "title-abstract", "A", "include", None, "decide")]


def test_long_abstracts_scroll_to_their_end(tmp_path):
    from review.base.models import ParsedRecord
    from review.project import init_project
    from review.tui.widgets.record_view import RecordView

    words = " ".join(f"word{i}" for i in range(900))
    with init_project(tmp_path / "p", PROTOCOL) as project:
        project.store.add_source(
            name="s",
            kind="database",
            records=[
                ParsedRecord(position=1, title="Short one", abstract="Brief."),
                ParsedRecord(position=2, title="Long one", abstract=words + " THE-END"),
                ParsedRecord(position=3, title="Short again", abstract="Brief too."),
            ],
        )

    async def body(pilot, app):
        view = app.screen.query_one(RecordView)
        text = app.screen.query_one("#record-text", Static)
        screen_lines = view.scrollable_content_region.height
        await pilot.press("j")
        await pilot.pause()
        assert text.size.height > screen_lines
        assert text.size.height % screen_lines == 0  # grew by whole screens
        assert view.max_scroll_y > 0
        for _ in range(text.size.height // screen_lines):
            await pilot.press("space")  # a screen further down each time
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y
        visible = [
            text.render_line(y).text
            for y in range(int(view.scroll_y), int(view.scroll_y) + screen_lines)
        ]
        assert any("THE-END" in line for line in visible)
        await pilot.press("b")
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y - screen_lines
        await pilot.press("j")
        await pilot.pause()
        assert text.size.height == screen_lines

    run_app(ReviewApp(tmp_path / "p", reviewer="A", start="screen"), body)


def test_l_lists_the_records_with_decision_and_full_text_status(tmp_path):
    project = make_project(tmp_path)
    pass_title_abstract(project, [1, 3, 4])
    project.store.set_retrieval(4, "not-retrieved", "A", reason="embargoed")

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i", "y")  # only sought: included once confirmed
        await pilot.press("l")
        assert isinstance(app.screen, RecordList)
        options = app.screen.query_one(OptionList)
        rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert len(rows) == 3
        assert "include" in rows[0] and "sought" in rows[1] and "not-retrieved" in rows[2]
        await pilot.press("down", "enter")  # the list opens at the current record (3)
        await pilot.pause()
        assert app.screen is screen and screen.record_id == 4

    run_app(screen_app(tmp_path, stage="full-text"), body)


def test_a_merged_record_shows_every_source_it_was_found_in(tmp_path):
    project = make_project(tmp_path)
    from review.base.models import ParsedRecord

    project.store.add_source(
        name="Second database",
        kind="database",
        records=[ParsedRecord(position=1, title="Dup", source_record_id="d9", doi="10.1/x")],
    )
    dup = max(project.store.record_ids())
    project.store.link_duplicate(dup, 2, "exact-doi", "auto", 1.0)

    async def body(pilot, app):
        await pilot.press("j")  # record 2, with no DOI of its own
        text = str(app.screen.query_one("#record-text", Static).content)
        assert "found in Test database (r2); Second database (d9)" in text
        assert app.screen.record.doi == "10.1/x"  # filled from its duplicate
        assert app.screen.record.title.startswith("A randomised trial")  # its own kept

    run_app(screen_app(tmp_path), body)


def test_key_settings_that_are_wrong_are_said_and_left_out(tmp_path, config_home):
    make_project(tmp_path)
    (config_home / "review").mkdir(parents=True)
    (config_home / "review" / "config.toml").write_text(
        '[keys]\n"decide.include" = "not a key!"\n"decide.includ" = "y"\n"move.search" = "f"\n'
    )

    async def body(pilot, app):
        said = [str(n.message) for n in app._notifications]
        assert any("'decide.includ' is not a key id" in m for m in said)
        assert any("'not a key!' is not a key" in m for m in said)
        await pilot.press("i")  # the default key still includes
        assert app.screen.session.decision(1).decision == "include"
        await pilot.press("f")
        assert isinstance(app.screen, InputModal)  # search remapped to f

    run_app(screen_app(tmp_path), body)


def test_a_config_path_that_is_a_folder_means_no_settings(tmp_path, config_home):
    make_project(tmp_path)
    (config_home / "review" / "config.toml").mkdir(parents=True)

    async def body(pilot, app):
        assert isinstance(app.screen, ScreeningScreen)

    run_app(screen_app(tmp_path), body)
