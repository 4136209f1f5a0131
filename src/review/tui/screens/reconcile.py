"""Reconciling one stage: each conflict with every reviewer's vote, a key per agreed outcome.

Resolutions are appended (reconcile.resolve); the reviewers' own decisions are never changed;
a resolution can be revised (the latest counts) or taken back with z (appended too).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Static

from review.base.errors import ReviewError
from review.project import Project
from review.screening import reconcile
from review.screening.agreement import stage_agreement
from review.screening.outcomes import is_last_stage
from review.screening.retrieval import RETRIEVED, full_text_path, retrieval_status
from review.tui.highlight import highlighter
from review.tui.keys import bindings
from review.tui.live import Live
from review.tui.opener import open_location
from review.tui.screens.agreement import AgreementModal
from review.tui.widgets.choice import ChoiceModal
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.key_footer import KeyFooter
from review.tui.widgets.protocol_panel import ProtocolPanel, fit_protocol, toggle_protocol
from review.tui.widgets.reason_picker import PicksReasons, ReasonPicker
from review.tui.widgets.reconcile_view import (
    list_content,
    record_body,
    record_head,
    resolution_content,
    vote_content,
)

STAGE_TITLES = {
    "title-abstract": "Reconciling titles and abstracts",
    "full-text": "Reconciling full texts",
}
CONFLICT_ACTIONS = {"decide", "exclude", "move", "note", "toggle_method", "open_full_text"}


class ReconcileScreen(PicksReasons, Live, Screen[None]):
    """Every conflict at a stage; i / e / u record the agreed decision for the current one."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("reason", "decide.include", "decide.exclude", "decide.unsure", "decide.undo"),
        *bindings("record.note", "move.next", "move.previous", "reconcile.agreement"),
        *bindings("reconcile.method", "view.protocol", "fulltext.open", "move.list", "app.back"),
        *bindings("view.highlight", "view.page_down", "view.page_up", "view.refresh"),
    ]
    DEFAULT_CSS = """
    ReconcileScreen #progress { height: 1; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis; }
    ReconcileScreen #conflicts { width: 30%; max-width: 44; border-right: solid $primary;
        padding: 0 1; display: none; }
    ReconcileScreen #conflicts.-shown { display: block; }
    ReconcileScreen #conflict-list { text-wrap: nowrap; text-overflow: ellipsis; }
    ReconcileScreen #main { padding: 0 1; }
    ReconcileScreen #record, ReconcileScreen #abstract { max-width: 100; }
    ReconcileScreen #votes { height: auto; margin-top: 1; max-width: 110; }
    ReconcileScreen .vote { width: 1fr; height: auto; padding: 0 1; border: round $primary; }
    ReconcileScreen #resolution { height: auto; margin: 1 0; }
    ReconcileScreen ReasonPicker { dock: bottom; height: auto; padding: 0 2;
        border: round $warning; background: $surface; }
    """
    LIST_WIDTH = 100  # columns from which the list of conflicts sits at the left

    def __init__(self, project: Project, reviewer: str, stage: str) -> None:
        super().__init__()
        self.project = project
        self.reviewer = reviewer
        self.stage = stage
        self.method = reconcile.METHODS[0]
        self.note: str | None = None
        self.picking = False
        self.highlighting = True
        protocol = project.protocol
        self.highlighter = highlighter(protocol.highlight_include, protocol.highlight_exclude)
        self.conflicts: list[reconcile.Conflict] = []
        self.index: int | None = None
        self.undo: list[int] = []  # records resolved in this view, latest last
        self.just_resolved: int | None = None
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
        with Vertical(id="status-area"):
            yield Static(id="progress")
        with Horizontal():
            yield VerticalScroll(Static(id="conflict-list"), id="conflicts", can_focus=False)
            with VerticalScroll(id="main", can_focus=False):
                yield Static(id="record")
                with Horizontal(id="votes"):
                    for n in range(voters):
                        yield Static(classes="vote", id=f"vote-{n}")
                yield Static(id="resolution")
                yield Static(id="abstract")
            yield ProtocolPanel(self.project.protocol, self.stage, id="protocol-panel")
        picker = ReasonPicker(
            self.project.protocol.reasons_for(self.stage),
            required=self.stage == "full-text",
            id="picker",
        )
        picker.visible = False
        yield picker
        yield KeyFooter()

    def on_mount(self) -> None:
        self.start_live()
        self.fit()
        self.go(0 if self.conflicts else None)

    def on_resize(self) -> None:
        self.fit()
        fit_protocol(self)

    def fit(self) -> None:
        self.query_one("#conflicts").set_class(self.size.width >= self.LIST_WIDTH, "-shown")

    # -- drawing -------------------------------------------------------------------

    @property
    def conflict(self) -> reconcile.Conflict | None:
        return self.conflicts[self.index] if self.index is not None else None

    def go(self, index: int | None) -> None:
        self.index = index
        self.draw()
        self.query_one("#main", VerticalScroll).scroll_home(animate=False)

    def full_text(self, record_id: int) -> tuple[str, str | None]:
        if self.stage != "full-text":
            return ("", None)
        return retrieval_status(self.project, [record_id])[record_id]

    def draw(self) -> None:
        self.draw_progress()
        self.query_one("#conflict-list", Static).update(
            list_content(self.conflicts, self.titles, self.index)
        )
        self.keep_in_view()
        conflict = self.conflict
        record = self.query_one("#record", Static)
        votes = self.query(".vote").results(Static)
        if conflict is None:
            record.update("No conflicts at this stage: the reviewers agree on every record.")
            for box in votes:
                box.display = False
            self.query_one("#resolution", Static).update("")
            self.query_one("#abstract", Static).update("")
            return
        rid = conflict.record_id
        status, where = self.full_text(rid)
        shown = f"{status}" + (f" — {where} (o opens it)" if where else "") if status else None
        record.update(record_head(self.project, rid, shown))
        for n, box in enumerate(votes):
            box.display = n < len(conflict.votes)
            if box.display:
                box.update(vote_content(self.project, self.stage, conflict.votes[n]))
        self.query_one("#resolution", Static).update(
            resolution_content(self.project, self.stage, conflict)
        )
        marks = self.highlighter if self.highlighting else None
        self.query_one("#abstract", Static).update(record_body(self.project, rid, marks))

    def draw_progress(self) -> None:
        waiting = sum(c.resolution is None for c in self.conflicts)
        where = (
            f"conflict {self.index + 1} of {len(self.conflicts)}"
            if self.index is not None
            else "no conflicts"
        )
        note = self.note or "none (n adds one)"
        self.query_one("#progress", Static).update(
            Content.assemble(
                (f"{waiting} waiting", "bold $text-warning" if waiting else "bold"),
                f" · resolved {len(self.conflicts) - waiting} of {len(self.conflicts)} · {where}",
                " · method ",
                (self.method, "bold $accent"),
                " · note: ",
                (note, "italic"),
            )
        )

    def keep_in_view(self) -> None:
        if self.index is not None:
            scroll = self.query_one("#conflicts", VerticalScroll)
            scroll.scroll_to(y=max(0, self.index + 1 - scroll.size.height // 2), animate=False)

    def changed(self, parts: set[str]) -> None:
        if parts & {"decisions", "resolutions", "duplicates", "notes", "retrieval"}:
            self.reload(self.conflict.record_id if self.conflict else None)

    def reload(self, keep: int | None) -> None:
        """Read the conflicts again, staying on record `keep` if it is still one."""
        self.load()
        ids = [c.record_id for c in self.conflicts]
        self.index = ids.index(keep) if keep in ids else (0 if ids else None)
        self.draw()

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.picking or action in ("pick", "cancel"):
            return self.picking_allows(action, parameters)
        if action in CONFLICT_ACTIONS and self.conflict is None:
            return None
        if action == "decide" and parameters[:1] == ("unsure",):
            return None if is_last_stage(self.project, self.stage) else True
        if action == "open_full_text" and self.stage != "full-text":
            return False
        return True

    # -- resolving -------------------------------------------------------------------

    def action_decide(self, decision: str, reason: str | None = None) -> None:
        conflict = self.conflict
        if conflict is None:
            return
        rid = conflict.record_id
        if not self.resolve(rid, decision, reason, self.note):
            return
        self.note = None
        self.undo.append(rid)
        self.just_resolved = rid
        self.load()
        ids = [c.record_id for c in self.conflicts]
        open_ = [n for n, c in enumerate(self.conflicts) if c.resolution is None]
        if not open_:
            self.notify(f"All {len(ids)} conflicts are resolved.")
        self.go(open_[0] if open_ else ids.index(rid))

    def resolve(self, rid: int, decision: str, reason: str | None, note: str | None) -> bool:
        try:
            reconcile.resolve(
                self.project, rid, self.stage, decision, reason, self.method, self.reviewer, note
            )
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return False
        return True

    def action_exclude(self) -> None:
        if self.conflict is not None:
            self.set_picking(True)

    def action_undo(self) -> None:
        if not self.undo:
            self.notify("Nothing to undo in this view.")
            return
        rid = self.undo.pop()
        try:
            reconcile.withdraw(self.project, rid, self.stage, self.reviewer)
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return
        self.just_resolved = None
        self.notify(f"Record {rid}: the resolution is taken back.", timeout=3)
        self.reload(rid)

    def action_toggle_method(self) -> None:
        methods = reconcile.METHODS
        self.method = methods[(methods.index(self.method) + 1) % len(methods)]
        self.draw_progress()

    def action_note(self) -> None:
        rid = self.just_resolved
        if rid is not None:  # right after a resolution: the note goes with it
            standing = self.project.store.current_resolutions(self.stage).get(rid)

            def add(text: str | None) -> None:
                if text and standing is not None:
                    decision, reason, _method, _by = standing
                    if self.resolve(rid, decision, reason, text):
                        self.notify(f"Note added to record {rid}'s resolution.", timeout=2)
                        self.reload(self.conflict.record_id if self.conflict else None)

            self.app.push_screen(InputModal(f"Note on record {rid}'s resolution, just made"), add)
            return

        def save(text: str | None) -> None:
            self.note = text or None
            self.draw_progress()

        target = self.conflict.record_id if self.conflict else "?"
        self.app.push_screen(
            InputModal(
                f"Note for record {target}'s resolution (saved with it)", value=self.note or ""
            ),
            save,
        )

    def action_agreement(self) -> None:
        self.app.push_screen(AgreementModal(stage_agreement(self.project, self.stage)))

    def action_protocol(self) -> None:
        toggle_protocol(self, self.project.protocol, self.stage)

    def action_toggle_highlight(self) -> None:
        self.highlighting = not self.highlighting
        self.draw()

    def action_open_full_text(self) -> None:
        if self.conflict is None:
            return
        status, location = self.full_text(self.conflict.record_id)
        if status != RETRIEVED or not location:
            self.notify("No full text location for this record yet.", severity="warning")
            return
        error = open_location(full_text_path(self.project, location))
        self.notify(error or f"Opening {location}", severity="error" if error else "information")

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        if self.index is not None and 0 <= self.index + step < len(self.conflicts):
            self.just_resolved = None
            self.go(self.index + step)

    def action_page(self, step: int) -> None:
        main = self.query_one("#main", VerticalScroll)
        (main.scroll_page_down if step > 0 else main.scroll_page_up)(animate=False)

    def action_list_records(self) -> None:
        options = []
        for c in self.conflicts:
            mark = "✓ resolved" if c.resolution else "• waiting"
            options.append(
                (
                    str(c.record_id),
                    f"{mark}  {c.record_id}  {self.titles.get(c.record_id) or '(no title)'}",
                )
            )

        def chosen(value: str | None) -> None:
            if value is not None:
                self.just_resolved = None
                self.go([str(c.record_id) for c in self.conflicts].index(value))

        current = str(self.conflict.record_id) if self.conflict else None
        self.app.push_screen(ChoiceModal("Conflicts", options, current), chosen)

    def action_back(self) -> None:
        self.dismiss(None)
