"""Pilot tests of the duplicates screen on the demo lists: duplicate, separate, skip, undo."""

from __future__ import annotations

import asyncio

from textual.app import App
from textual.widgets import Static

from places import EXAMPLES
from review.identification.dedup import apply_certain, find_duplicates, pending_pairs
from review.identification.importing import import_file
from review.tui.screens.duplicates import DuplicatesScreen, found_message
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.duplicate_sides import DIFFERS, differing, differing_words, side


def queue_demo(project) -> None:
    """Import the demo reference lists; merge the certain pairs and queue the possible ones."""
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix in {".ris", ".bib", ".csv"}:
            import_file(project.store, path, source=path.stem)
    apply_certain(project, find_duplicates(project))


def run(project, body) -> None:
    class _App(App):
        def on_mount(self) -> None:
            self.push_screen(DuplicatesScreen(project, "ana"))

    async def main() -> None:
        app = _App()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            await body(pilot, app)

    asyncio.run(main())


def text(app: App, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def pair_rows(project) -> list[tuple]:
    return project.store.conn.execute(
        "SELECT record_a, record_b, duplicate, decided_by FROM dedup_decisions ORDER BY decision_id"
    ).fetchall()


def test_duplicate_and_separate_are_stored(project) -> None:
    queue_demo(project)
    queued = pending_pairs(project)
    assert len(queued) >= 3
    first, second = queued[0], queued[1]
    links_before = project.store.duplicate_map()

    async def body(pilot, app):
        screen = app.screen
        total = len(queued)
        assert f"decided 0 of {total}" in text(app, "#progress")
        assert f"Record {first.a}" in text(app, "#left")
        assert f"Record {first.b}" in text(app, "#right")
        await pilot.press("d")
        assert f"decided 1 of {total}" in text(app, "#progress")
        assert screen.pair == second
        await pilot.press("s")
        assert f"decided 2 of {total}" in text(app, "#progress")
        assert screen.pair == queued[2]

    run(project, body)
    assert pair_rows(project) == [(first.a, first.b, 1, "ana"), (second.a, second.b, 0, "ana")]
    links = project.store.duplicate_map()
    assert links.get(first.a, first.a) == links.get(first.b, first.b)
    assert links.get(second.a, second.a) != links.get(second.b, second.b)
    new = {r: c for r, c in links.items() if links_before.get(r) != c}
    assert set(new) & {first.a, first.b}
    rows = project.store.conn.execute(
        "SELECT method, decided_by FROM duplicate_links WHERE decided_by = 'ana'"
    ).fetchall()
    assert rows and all(r == ("manual", "ana") for r in rows)
    remaining = {(p.a, p.b) for p in pending_pairs(project)}
    assert (first.a, first.b) not in remaining and (second.a, second.b) not in remaining


def test_skip_moves_on_without_writing_and_wraps(project) -> None:
    queue_demo(project)
    queued = pending_pairs(project)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("g")
        assert screen.pair == queued[1]
        await pilot.press("g")
        assert screen.pair == queued[2]
        for _ in range(len(queued) - 2):
            await pilot.press("g")
        assert screen.pair == queued[0]

    run(project, body)
    assert pair_rows(project) == []


def test_undo_takes_a_call_back_and_the_pair_is_undecided_again(project) -> None:
    queue_demo(project)
    first, second = pending_pairs(project)[:2]
    links_before = project.store.duplicate_map()

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("d")
        assert screen.pair == second
        await pilot.press("s", "z")  # the separate call on the second pair taken back
        assert screen.pair == second and "decided" not in text(app, "#why")
        await pilot.press("z")  # and the merge of the first
        assert screen.pair == first and "decided" not in text(app, "#why")
        assert "decided 0 of" in text(app, "#progress")
        await pilot.press("z")  # nothing more to undo: a notice, no error

    run(project, body)
    assert project.store.duplicate_map() == links_before
    assert [r[2] for r in pair_rows(project)] == [1, 0, -1, -1]  # appended, never rewritten
    assert pending_pairs(project)[:2] == [first, second]  # both back in the queue


def test_differences_are_marked(project) -> None:
    queue_demo(project)
    store = project.store
    pair = pending_pairs(project)[0]
    a, b = store.record(pair.a), store.record(pair.b)
    differ = differing(a, b)
    assert differ  # a possible pair is never identical everywhere

    async def body(pilot, app):
        left = app.screen.query_one("#left", Static).render()
        styled = {str(left)[s.start : s.end] for s in left.spans if s.style == DIFFERS}
        assert styled

    run(project, body)


def test_only_the_words_that_differ_are_marked_in_long_fields(project) -> None:
    title = "Evaluation of local strategic partnerships: interim report"
    other = "Evaluation of Local Strategic Partnerships: final report."
    assert [title[s:e] for s, e in differing_words(title, other)] == ["interim"]
    assert [other[s:e] for s, e in differing_words(other, title)] == ["final"]
    assert differing_words("A study", "A study of partnerships") == []  # nothing of A's lacks
    queue_demo(project)
    pair = pending_pairs(project)[0]
    a, b = project.store.record(pair.a), project.store.record(pair.b)
    marked = side(a, b, {"title", "year"})
    styled = [str(marked)[s.start : s.end] for s in marked.spans if s.style == DIFFERS]
    assert str(a.year) in styled  # a short field is marked whole
    for words in styled:
        if words != str(a.year):
            assert words in (a.title or "") and words.casefold() not in (b.title or "").casefold()


def test_empty_queue_says_so(project) -> None:
    async def body(pilot, app):
        assert "No possible duplicates" in text(app, "#why")
        assert "decided 0 of 0" in text(app, "#progress")
        await pilot.press("d", "s", "space", "z", "q")
        assert not isinstance(app.screen, DuplicatesScreen)

    run(project, body)
    assert pair_rows(project) == []


def test_f_finds_duplicates_in_the_background(project) -> None:
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix in {".ris", ".bib", ".csv"}:
            import_file(project.store, path, source=path.stem)

    async def body(pilot, app):
        assert "Press f to look for duplicates" in text(app, "#why")
        await pilot.press("f")
        for _ in range(200):
            await pilot.pause(0.05)
            if not app.screen.finding:
                break
        assert not app.screen.finding
        assert app.screen.pairs, "possible pairs are shown once found"
        assert "Pair 1 of" in text(app, "#why")
        queued = len(app.screen.pairs)
        said = [n.message for n in app._notifications]
        assert any(f"; {queued} possible pairs queued for a person" in m for m in said), said

    run(project, body)
    merged = len(project.store.duplicate_map())
    assert merged > 0
    assert len(pending_pairs(project)) > 0


def test_each_side_shows_the_records_already_merged_with_it(project) -> None:
    queue_demo(project)
    pair = pending_pairs(project)[0]
    other = next(r for r in project.store.record_ids() if r not in (pair.a, pair.b))
    project.store.link_duplicate(other, pair.a, "by-hand", "ana")

    async def body(pilot, app):
        left = str(app.screen.query_one("#left", Static).render())
        right = str(app.screen.query_one("#right", Static).render())
        assert "already merged with it" in left and f"{other} · " in left
        assert "already merged" not in right
        assert "abstract" in left and "source" in left

    run(project, body)


def test_the_fields_of_both_sides_stay_level_when_a_value_wraps(project) -> None:
    queue_demo(project)
    total = len(pending_pairs(project))

    async def body(pilot, app):
        await pilot.pause()
        wrapped = 0
        for _ in range(total):
            left = text(app, "#left").splitlines()
            right = text(app, "#right").splitlines()
            rows = [next(n for n, line in enumerate(lines) if line.lstrip().startswith("year "))
                    for lines in (left, right)]  # fmt: skip
            assert rows[0] == rows[1], (left, right)
            wrapped += rows[0] > 4  # the title or authors took more than one line
            await pilot.press("j")
        assert wrapped  # some pair of the demo wraps at this width

    run(project, body)


def test_m_shows_the_merges_and_s_splits_one_off_z_puts_it_back(project) -> None:
    queue_demo(project)
    merged_before = project.store.duplicate_map()
    assert merged_before

    async def body(pilot, app):
        await pilot.press("m")
        assert app.screen.title == "Merged records"
        assert "still merged, 0 split off" in text(app, "#progress")
        first = app.screen.pair
        assert merged_before[first.b] == first.a and "merged by auto" in text(app, "#why")
        made = {r[0]: r[2:5] for r in project.store.current_links()}[first.b]
        await pilot.press("d")  # already merged: nothing happens
        assert project.store.duplicate_map() == merged_before
        await pilot.press("s")
        assert first.b not in project.store.duplicate_map()  # split off
        assert "1 split off" in text(app, "#progress")
        await pilot.press("z")
        assert project.store.duplicate_map() == merged_before  # back in its cluster
        restored = {r[0]: r[2:5] for r in project.store.current_links()}[first.b]
        assert restored[0] == made[0] != "undo" and restored[2] == "auto"  # as it was made
        await pilot.press("m")
        assert app.screen.title == "Possible duplicates"

    run(project, body)


def test_j_and_k_move_both_ways_and_l_lists_the_queue_and_the_merges(project) -> None:
    queue_demo(project)
    queued = pending_pairs(project)

    async def body(pilot, app):
        screen = app.screen
        await pilot.press("j", "j")
        assert screen.pair == queued[2]
        await pilot.press("k")
        assert screen.pair == queued[1]
        await pilot.press("l")
        assert isinstance(app.screen, ChoiceModal) and len(app.screen.options) == len(queued)
        assert app.screen.options[0][1].startswith("waiting")
        await pilot.press("3")
        assert app.screen is screen and screen.pair == queued[2]
        await pilot.press("m", "l")  # the merges made, as a list too
        assert app.screen.options[0][1].startswith("merged")
        await pilot.press("escape")

    run(project, body)


def test_the_find_message_says_when_no_pair_is_queued() -> None:
    assert (
        found_message(0, 0) == "Merged 0 certain duplicates; no possible pairs queued for a person."
    )
    assert (
        found_message(2, 1) == "Merged 2 certain duplicates; 1 possible pair queued for a person."
    )
