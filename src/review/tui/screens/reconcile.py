"""Reconciling one stage: each conflict with every reviewer's vote, a key per agreed outcome.

Resolutions are appended (reconcile.resolve); the reviewers' own decisions are never changed,
and a resolved conflict can be revised (the latest resolution counts).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from review.base.errors import ReviewError
from review.base.models import Decision
from review.identification.dedup import filled, members_by_canonical
from review.project import Project
from review.screening import reconcile
from review.screening.outcomes import is_last_stage
from review.screening.queue import found_in
from review.tui.keys import bindings
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.reason_picker import PICKER_ACTIONS, PicksReasons, ReasonPicker
from review.tui.widgets.record_status import decision_text
from review.tui.widgets.record_view import authors_line, citation

STAGE_TITLES = {
    "title-abstract": "Reconciling titles and abstracts",
    "full-text": "Reconciling full texts",
}
CONFLICT_ACTIONS = {"decide", "exclude", "move", "note", "toggle_method"}


class ReconcileScreen(PicksReasons, Screen[None]):
    """Every conflict at a stage; i / e / u record the agreed decision for the current one."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("decide.include", "decide.exclude", "decide.unsure", "record.note"),
        *bindings("move.next", "move.previous", "app.back"),
        *bindings("reconcile.method"),
        *bindings("reason", hidden=True),
    ]
    DEFAULT_CSS = """
    ReconcileScreen #progress { height: 1; padding: 0 1; background: $boost; }
    ReconcileScreen #conflicts { width: 34; border-right: solid $primary; padding: 0 1; }
    ReconcileScreen #main { padding: 1 2; }
    ReconcileScreen #votes { height: auto; margin-top: 1; }
    ReconcileScreen .vote { width: 1fr; height: auto; padding: 0 1; border: round $primary; }
    ReconcileScreen #resolution { height: auto; margin-top: 1; }
    ReconcileScreen ReasonPicker { dock: bottom; height: auto; padding: 0 2;
        border: round $warning; background: $surface; }
    """

    def __init__(self, project: Project, reviewer: str, stage: str) -> None:
        super().__init__()
        self.project = project
        self.reviewer = reviewer
        self.stage = stage
        self.method = reconcile.METHODS[0]
        self.note: str | None = None
        self.picking = False
        self.conflicts: list[reconcile.Conflict] = []
        self.index: int | None = None
        self.load()
        self.title = STAGE_TITLES.get(stage, f"Reconciling {stage}")
        self.sub_title = reviewer

    def load(self) -> None:
        """Conflicts at the stage: unresolved first, then resolved, each in record order."""
        found = reconcile.conflicts(self.project, self.stage, include_resolved=True)
        self.conflicts = sorted(found, key=lambda c: c.resolution is not None)
        self.titles = self.project.store.titles([c.record_id for c in self.conflicts])

    def compose(self) -> ComposeResult:
        voters = max((len(c.votes) for c in self.conflicts), default=2)
        yield Header()
        yield Static(id="progress")
        with Horizontal():
            yield VerticalScroll(Static(id="conflict-list"), id="conflicts")
            with VerticalScroll(id="main"):
                yield Static(id="record")
                with Horizontal(id="votes"):
                    for n in range(voters):
                        yield Static(classes="vote", id=f"vote-{n}")
                yield Static(id="resolution")
        picker = ReasonPicker(
            self.project.protocol.reasons_for(self.stage),
            required=self.stage == "full-text",
            id="picker",
        )
        picker.visible = False
        yield picker
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.go(0 if self.conflicts else None)

    # -- drawing -------------------------------------------------------------------

    @property
    def conflict(self) -> reconcile.Conflict | None:
        return self.conflicts[self.index] if self.index is not None else None

    def go(self, index: int | None) -> None:
        self.index = index
        self.draw()

    def draw(self) -> None:
        resolved = sum(c.resolution is not None for c in self.conflicts)
        self.query_one("#progress", Static).update(
            Content.assemble(
                (f"resolved {resolved} of {len(self.conflicts)}", "bold"),
                "  ·  method ",
                (self.method, "bold $accent"),
                "  ·  note for next resolution: ",
                (self.note or "none", "italic"),
            )
        )
        self.query_one("#conflict-list", Static).update(self.list_content())
        conflict = self.conflict
        record = self.query_one("#record", Static)
        votes = self.query(".vote").results(Static)
        if conflict is None:
            record.update("No conflicts at this stage: the reviewers agree on every record.")
            for box in votes:
                box.display = False
            self.query_one("#resolution", Static).update("")
            return
        record.update(record_lines(self.project, conflict.record_id))
        for n, box in enumerate(votes):
            box.display = n < len(conflict.votes)
            if box.display:
                box.update(self.vote_content(conflict.votes[n]))
        self.query_one("#resolution", Static).update(self.resolution_content(conflict))

    def list_content(self) -> Content:
        lines = [Content.styled(f"Conflicts ({len(self.conflicts)})", "bold")]
        for n, c in enumerate(self.conflicts):
            mark = "✓" if c.resolution else "•"
            pointer = "▶" if n == self.index else " "
            title = self.titles.get(c.record_id) or "(no title)"
            line = Content(f"{pointer} {mark} {c.record_id:>5} {title[:20]}")
            if c.resolution:
                line = line.stylize("$text-muted")
            lines.append(line.stylize("bold") if n == self.index else line)
        return Content("\n").join(lines)

    def label(self, code: str | None) -> str | None:
        reason = self.project.protocol.reason(code) if code else None
        return reason.label if reason else None

    def vote_content(self, vote: Decision) -> Content:
        """A reviewer's vote with their notes on the record at this stage (made with its
        decision or with the note key while screening)."""
        notes = [vote.note] if vote.note else []
        notes += [
            note
            for stage, note, _time in self.project.store.notes(vote.record_id, vote.reviewer)
            if stage == self.stage and note not in notes
        ]
        return Content("\n").join(
            [
                Content.styled(vote.reviewer, "bold"),
                decision_text(vote, self.label(vote.reason)),
                *(Content.styled(f"note: {note}", "italic") for note in notes),
                *([] if notes else [Content.styled("no note", "$text-muted")]),
                Content.styled(readable_time(vote.time), "$text-muted"),
            ]
        )

    def resolution_content(self, conflict: reconcile.Conflict) -> Content:
        if conflict.resolution is None:
            keys = "i include · e exclude"
            if not is_last_stage(self.project, self.stage):
                keys += " · u unsure"
            return Content.styled(f"Unresolved: {keys}", "$text-warning")
        decision, reason, method, by = conflict.resolution
        text = Content("Resolved: ") + Content.styled(decision, "bold")
        if reason:
            text += Content(f" — {reason} {self.label(reason) or ''}".rstrip())
        text += Content.styled(f"  ({method}, by {by})", "$text-muted")
        note = self.project.store.resolution_note(conflict.record_id, self.stage)
        return text + Content.styled(f"\nnote: {note}", "italic") if note else text

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.picking or action in PICKER_ACTIONS:
            return self.picker_allows(action, parameters)
        if action in CONFLICT_ACTIONS and self.conflict is None:
            return None
        if action == "decide" and parameters[:1] == ("unsure",):
            return None if is_last_stage(self.project, self.stage) else True
        return True

    # -- resolving -------------------------------------------------------------------

    def action_decide(self, decision: str, reason: str | None = None) -> None:
        conflict = self.conflict
        if conflict is None:
            return
        rid = conflict.record_id
        try:
            reconcile.resolve(
                self.project, rid, self.stage, decision, reason, self.method, self.reviewer,
                self.note,
            )  # fmt: skip
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.note = None
        self.load()
        ids = [c.record_id for c in self.conflicts]
        open_ = [n for n, c in enumerate(self.conflicts) if c.resolution is None]
        if not open_:
            self.notify(f"All {len(ids)} conflicts are resolved.")
        self.go(open_[0] if open_ else ids.index(rid))

    def action_exclude(self) -> None:
        if self.conflict is not None:
            self.set_picking(True)

    def action_toggle_method(self) -> None:
        methods = reconcile.METHODS
        self.method = methods[(methods.index(self.method) + 1) % len(methods)]
        self.draw()

    def action_note(self) -> None:
        def save(text: str | None) -> None:
            self.note = text or None
            self.draw()

        self.app.push_screen(
            InputModal("Note for the next resolution", value=self.note or ""), save
        )

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.index is not None and 0 <= self.index + step < len(self.conflicts):
            self.go(self.index + step)

    def action_back(self) -> None:
        self.app.pop_screen()


def record_lines(project: Project, record_id: int) -> Content:
    """Title, authors, journal with year, and where it was found, for the record in conflict
    (with fields filled from its merged duplicates and their sources named)."""
    store = project.store
    duplicates = [store.record(r) for r in members_by_canonical(project).get(record_id, [])]
    record = filled(store.record(record_id), duplicates)
    where = "; ".join(found_in(record, duplicates))
    return Content("\n").join(
        [
            Content.styled(record.title or "(no title)", "bold"),
            Content(authors_line(record.authors)),
            Content.styled(citation(record) or "(no journal or year)", "italic $text-muted"),
            Content.styled(f"Record id {record.record_id} · found in {where}", "$text-muted"),
        ]
    )


def readable_time(stamp: str) -> str:
    """'2026-11-29T20:34:32.465249+00:00' as '2026-11-29 20:34 UTC'."""
    day, _, clock = stamp.partition("T")
    return f"{day} {clock[:5]} UTC" if clock else stamp
