"""Pilot tests of the appraisal view: design, answer keys, justification, number, blinding."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import Input, Static

from review.appraisal.setup import appraisal_setup
from review.storage.appraisal import DESIGN_CHECKLIST
from review.tui.screens.appraisal import AppraisalScreen
from review.tui.widgets.design_picker import DesignPicker
from review.tui.widgets.input_modal import InputModal
from support.appraisal import answer_all, include_studies

A, B = "Reviewer A", "Reviewer B"
QL, QN = "partnerships-qualitative", "partnerships-quantitative"


def drive(project, reviewer, body) -> None:
    class _App(App):
        def on_mount(self) -> None:
            self.push_screen(AppraisalScreen(project, reviewer))

    async def main() -> None:
        app = _App()
        async with app.run_test(size=(130, 40)) as pilot:
            await pilot.pause()
            await body(pilot, app)

    asyncio.run(main())


def text(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def mine(project, reviewer=A):
    return {
        (k[0], k[2]): a.answer
        for k, a in project.store.current_answers().items()
        if k[3] == reviewer and a.answer
    }


def test_design_then_answer_keys_move_through_the_items(project):
    ids = include_studies(project, 2)

    async def body(pilot, app):
        screen = app.screen
        assert "Press d to record" in text(app, "#form")
        assert "Partners in health?" in text(app, "#citation")
        await pilot.press("y")  # no design yet: nothing recorded
        await pilot.press("d")
        assert isinstance(app.screen, DesignPicker)
        await pilot.press("1")  # qualitative
        assert app.screen is screen
        await pilot.press("y", "n", "c", "x")
        assert screen.item_index == 4
        await pilot.press("k", "y")  # revise QL4
        assert "answered 4/10" in text(app, "#appraise-progress")
        assert "▶ QL5" in text(app, "#form")

    drive(project, A, body)
    assert project.store.current_designs() == {(ids[0], A): "qualitative"}
    assert mine(project) == {
        (ids[0], "QL1"): "y",
        (ids[0], "QL2"): "n",
        (ids[0], "QL3"): "c",
        (ids[0], "QL4"): "y",
    }


def test_enter_records_justification_and_quote_then_v_the_number(project):
    ids = include_studies(project, 1)

    async def body(pilot, app):
        await pilot.press("d", "2")  # quantitative
        await pilot.press("j", "j", "j")  # QN4, baseline response
        await pilot.press("n", "k")
        await pilot.press("enter")
        assert isinstance(app.screen, InputModal)
        app.screen.query_one(Input).value = "52% responded at baseline"
        await pilot.press("enter")
        app.screen.query_one(Input).value = "p. 7"
        await pilot.press("enter")
        await pilot.press("v")
        app.screen.query_one(Input).value = "52"
        await pilot.press("enter")
        await pilot.pause()
        assert "52%" in text(app, "#form")
        assert "Baseline response: 52%" in text(app, "#detail")

    drive(project, A, body)
    answer = project.store.current_answers()[(ids[0], QN, "QN4", A)]
    assert (answer.answer, answer.justification, answer.quote, answer.value) == (
        "n",
        "52% responded at baseline",
        "p. 7",
        52.0,
    )


def test_undo_and_moving_between_studies(project):
    ids = include_studies(project, 2)

    async def body(pilot, app):
        await pilot.press("d", "1", "y", "z")
        assert app.screen.item_index == 0
        await pilot.press("right_square_bracket")
        assert app.screen.study_index == 1
        assert "Elston 2005" in text(app, "#citation")
        await pilot.press("left_square_bracket")
        assert app.screen.study_index == 0

    drive(project, A, body)
    assert mine(project) == {}
    history = project.store.conn.execute("SELECT count(*) FROM appraisals").fetchone()[0]
    assert history == 2 and ids


def test_others_are_hidden_until_both_finish_then_a_conflict_can_be_agreed(project):
    ids = include_studies(project, 1)
    answer_all(project, ids[0], B, overrides={"QL2": "n"})

    async def body(pilot, app):
        assert "hidden until you both finish" in text(app, "#detail")
        await pilot.press("d", "1")
        for _ in range(9):
            await pilot.press("y")
        assert "Reviewer B" not in text(app, "#form")
        await pilot.press("y")  # the last item: now both have finished
        form = text(app, "#form")
        assert "B: Yes" in form and "≠" in form
        await pilot.press("g")  # nothing unanswered
        for _ in range(9):
            await pilot.press("k")
        await pilot.press("j")  # QL2
        await pilot.press("r")
        app.screen.query_one(Input).value = "no"
        await pilot.press("enter")
        app.screen.query_one(Input).value = "talked it through"
        await pilot.press("enter")
        await pilot.pause()
        assert "agreed No" in text(app, "#form")

    drive(project, A, body)
    resolved = project.store.current_appraisal_resolutions()[(ids[0], QL, "QL2")]
    assert (resolved.answer, resolved.method, resolved.decided_by, resolved.note) == (
        "n",
        "consensus",
        A,
        "talked it through",
    )


def test_no_included_studies(project):
    async def body(pilot, app):
        assert "No included studies" in text(app, "#appraise-progress")
        await pilot.press("y", "j", "d", "enter")
        assert isinstance(app.screen, AppraisalScreen)

    drive(project, A, body)


def test_differing_designs_are_agreed_with_r_then_everyone_answers_that_design(project):
    ids = include_studies(project, 1)
    answer_all(project, ids[0], B, design="quantitative")
    designs = list(appraisal_setup(project).designs)

    async def body(pilot, app):
        await pilot.press("d", str(designs.index("qualitative") + 1))
        for _ in range(10):
            await pilot.press("y")
        assert "differs (Reviewer A qualitative / Reviewer B quantitative)" in text(
            app, "#appraise-progress"
        )
        await pilot.press("r")
        assert isinstance(app.screen, DesignPicker)
        await pilot.press(str(designs.index("quantitative") + 1))
        app.screen.query_one(Input).value = "the survey is the main method"
        await pilot.press("enter")
        await pilot.pause()
        assert "quantitative (agreed)" in text(app, "#appraise-progress")
        assert "QN1" in text(app, "#form") and "QL1" not in text(app, "#form")

    drive(project, A, body)
    agreed = project.store.current_appraisal_resolutions()[(ids[0], DESIGN_CHECKLIST, "design")]
    assert (agreed.answer, agreed.method, agreed.note) == (
        "quantitative",
        "consensus",
        "the survey is the main method",
    )
    assert project.store.current_designs()[(ids[0], A)] == "qualitative"  # originals kept


def test_an_item_with_a_number_is_agreed_with_its_number(project):
    from review.appraisal.answers import record_answer

    ids = include_studies(project, 1)
    setup = appraisal_setup(project)
    for who, rate in ((A, 72), (B, 65)):
        answer_all(project, ids[0], who, "quantitative")
        record_answer(project, setup, ids[0], QN, "QN4", who, "y", value=rate)

    async def body(pilot, app):
        screen = app.screen
        items = [i.code for _c, i in screen.session.items(ids[0])]
        screen.item_index = items.index("QN4")
        screen.draw()
        assert "≠" in text(app, "#form")
        await pilot.press("r")
        app.screen.query_one(Input).value = "yes"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(Input).value == "72"  # a reviewer's number offered
        app.screen.query_one(Input).value = "70"
        await pilot.press("enter")
        await pilot.pause()
        app.screen.query_one(Input).value = "re-counted from table 2"
        await pilot.press("enter")
        await pilot.pause()
        assert "agreed Yes" in text(app, "#form")

    drive(project, A, body)
    agreed = project.store.current_appraisal_resolutions()[(ids[0], QN, "QN4")]
    assert (agreed.answer, agreed.value, agreed.note) == ("y", 70, "re-counted from table 2")


def test_the_overall_judgement_after_the_items_with_its_justification(tmp_path):
    from test_overall import overall_project

    from review.appraisal.overall import judgements
    from review.tui.widgets.choice import ChoiceModal

    project = overall_project(tmp_path)
    ids = include_studies(project, 1)
    answer_all(project, ids[0], B)
    project.store.add_judgement(ids[0], B, "low", "small sample")

    async def body(pilot, app):
        await pilot.press("d", "1")
        for _ in range(10):
            await pilot.press("y")
        screen = app.screen
        assert screen.on_overall() and "▶ Overall judgement" in text(app, "#form")
        assert "B: Low quality" in text(app, "#form") and "≠" not in text(app, "#form")
        await pilot.press("y")  # an answer key here says how to give it
        await pilot.press("enter")
        assert isinstance(app.screen, ChoiceModal)
        await pilot.press("1")
        app.screen.query_one(Input).value = "clear aims, rich data"
        await pilot.press("enter")
        await pilot.pause()
        assert "Overall judgement High quality ✎" in text(app, "#form")
        assert "≠ r agrees" in text(app, "#form")
        await pilot.press("r", "2")  # agree: moderate, then a note
        app.screen.query_one(Input).value = "met in the middle"
        await pilot.press("enter")
        await pilot.pause()
        assert "agreed Moderate quality" in text(app, "#form")
        await pilot.press("k")
        assert not screen.on_overall()

    drive(project, A, body)
    mine = judgements(project, ids[0])[(ids[0], A)]
    assert (mine.judgement, mine.justification) == ("high", "clear aims, rich data")
