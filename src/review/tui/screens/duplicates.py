"""Possible duplicates, one pair at a time: the two records side by side, differences marked.

Decisions go to the dedup engine at the keypress (decide_pair; appended, latest counts).
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, ProgressBar, Static
from textual.worker import get_current_worker

from review.base.errors import ReviewError
from review.base.models import Record
from review.identification.dedup import Pair, decide_pair, pending_pairs
from review.identification.dedup.find import DedupCancelled, find_duplicates
from review.identification.dedup.merge import apply_certain, merged_pairs, withdraw_pair
from review.identification.dedup.merged import cluster_members
from review.project import Project, open_project
from review.tui.keys import bindings
from review.tui.live import Live
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.duplicate_sides import IN_CLUSTER, JOINED_TOO, cluster_lines, differing
from review.tui.widgets.duplicate_sides import sides as side_lines
from review.tui.widgets.key_footer import KeyFooter

PAIR_ACTIONS = {"decide", "next_undecided", "move", "list_records"}


def found_message(merged: int, queued: int) -> str:
    pairs = (
        "no possible pairs"
        if not queued
        else f"{queued} possible pair" + ("s" if queued > 1 else "")
    )
    return f"Merged {merged} certain duplicates; {pairs} queued for a person."


class DuplicatesScreen(Live, Screen[None]):
    """The queue of possible duplicate pairs (as found by the latest dedup run), or the
    merges made (m): j/k move through them, l lists them, d/s decide."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("dedup.duplicate", "dedup.separate", "decide.undo", "move.next"),
        *bindings("move.previous", "move.undecided", "move.list", "dedup.merged", "dedup.find"),
        *bindings("view.page_down", "view.page_up", "view.refresh", "dedup.cancel", "app.back"),
    ]
    DEFAULT_CSS = """
    DuplicatesScreen #progress { height: 1; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis; }
    DuplicatesScreen #why { height: auto; padding: 0 1; color: $text-muted; }
    DuplicatesScreen .side { width: 1fr; height: auto; padding: 0 1; border: round $primary; }
    DuplicatesScreen #pair Horizontal { height: auto; }
    DuplicatesScreen #finding { height: 1; padding: 0 1; display: none; }
    DuplicatesScreen #finding.running { display: block; }
    """

    def __init__(self, project: Project, reviewer: str) -> None:
        super().__init__()
        self.project = project
        self.reviewer = reviewer
        self.pairs: list[Pair] = pending_pairs(project)
        self.index: int | None = 0 if self.pairs else None
        # (pair, position, cluster links before the decision)
        self.history: list[tuple[Pair, int | None, dict[int, int]]] = []
        self.title = "Possible duplicates"
        self.sub_title = reviewer
        self.finding = False
        self.merged_mode = False  # browsing the merges made (to split one off) not the queue

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="status-area"):
            yield Static(id="progress")
            yield ProgressBar(id="finding", show_eta=False)
            yield Static(id="why")
        with VerticalScroll(id="pair", can_focus=False), Horizontal():
            yield Static(id="left", classes="side")
            yield Static(id="right", classes="side")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.start_live()
        self.draw()

    def on_resize(self) -> None:
        self.call_after_refresh(self.draw)  # the sides' width is known once laid out

    @property
    def pair(self) -> Pair | None:
        return self.pairs[self.index] if self.index is not None else None

    def open_indexes(self) -> list[int]:
        """Positions of the pairs still undecided (and not already in one cluster); of the
        merges, those still merged."""
        if self.merged_mode:
            links = self.project.store.duplicate_map()
            return [n for n, p in enumerate(self.pairs) if links.get(p.b) == p.a]
        still = {(p.a, p.b) for p in pending_pairs(self.project)}
        return [n for n, p in enumerate(self.pairs) if (p.a, p.b) in still]

    def load(self) -> None:
        """Pairs queued (or merges made) since, elsewhere, after those already listed: what
        this view has decided stays in its list and its count."""
        fresh = merged_pairs(self.project) if self.merged_mode else pending_pairs(self.project)
        known = {(p.a, p.b) for p in self.pairs}
        self.pairs += [p for p in fresh if (p.a, p.b) not in known]
        if self.index is None and self.pairs:
            self.index = 0

    def changed(self, parts: set[str]) -> None:
        if parts & {"duplicates", "records"} and not self.finding:
            self.load()
            self.draw()

    def action_toggle_merged(self) -> None:
        """Between the queue of possible pairs and the merges made (s splits one off)."""
        self.merged_mode = not self.merged_mode
        self.title = "Merged records" if self.merged_mode else "Possible duplicates"
        self.pairs = merged_pairs(self.project) if self.merged_mode else pending_pairs(self.project)
        self.index = 0 if self.pairs else None
        self.history.clear()
        self.refresh_bindings()
        self.draw()

    def draw(self) -> None:
        total = len(self.pairs)
        open_ = self.open_indexes()
        decided = total - len(open_)
        progress = (
            f"merged records: {total - decided} of {total} still merged, {decided} split off"
            if self.merged_mode
            else f"decided {decided} of {total} · {len(open_)} waiting"
        )
        self.query_one("#progress", Static).update(Content.styled(progress, "bold"))
        pair = self.pair
        left, right = self.query_one("#left", Static), self.query_one("#right", Static)
        why = self.query_one("#why", Static)
        left.display = right.display = pair is not None
        if pair is None or self.index is None:
            why.update(
                "Nothing is merged. Press m for the queue of possible duplicates."
                if self.merged_mode
                else "No possible duplicates waiting for a decision. "
                "Press f to look for duplicates among all records, m to see the merges."
            )
            return
        why.update(self.why_text(pair, open_))
        self.draw_sides(pair, left, right)

    def why_text(self, pair: Pair, open_: list[int]) -> str:
        n, total = (self.index or 0) + 1, len(self.pairs)
        if self.merged_mode:
            state = "s splits it off" if self.index in open_ else "split off · z puts it back"
            return f"Merge {n} of {total} · {pair.method} · score {pair.score:.2f} · " + (
                f"{pair.reason} · {state}"
            )
        verdict = self.decided_as(pair)
        return f"Pair {n} of {total} · score {pair.score:.2f} · {pair.method} · {pair.reason}" + (
            f" · decided: {verdict}" if verdict else ""
        )

    def draw_sides(self, pair: Pair, left: Static, right: Static) -> None:
        store = self.project.store
        a, b = store.record(pair.a), store.record(pair.b)
        links = store.duplicate_map()
        width = min(left.content_region.width, right.content_region.width) or None
        heading = IN_CLUSTER if self.merged_mode else JOINED_TOO
        left_lines, right_lines = side_lines(a, b, differing(a, b), width)
        left_lines += cluster_lines(self.others_merged(links, pair.a), pair.b, heading)
        right_lines += cluster_lines(self.others_merged(links, pair.b), pair.a, heading)
        left.update(Content("\n").join(left_lines))
        right.update(Content("\n").join(right_lines))

    def others_merged(self, links: dict[int, int], record_id: int) -> list[Record]:
        """The other records in this record's cluster."""
        members = cluster_members(links, record_id)
        return [self.project.store.record(r) for r in members if r != record_id]

    def decided_as(self, pair: Pair) -> str | None:
        found = self.project.store.pair_decisions().get((pair.a, pair.b))
        return None if found is None else ("duplicate" if found else "separate")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_find":
            return self.finding
        if self.finding:
            return action == "back"
        if action in PAIR_ACTIONS and self.pair is None:
            return None
        if self.merged_mode and action == "decide" and parameters == (True,):
            return False  # merged already: s splits
        return True

    # -- finding duplicates: a worker with its own connection, cancellable -------------------

    def action_find(self) -> None:
        self.finding = True
        bar = self.query_one("#finding", ProgressBar)
        bar.update(total=None, progress=0)
        bar.add_class("running")
        self.refresh_bindings()
        self.find()

    def action_cancel_find(self) -> None:
        for worker in self.workers:
            if worker.group == "find-duplicates":
                worker.cancel()

    @work(thread=True, exclusive=True, group="find-duplicates")
    def find(self) -> None:
        worker = get_current_worker()

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(
                self.query_one(ProgressBar).update, total=total, progress=done
            )

        message = ""
        try:
            with open_project(self.project.root) as project:
                result = find_duplicates(project, progress, lambda: worker.is_cancelled)
                merged = apply_certain(project, result, decided_by="auto")
                message = found_message(merged, len(pending_pairs(project)))
        except DedupCancelled:
            message = "Cancelled: nothing was changed."
        except ReviewError as exc:
            message = str(exc)
        self.app.call_from_thread(self.found, message)

    def found(self, message: str) -> None:
        self.finding = False
        self.merged_mode = False
        self.title = "Possible duplicates"
        self.query_one("#finding", ProgressBar).remove_class("running")
        self.refresh_bindings()
        self.pairs = pending_pairs(self.project)
        self.index = 0 if self.pairs else None
        self.draw()
        self.notify(message, timeout=8)

    # -- deciding ----------------------------------------------------------------------

    def advance(self) -> None:
        """The next undecided pair after the current one (wrapping); stays put when all are done."""
        open_ = self.open_indexes()
        if not open_:
            self.notify(
                "Every merge is split off."
                if self.merged_mode
                else f"All {len(self.pairs)} pairs are decided."
            )
            self.index = None if not self.pairs else self.index
        else:
            later = [n for n in open_ if n > (self.index or 0)]
            self.index = (later or open_)[0]
        self.draw()

    def action_decide(self, duplicate: bool) -> None:
        pair = self.pair
        if pair is None:
            return
        before = self.project.store.duplicate_map()
        try:
            decide_pair(self.project, pair.a, pair.b, duplicate, by=self.reviewer)
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.history.append((pair, self.index, before))
        self.advance()

    def action_undo(self) -> None:
        """Take back the last call on this screen: clusters as they were, the pair undecided."""
        if not self.history:
            self.notify("Nothing to undo on this screen.")
            return
        pair, index, before = self.history.pop()
        moved = withdraw_pair(self.project, pair.a, pair.b, before, self.reviewer)
        self.index = index
        back = f"; record {', '.join(map(str, moved))} back as before" if moved else ""
        self.notify(f"Pair {pair.a}–{pair.b} is undecided again{back}.")
        self.draw()

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.index is not None and 0 <= self.index + step < len(self.pairs):
            self.index += step
            self.draw()

    def action_next_undecided(self) -> None:
        open_ = self.open_indexes()
        later = [n for n in open_ if n > (self.index or 0)]
        if (later or open_) and (later or open_)[0] != self.index:
            self.index = (later or open_)[0]
            self.draw()
        else:
            self.notify("No other undecided pair.")

    def action_page(self, step: int) -> None:
        scroll = self.query_one("#pair", VerticalScroll)
        (scroll.scroll_page_down if step > 0 else scroll.scroll_page_up)(animate=False)

    def action_list_records(self) -> None:
        """Every pair of the queue (or merge) as a list: enter opens one."""
        store = self.project.store
        titles = store.titles({r for p in self.pairs for r in (p.a, p.b)})
        open_ = set(self.open_indexes())
        options = []
        for n, p in enumerate(self.pairs):
            state = (
                ("merged" if n in open_ else "split")
                if self.merged_mode
                else ("waiting" if n in open_ else self.decided_as(p) or "decided")
            )
            title = titles.get(p.a) or "(no title)"
            options.append((str(n), f"{state:<9} {p.a}–{p.b} {p.score:.2f} {title}"))
        heading = "Merges made" if self.merged_mode else "Possible duplicate pairs"

        def chosen(value: str | None) -> None:
            if value is not None:
                self.index = int(value)
                self.draw()

        current = str(self.index) if self.index is not None else None
        self.app.push_screen(ChoiceModal(heading, options, current), chosen)

    def action_back(self) -> None:
        if self.finding:  # leaving stops the search, which then writes nothing
            self.action_cancel_find()
            self.app.notify("Looking for duplicates was cancelled: nothing was changed.")
        self.app.pop_screen()
