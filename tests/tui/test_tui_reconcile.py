"""Pilot tests of the reconcile screen: resolutions appended with method and note, revisable."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import Static

from review.base.models import ParsedRecord
from review.tui.screens.reconcile import ReconcileScreen
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.reason_picker import ReasonPicker

STAGE = "title-abstract"


def add_records(project, n: int = 3) -> list[int]:
    records = [
        ParsedRecord(
            position=i,
            source_record_id=f"r{i}",
            title=f"Partnership working study {i}",
            authors=["Smith, K.", "Hunter, D."],
            year=2000 + i,
            journal="Policy and Politics",
        )
        for i in range(1, n + 1)
    ]
    project.store.add_source(name="db", kind="database", records=records)
    return project.store.record_ids()


def with_conflicts(project) -> list[int]:
    """Records 1 and 2 in conflict between A and B; record 3 agreed."""
    ids = add_records(project)
    store = project.store
    store.add_decision(ids[0], STAGE, "A", "include", note="fits")
    store.add_decision(ids[0], STAGE, "B", "exclude", "E3")
    store.add_decision(ids[1], STAGE, "A", "exclude", "E1")
    store.add_decision(ids[1], STAGE, "B", "include")
    store.add_decision(ids[2], STAGE, "A", "include")
    store.add_decision(ids[2], STAGE, "B", "include")
    return ids


def run(project, body, stage: str = STAGE) -> None:
    class _App(App):
        def on_mount(self) -> None:
            self.push_screen(ReconcileScreen(project, "C", stage))

    async def main() -> None:
        app = _App()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await body(pilot, app)

    asyncio.run(main())


def text(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def resolutions(project) -> list[tuple]:
    return project.store.conn.execute(
        "SELECT record_id, stage, decision, reason, method, decided_by, note FROM resolutions"
        " ORDER BY resolution_id"
    ).fetchall()


def decision_rows(project) -> list[tuple]:
    return project.store.conn.execute("SELECT * FROM decisions ORDER BY decision_id").fetchall()


def test_shows_conflicts_votes_and_progress(project) -> None:
    ids = with_conflicts(project)

    async def body(pilot, app):
        screen = app.screen
        assert [c.record_id for c in screen.conflicts] == ids[:2]
        assert "resolved 0 of 2" in text(app, "#progress")
        assert "consensus" in text(app, "#progress")
        assert "Partnership working study 1" in text(app, "#record")
        assert "Smith, K." in text(app, "#record") and "2001" in text(app, "#record")
        first, second = text(app, "#vote-0"), text(app, "#vote-1")
        assert "A" in first and "include" in first and "fits" in first
        assert "B" in second and "exclude" in second and "E3" in second
        await pilot.press("j")
        assert screen.index == 1 and "study 2" in text(app, "#record")
        await pilot.press("k")
        assert screen.index == 0

    run(project, body)


def test_resolving_appends_with_method_note_and_leaves_decisions(project) -> None:
    ids = with_conflicts(project)
    before = decision_rows(project)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("m")
        assert screen.method == "third-reviewer"
        assert "third-reviewer" in text(app, "#progress")
        await pilot.press("n")
        assert isinstance(app.screen, InputModal)
        await pilot.press(*"talked it over", "enter")
        assert app.screen is screen and screen.note == "talked it over"
        await pilot.press("e")
        picker = screen.query_one(ReasonPicker)
        assert picker.visible and app.screen.picking  # shown, without taking the focus
        await pilot.press("i")  # decision keys do nothing while picking
        assert resolutions(project) == []
        await pilot.press("3")
        assert not picker.visible
        assert screen.note is None
        assert "resolved 1 of 2" in text(app, "#progress")
        # the unresolved conflict comes first, now the current one
        assert screen.conflict.record_id == ids[1]
        await pilot.press("i")
        assert "resolved 2 of 2" in text(app, "#progress")

    run(project, body)
    assert resolutions(project) == [
        (ids[0], STAGE, "exclude", "E3", "third-reviewer", "C", "talked it over"),
        (ids[1], STAGE, "include", None, "third-reviewer", "C", None),
    ]
    assert decision_rows(project) == before


def test_revising_a_resolution_appends(project) -> None:
    ids = with_conflicts(project)
    before = decision_rows(project)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("i")  # record 1 included; record 2 now first
        assert screen.conflicts[-1].record_id == ids[0]
        assert "✓" in text(app, "#conflict-list")
        await pilot.press("j")
        assert screen.conflict.record_id == ids[0]
        assert "Resolved: include" in text(app, "#resolution")
        await pilot.press("u")
        assert screen.conflict.record_id == ids[1]  # back to the open one

    run(project, body)
    assert resolutions(project) == [
        (ids[0], STAGE, "include", None, "consensus", "C", None),
        (ids[0], STAGE, "unsure", None, "consensus", "C", None),
    ]
    assert project.store.current_resolutions(STAGE)[ids[0]][0] == "unsure"
    assert decision_rows(project) == before


def test_full_text_exclusion_needs_a_reason_and_escape_cancels(project) -> None:
    ids = add_records(project, 1)
    project.store.add_decision(ids[0], "full-text", "A", "include")
    project.store.add_decision(ids[0], "full-text", "B", "exclude", "E8")

    async def body(pilot, app):
        picker = app.screen.query_one(ReasonPicker)
        await pilot.press("e")
        assert picker.required and "required" in str(picker.render())
        await pilot.press("escape")
        assert not picker.visible and resolutions(project) == []
        await pilot.press("e", "1")

    run(project, body, stage="full-text")
    assert resolutions(project) == [(ids[0], "full-text", "exclude", "E1", "consensus", "C", None)]


def test_no_conflicts_says_so_and_q_goes_back(project) -> None:
    add_records(project)

    async def body(pilot, app):
        assert "No conflicts" in text(app, "#record")
        assert "resolved 0 of 0" in text(app, "#progress")
        await pilot.press("i", "j")  # nothing to act on
        await pilot.press("q")
        assert not isinstance(app.screen, ReconcileScreen)

    run(project, body)
    assert resolutions(project) == []


def test_notes_from_screening_titles_and_the_resolution_note_are_shown(project) -> None:
    ids = with_conflicts(project)
    project.store.add_note(ids[1], STAGE, "B", "only the abstract mentions England")
    project.store.add_note(ids[1], "full-text", "B", "a note from another stage")
    project.store.add_resolutions([(ids[0], STAGE, "include", None, "consensus", "A", "agreed")])

    async def body(pilot, app):
        listing = text(app, "#conflict-list")
        assert "Partnership working" in listing
        assert app.screen.conflict.record_id == ids[1]  # unresolved first
        second = text(app, "#vote-1")
        assert "only the abstract mentions England" in second
        assert "another stage" not in second
        await pilot.press("j")
        assert "note: agreed" in text(app, "#resolution")

    run(project, body)


def test_the_whole_record_both_votes_undo_and_the_count(project) -> None:
    ids = with_conflicts(project)
    store = project.store
    store.add_note(ids[1], STAGE, "B", "mentions England")

    async def body(pilot, app):
        screen = app.screen
        head = text(app, "#record")
        assert "Partnership working study 1" in head and "Smith, K.; Hunter, D." in head
        assert "Policy and Politics, 2001" in head
        assert "include" in text(app, "#vote-0") and "note: fits" in text(app, "#vote-0")
        assert "E3 Aimed at clinical care" in text(app, "#vote-1")
        assert "2 waiting" in text(app, "#progress")
        await pilot.press("i")
        assert "1 waiting" in text(app, "#progress")  # the count goes down
        assert screen.conflict.record_id == ids[1]
        await pilot.press("z")  # the resolution taken back (appended)
        assert "2 waiting" in text(app, "#progress")
        assert screen.conflict.record_id == ids[0] and "Unresolved" in text(app, "#resolution")
        await pilot.press("z")  # nothing more from this view
        assert "2 waiting" in text(app, "#progress")

    run(project, body)
    assert resolutions(project) == [(ids[0], STAGE, "include", None, "consensus", "C", None)]
    assert project.store.current_resolutions(STAGE) == {}


def test_the_abstract_is_highlighted_and_the_agreement_one_key_away(project) -> None:
    project.store.add_source(
        name="db",
        kind="database",
        records=[
            ParsedRecord(position=1, title="Partnerships in England",
                         abstract="Local partnerships and health inequalities in the USA."),
        ],
    )  # fmt: skip
    [rid] = project.store.record_ids()
    project.store.add_decision(rid, STAGE, "A", "include")
    project.store.add_decision(rid, STAGE, "B", "exclude", "E1")

    async def body(pilot, app):
        content = app.screen.query_one("#abstract", Static).content
        styled = {content.plain[s.start : s.end] for s in content.spans}
        assert {"partnerships", "USA"} <= styled
        await pilot.press("a")
        shown = str(app.screen.query_one("#agreement", Static).content)
        assert "1 records decided by both" in shown and "rows: A · columns: B" in shown
        assert "Percent agreement  0.0%" in shown and "PABAK" in shown and "kappa" in shown
        await pilot.press("escape")
        await pilot.press("h")  # highlighting off
        content = app.screen.query_one("#abstract", Static).content
        assert not content.spans

    run(project, body)


def test_a_note_right_after_a_resolution_goes_with_it(project) -> None:
    ids = with_conflicts(project)

    async def body(pilot, app):
        await pilot.press("e", "1", "n")
        assert isinstance(app.screen, InputModal)
        assert app.screen.prompt == f"Note on record {ids[0]}'s resolution, just made"
        app.screen.query_one("#answer").value = "agreed at the meeting"
        await pilot.press("enter")
        await pilot.press("j", "n")  # after a move: a note for the next resolution
        assert app.screen.prompt.startswith(f"Note for record {ids[0]}'s resolution")

    run(project, body)
    assert resolutions(project)[-1][-1] == "agreed at the meeting"
    assert project.store.current_resolutions(STAGE)[ids[0]][:2] == ("exclude", "E1")
