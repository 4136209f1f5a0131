"""Possible duplicates, one pair at a time: the two records side by side, differences marked.

Decisions go to the dedup engine at the keypress (decide_pair; appended, latest counts).
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from textwrap import shorten

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from review.base.errors import ReviewError
from review.base.models import Record
from review.identification.dedup import Pair, decide_pair, pending_pairs
from review.identification.dedup.find import DedupCancelled, find_duplicates
from review.identification.dedup.merge import apply_certain, merged_pairs, withdraw_pair
from review.identification.dedup.merged import cluster_members
from review.project import Project, open_project
from review.reporting.exports.ris_writer import ris_type
from review.tui.keys import bindings

FIELDS = ("title", "authors", "year", "journal", "publisher", "volume", "issue", "pages",
          "doi", "pmid", "type", "source", "abstract")  # fmt: skip
ABSTRACT_SHOWN = 300  # characters of the abstract beside each other
WORDY = {"title", "authors", "journal", "publisher", "abstract", "source"}
LABEL = 10  # cells of the field names' column
JOINED_TOO = "already merged with it (joined too by d):"
IN_CLUSTER = "also in this cluster:"  # marked word by word
_WORD = re.compile(r"\S+")
DIFFERS = "bold $text-warning on $warning-muted"
# Key ids local to this screen (not in keys.KEYS).
PAIR_ACTIONS = {"decide", "skip"}


def field_value(record: Record, name: str) -> str:
    if name == "authors":
        return "; ".join(record.authors)
    if name == "source":
        return record.source_name + (
            f" ({record.source_record_id})" if record.source_record_id else ""
        )
    value = getattr(record, name)
    text = "" if value is None else str(value)
    if name == "abstract" and len(text) > ABSTRACT_SHOWN:
        text = text[:ABSTRACT_SHOWN].rsplit(" ", 1)[0] + " …"
    return text


def differing(a: Record, b: Record) -> set[str]:
    """Fields whose values differ (ignoring case and surrounding space; types written two
    ways, 'RPRT' and 'techreport', are one type)."""
    found = {
        name
        for name in FIELDS
        if field_value(a, name).strip().casefold() != field_value(b, name).strip().casefold()
    }
    if "type" in found and ris_type(a) == ris_type(b):
        found.discard("type")
    return found


def differing_words(text: str, other: str) -> list[tuple[int, int]]:
    """Character ranges of the runs of words in text that other lacks at that place (case and
    trailing punctuation aside): what to mark in a long field, rather than all of it."""
    words = list(_WORD.finditer(text))
    mine = [m.group().casefold().rstrip(".,;:") for m in words]
    theirs = [w.casefold().rstrip(".,;:") for w in _WORD.findall(other)]
    matcher = SequenceMatcher(None, mine, theirs, autojunk=False)
    return [
        (words[i1].start(), words[i2 - 1].end())
        for tag, i1, i2, _j1, _j2 in matcher.get_opcodes()
        if tag in ("replace", "delete")
    ]


def marked_value(record: Record, other: Record, name: str, differ: set[str]) -> Content:
    """One field's value, what differs from the other record marked."""
    text = field_value(record, name)
    value = Content(text or "—")
    if name in differ:
        other_text = field_value(other, name)
        if name in WORDY and text and other_text:
            for start, end in differing_words(text, other_text):
                value = value.stylize(DIFFERS, start, end)
        else:
            value = value.stylize(DIFFERS)
    return value


def sides(
    a: Record, b: Record, differ: set[str], width: int | None = None
) -> tuple[list[Content], list[Content]]:
    """The field lines of both records of a pair, what differs from the other marked (the
    words, in long fields). Given the width of a side, each field takes as many lines on both
    sides as its longer value, so that the two records stay level."""
    left = [Content.styled(f"Record {a.record_id}", "bold")]
    right = [Content.styled(f"Record {b.record_id}", "bold")]
    room = width - LABEL if width and width > LABEL + 10 else None
    for name in FIELDS:
        values = (marked_value(a, b, name, differ), marked_value(b, a, name, differ))
        wrapped = [value.wrap(room) if room else [value] for value in values]
        height = max(len(w) for w in wrapped)
        for lines, value_lines in zip((left, right), wrapped, strict=True):
            for n in range(height):
                label = f"{name:>{LABEL - 1}} " if n == 0 else " " * LABEL
                line = value_lines[n] if n < len(value_lines) else Content("")
                lines.append(Content.styled(label, "$text-muted") + line)
    return left, right


def cluster_lines(cluster: list[Record], beside: int, heading: str) -> list[Content]:
    """The other records of a side's cluster (not the record beside it), one line each."""
    others = [r for r in cluster if r.record_id != beside]
    if not others:
        return []
    lines = [Content.styled(heading, "bold")]
    for record in others:
        title = shorten(record.title or "(no title)", 60, placeholder=" …")
        lines.append(
            Content.styled(f"  {record.record_id} · {record.year or 'n.d.'} · {title}", "italic")
        )
    return lines


def side(
    record: Record,
    other: Record,
    differ: set[str],
    cluster: list[Record] | None = None,
    width: int | None = None,
    cluster_heading: str = JOINED_TOO,
) -> Content:
    """One record of the pair (see sides) and the records already merged with it."""
    lines = sides(record, other, differ, width)[0]
    lines += cluster_lines(cluster or [], other.record_id, cluster_heading)
    return Content("\n").join(lines)


class DuplicatesScreen(Screen[None]):
    """The queue of possible duplicate pairs (as found by the latest dedup run)."""

    AUTO_FOCUS = ""
    BINDINGS = bindings("dedup", "decide.undo", "app.back")
    DEFAULT_CSS = """
    DuplicatesScreen #progress { height: 1; padding: 0 1; background: $boost; }
    DuplicatesScreen #why { height: auto; padding: 0 1; color: $text-muted; }
    DuplicatesScreen .side { width: 1fr; height: auto; padding: 0 1; border: round $primary; }
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
        yield Static(id="progress")
        yield ProgressBar(id="finding", show_eta=False)
        yield Static(id="why")
        with Horizontal():
            yield Static(id="left", classes="side")
            yield Static(id="right", classes="side")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
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
            else f"decided {decided} of {total}"
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
        store = self.project.store
        a, b = store.record(pair.a), store.record(pair.b)
        if self.merged_mode:
            why.update(
                f"Merged record {self.index + 1} of {total} · {pair.method} · score"
                f" {pair.score:.2f} · {pair.reason} · "
                + ("s splits it off" if self.index in open_ else "split off · z puts it back")
            )
        else:
            verdict = self.decided_as(pair)
            why.update(
                f"Pair {self.index + 1} of {total} · score {pair.score:.2f} · {pair.method}"
                f" · {pair.reason}" + (f" · decided: {verdict}" if verdict else "")
            )
        links = store.duplicate_map()
        width = min(left.content_region.width, right.content_region.width) or None
        heading = IN_CLUSTER if self.merged_mode else JOINED_TOO
        left_lines, right_lines = sides(a, b, differing(a, b), width)
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
            message = f"Merged {merged} certain duplicates; possible pairs queued."
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
        self.notify(message)

    def advance(self) -> None:
        """The next undecided pair after the current one (wrapping); stays put when all are done."""
        open_ = self.open_indexes()
        if not open_:
            self.notify(
                "Every merge is split off." if self.merged_mode
                else f"All {len(self.pairs)} pairs are decided."
            )  # fmt: skip
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

    def action_skip(self) -> None:
        open_ = self.open_indexes()
        later = [n for n in open_ if n > (self.index or 0)]
        if (later or open_) and (later or open_)[0] != self.index:
            self.index = (later or open_)[0]
            self.draw()
        else:
            self.notify("No other undecided pair.")

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

    def action_back(self) -> None:
        if self.finding:  # leaving stops the search, which then writes nothing
            self.action_cancel_find()
            self.app.notify("Looking for duplicates was cancelled: nothing was changed.")
        self.app.pop_screen()
