"""Appraising included studies: the study's citation, its checklist form, a key per answer."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Static

from review.appraisal.session import AppraisalSession
from review.base.checklists import Checklist, Item
from review.base.errors import ReviewError
from review.project import Project
from review.storage.appraisal import Answer
from review.tui.keys import bindings
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.progress_line import bar
from review.tui.widgets.record_view import authors_line, citation

# Keys of this view, declared like those of review.tui.keys (ids to add to its map).
TONE_STYLES = {
    "good": "bold $text-success",
    "bad": "bold $text-error",
    "unclear": "bold $text-warning",
    "na": "$text-muted",
    "neutral": "bold",
}
BLIND_NOTE = "Others' answers hidden until you both finish this study (blind)"
STUDY_ACTIONS = {
    "answer",
    "justify",
    "value",
    "design",
    "resolve",
    "move",
    "undo",
    "next_undecided",
    "study",
}


class DesignPicker(ModalScreen[str | None]):
    """Pick a study design with a digit; escape cancels."""

    BINDINGS = [
        *(
            Binding(str(n), f"pick({n})", "Design", show=False, id=f"design.{n}")
            for n in range(1, 10)
        ),
        Binding("escape", "cancel", "Cancel", id="design.cancel"),
    ]

    def __init__(self, designs: list[str], current: str | None) -> None:
        super().__init__()
        self.designs = designs[:9]
        self.current = current

    def compose(self) -> ComposeResult:
        lines = [Content.styled("Study design", "bold"), Content("")]
        for n, design in enumerate(self.designs, 1):
            mark = "  (current)" if design == self.current else ""
            lines.append(Content.assemble((f" {n} ", "bold reverse"), f"  {design}{mark}"))
        lines += [Content(""), Content.styled("a digit picks · escape cancels", "$text-muted")]
        with Vertical(id="design-dialog"):
            yield Static(Content("\n").join(lines))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pick":
            return 1 <= int(parameters[0]) <= len(self.designs)  # type: ignore[call-overload]
        return True

    def action_pick(self, number: int) -> None:
        self.dismiss(self.designs[number - 1])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AppraisalScreen(Screen[None]):
    """One reviewer appraising every included study with the checklists of its design."""

    AUTO_FOCUS = ""
    BINDINGS = [
        *bindings("appraise"),
        *bindings("move.next", "move.previous", "move.undecided", "decide.undo", "app.back"),
    ]
    DEFAULT_CSS = """
    AppraisalScreen #appraise-progress { height: 1; padding: 0 1; background: $boost; }
    AppraisalScreen #studies-scroll { width: 36; border-right: solid $primary; padding: 0 1; }
    AppraisalScreen #citation { height: auto; padding: 0 1 1 1; }
    AppraisalScreen #form-scroll { height: 1fr; padding: 0 1; }
    AppraisalScreen #detail { height: auto; max-height: 12; padding: 0 1;
        border-top: solid $primary; }
    DesignPicker { align: center middle; }
    DesignPicker #design-dialog { width: 50; height: auto; padding: 1 2;
        border: round $primary; background: $surface; }
    """

    def __init__(self, project: Project, reviewer: str) -> None:
        super().__init__()
        self.project = project
        self.reviewer = reviewer
        self.session = AppraisalSession(project, reviewer)
        self.study_index: int | None = 0 if self.session.studies else None
        self.item_index = 0
        self.title = "Critical appraisal"
        self.sub_title = reviewer

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="appraise-progress")
        with Horizontal():
            with VerticalScroll(id="studies-scroll", can_focus=False):
                yield Static(id="studies")
            with Vertical():
                yield Static(id="citation")
                with VerticalScroll(id="form-scroll", can_focus=False):
                    yield Static(id="form")
                yield Static(id="detail")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        found = self.session.next_unanswered(0, 0) if self.session.studies else None
        if found:
            self.study_index, self.item_index = found
        self.draw()

    # -- where we are -------------------------------------------------------------------

    @property
    def record_id(self) -> int | None:
        return None if self.study_index is None else self.session.studies[self.study_index]

    def current(self) -> tuple[Checklist, Item] | None:
        rid = self.record_id
        if rid is None:
            return None
        items = self.session.items(rid)
        if not items:
            return None
        self.item_index = max(0, min(self.item_index, len(items) - 1))
        return items[self.item_index]

    # -- drawing ---------------------------------------------------------------------------

    def draw(self) -> None:
        self.draw_progress()
        self.draw_studies()
        self.draw_citation()
        self.draw_form()
        self.draw_detail()

    def draw_progress(self) -> None:
        s = self.session
        rid = self.record_id
        if rid is None:
            text = Content("No included studies to appraise yet (screen the full texts first).")
        else:
            done, total = s.progress(rid)
            conflict = s.design_conflict(rid)
            design = Content.styled(s.design(rid) or "not recorded", "bold")
            if conflict is not None and conflict.resolution is None:
                differ = " / ".join(f"{who} {d}" for who, d in sorted(conflict.designs.items()))
                design = Content.styled(f"differs ({differ}): r to agree", "bold $text-error")
            elif rid in s.agreed_designs:
                design += Content.styled(" (agreed)", "$text-success")
            text = Content.assemble(
                (f"Study {self.study_index + 1} of {len(s.studies)}", "bold"),
                f"  ·  {s.labels[rid]}  ·  design ",
                design,
                "  ·  answered ",
                (f"{done}/{total}", "bold"),
                " ",
                (bar(done, total, 16), "$accent"),
                "  ·  studies finished ",
                (f"{s.studies_finished()}/{len(s.studies)}", "bold"),
            )
        self.query_one("#appraise-progress", Static).update(text)

    def draw_studies(self) -> None:
        s = self.session
        lines = [Content.styled("Included studies", "bold")]
        for n, rid in enumerate(s.studies):
            done, total = s.progress(rid)
            mark = "✓" if s.finished(rid) else " "
            count = f"{done}/{total}" if total else "—"
            line = Content(f"{mark} {s.labels[rid][:22]:<22} {count:>5}")
            if n == self.study_index:
                line = line.stylize("reverse bold")
            lines.append(line)
        self.query_one("#studies", Static).update(Content("\n").join(lines))

    def draw_citation(self) -> None:
        rid = self.record_id
        widget = self.query_one("#citation", Static)
        if rid is None:
            widget.update("")
            return
        record = self.project.store.record(rid)
        widget.update(
            Content("\n").join(
                [
                    Content.styled(record.title or "(no title)", "bold"),
                    Content(authors_line(record.authors)),
                    Content.styled(citation(record), "italic $text-muted"),
                    Content.styled(f"Record {rid} · {record.source_name}", "$text-muted"),
                ]
            )
        )

    def _answer_text(self, checklist: Checklist, answer: Answer | None) -> Content:
        if answer is None or answer.answer is None:
            return Content.styled("·", "$text-muted")
        option = checklist.option(answer.answer)
        return Content.styled(
            checklist.label(answer.answer), TONE_STYLES[option.tone if option else "neutral"]
        )

    def draw_form(self) -> None:
        rid = self.record_id
        form = self.query_one("#form", Static)
        if rid is None:
            form.update("")
            return
        s = self.session
        if s.design(rid) is None:
            designs = ", ".join(s.setup.designs)
            form.update(
                Content.assemble(
                    ("Press d to record this study's design ", "bold"),
                    f"({designs}).\n",
                    "Its checklists follow from the design (mixed designs get both).",
                )
            )
            return
        others = s.others(rid)
        conflicts = s.conflicts(rid)
        lines: list[Content] = []
        last = None
        for n, (checklist, item) in enumerate(s.items(rid)):
            if checklist.id != last:
                if last is not None:
                    lines.append(Content(""))
                lines.append(Content.styled(checklist.title, "bold underline"))
                last = checklist.id
            mine = s.answer(rid, checklist.id, item.code)
            flags = ""
            if mine and mine.justification:
                flags += " ✎"
            if mine and mine.quote:
                flags += " ❝"
            if mine and mine.value is not None and item.value:
                flags += f" {mine.value:g}{item.value.unit}"
            line = (
                Content.assemble(
                    ("▶ " if n == self.item_index else "  "),
                    (f"{item.code:<5}", "bold"),
                    f" {item.text[:40]:<40} ",
                )
                + self._answer_text(checklist, mine)
                + Content.styled(flags, "$text-muted")
            )
            if others:
                theirs = [a for a in others if a.checklist == checklist.id and a.item == item.code]
                for a in theirs:
                    line += Content(f"  · {a.reviewer}: ") + self._answer_text(checklist, a)
            conflict = conflicts.get((checklist.id, item.code))
            if conflict is not None:
                line += Content.styled(
                    "  agreed " + checklist.label(conflict.resolution.answer)
                    if conflict.resolution
                    else "  ≠",
                    "$text-success" if conflict.resolution else "bold $text-error",
                )
            if n == self.item_index:
                line = line.stylize("on $boost")
            lines.append(line)
        form.update(Content("\n").join(lines))

    def draw_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        rid = self.record_id
        found = self.current()
        if rid is None or found is None:
            hidden = rid is not None and self.session.others(rid) is None
            detail.update(Content.styled(BLIND_NOTE, "$text-muted") if hidden else "")
            return
        checklist, item = found
        mine = self.session.answer(rid, checklist.id, item.code)
        lines = [Content.assemble((f"{item.code}  ", "bold"), (item.text, "bold"))]
        if item.guidance:
            lines.append(Content.styled(item.guidance, "italic"))
        lines.append(Content("Your answer: ") + self._answer_text(checklist, mine))
        justification = mine.justification if mine and mine.justification else "—"
        lines.append(Content(f"Justification: {justification}"))
        lines.append(Content(f"Quote / page: {mine.quote if mine and mine.quote else '—'}"))
        if item.value:
            shown = f"{mine.value:g}{item.value.unit}" if mine and mine.value is not None else "—"
            lines.append(Content(f"{item.value.label}: {shown}  (v to enter)"))
        if self.session.others(rid) is None:
            lines.append(Content.styled(BLIND_NOTE, "$text-muted"))
        lines.append(
            Content.styled(
                "y yes · n no · c can't tell · x n/a · enter justify · j/k item · [ ] study",
                "$text-muted",
            )
        )
        detail.update(Content("\n").join(lines))

    # -- which keys apply now ----------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in STUDY_ACTIONS and self.record_id is None:
            return None
        if action == "value":
            found = self.current()
            return bool(found and found[1].value) or None
        return True

    # -- answering -----------------------------------------------------------------------

    def _guard(self, write: Callable[[], object]) -> bool:
        try:
            write()
        except ReviewError as exc:
            self.notify(str(exc), severity="error")
            return False
        return True

    def action_answer(self, code: str) -> None:
        rid = self.record_id
        found = self.current()
        if rid is None:
            return
        if found is None:
            self.notify("Record the study's design first (d).", severity="warning")
            return
        checklist, item = found
        if checklist.option(code) is None:
            self.notify(f"{checklist.title} has no answer {code!r}.", severity="warning")
            return
        if not self._guard(lambda: self.session.set_answer(rid, checklist.id, item.code, code)):
            return
        if self.session.finished(rid) and self.item_index == len(self.session.items(rid)) - 1:
            self.notify(f"{self.session.labels[rid]}: every item answered.")
        else:
            self.item_index = min(self.item_index + 1, len(self.session.items(rid)) - 1)
        self.draw()

    def action_justify(self) -> None:
        rid = self.record_id
        found = self.current()
        if rid is None or found is None:
            return
        checklist, item = found
        mine = self.session.answer(rid, checklist.id, item.code)

        def got_quote(justification: str | None, quote: str | None) -> None:
            value = mine.value if mine else None
            self._guard(
                lambda: self.session.annotate(
                    rid, checklist.id, item.code, justification, quote, value
                )
            )
            self.draw()

        def got_justification(text: str | None) -> None:
            if text is None:
                return
            self.app.push_screen(
                InputModal(
                    f"{item.code}: supporting quote or page",
                    value=(mine.quote or "") if mine else "",
                    placeholder="e.g. p. 12, or a short quotation",
                ),
                lambda quote: got_quote(text, quote or (mine.quote if mine else None)),
            )

        self.app.push_screen(
            InputModal(
                f"{item.code} {item.text}: justification",
                value=(mine.justification or "") if mine else "",
            ),
            got_justification,
        )

    def action_value(self) -> None:
        rid = self.record_id
        found = self.current()
        if rid is None or found is None or found[1].value is None:
            return
        checklist, item = found
        field = item.value
        mine = self.session.answer(rid, checklist.id, item.code)

        def save(text: str | None) -> None:
            if text is None:
                return
            try:
                number = float(text.rstrip("%").strip())
            except ValueError:
                self.notify(f"{text!r} is not a number.", severity="error")
                return
            self._guard(
                lambda: self.session.annotate(
                    rid,
                    checklist.id,
                    item.code,
                    mine.justification if mine else None,
                    mine.quote if mine else None,
                    number,
                )
            )
            self.draw()

        current = f"{mine.value:g}" if mine and mine.value is not None else ""
        self.app.push_screen(
            InputModal(f"{item.code}: {field.label} ({field.unit or 'number'})", value=current),
            save,
        )

    def action_design(self) -> None:
        rid = self.record_id
        if rid is None:
            return

        def save(design: str | None) -> None:
            if design and self._guard(lambda: self.session.set_design(rid, design)):
                self.item_index = 0
                self.draw()

        self.app.push_screen(
            DesignPicker(list(self.session.setup.designs), self.session.design(rid)), save
        )

    def action_resolve(self) -> None:
        rid = self.record_id
        if rid is None:
            return
        design_conflict = self.session.design_conflict(rid)
        if design_conflict is not None and design_conflict.resolution is None:
            self.resolve_design(rid)
            return
        found = self.current()
        if found is None:
            return
        checklist, item = found
        conflict = self.session.conflicts(rid).get((checklist.id, item.code))
        if conflict is None:
            self.notify("No disagreement to settle on this item (or it is still blind).")
            return
        options = " / ".join(f"{a.code} {a.label}" for a in checklist.answers)

        def got_note(answer: str, value: float | None, note: str | None) -> None:
            if self._guard(
                lambda: self.session.resolve(rid, checklist.id, item.code, answer, note, value)
            ):
                self.notify(
                    f"{item.code}: agreed {checklist.label(checklist.parse_answer(answer))}"
                )
            self.draw()

        def ask_note(answer: str, value: float | None) -> None:
            self.app.push_screen(
                InputModal(f"{item.code}: note on how you agreed"),
                lambda note: got_note(answer, value, note),
            )

        def got_value(answer: str, text: str | None) -> None:
            if not text:
                ask_note(answer, None)
                return
            try:
                ask_note(answer, float(text.rstrip("%").strip()))
            except ValueError:
                self.notify(f"{text!r} is not a number.", severity="error")

        def got_answer(answer: str | None) -> None:
            if not answer:
                return
            if checklist.parse_answer(answer) is None:
                self.notify(f"{answer!r} is not one of {options}.", severity="error")
                return
            if item.value is None:
                ask_note(answer, None)
                return
            given = [a.value for a in conflict.answers if a.value is not None]
            self.app.push_screen(
                InputModal(
                    f"{item.code}: agreed {item.value.label} ({item.value.unit or 'number'})",
                    value=f"{given[0]:g}" if given else "",
                ),
                lambda text: got_value(answer, text),
            )

        self.app.push_screen(InputModal(f"{item.code}: agreed answer ({options})"), got_answer)

    def resolve_design(self, rid: int) -> None:
        """Pick the agreed design of a study the reviewers disagree on, then a note."""

        def got_note(design: str, note: str | None) -> None:
            if self._guard(lambda: self.session.resolve_design(rid, design, note)):
                self.notify(f"{self.session.labels[rid]}: agreed design {design}")
                self.item_index = 0
            self.draw()

        def got_design(design: str | None) -> None:
            if design:
                self.app.push_screen(
                    InputModal(f"Agreed design {design}: note on how you agreed"),
                    lambda note: got_note(design, note),
                )

        self.app.push_screen(DesignPicker(list(self.session.setup.designs), None), got_design)

    def action_undo(self) -> None:
        key = self.session.undo()
        if key is None:
            self.notify("Nothing to undo in this session.")
            return
        rid, checklist, code = key
        if rid in self.session.studies:
            self.study_index = self.session.studies.index(rid)
            items = self.session.items(rid)
            self.item_index = next(
                (n for n, (c, i) in enumerate(items) if c.id == checklist and i.code == code), 0
            )
        self.draw()

    # -- moving ------------------------------------------------------------------------

    def action_move(self, step: int) -> None:
        rid = self.record_id
        if rid is None:
            return
        count = len(self.session.items(rid))
        target = self.item_index + step
        if 0 <= target < count:
            self.item_index = target
            self.draw()

    def action_study(self, step: int) -> None:
        if self.study_index is None:
            return
        target = self.study_index + step
        if 0 <= target < len(self.session.studies):
            self.study_index, self.item_index = target, 0
            self.draw()

    def action_next_undecided(self) -> None:
        if self.study_index is None:
            return
        found = self.session.next_unanswered(self.study_index, self.item_index + 1)
        if found is None:
            self.notify("Every item of every study has your answer.")
            return
        self.study_index, self.item_index = found
        self.draw()

    def action_back(self) -> None:
        self.dismiss(None)
