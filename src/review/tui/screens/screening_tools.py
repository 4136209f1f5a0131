"""The screening view's tools around a decision: search with its hits, the list of records,
notes and tags, highlighting, the protocol."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from review.base.models import Record
from review.project import Project
from review.screening import reconcile
from review.screening.queue import ScreeningSession
from review.tui.mixins import ScreenMixin
from review.tui.widgets.input_modal import InputModal
from review.tui.widgets.protocol_panel import toggle_protocol
from review.tui.widgets.record_list import ListRow, RecordList


class ScreeningTools(ScreenMixin):
    """Mixin for the screening screen (which has the attributes below)."""

    project: Project
    session: ScreeningSession
    stage: str
    reviewer: str
    index: int | None
    record: Record | None
    just_decided: int | None
    highlighting: bool
    retrieval: dict[int, tuple[str, str | None]]
    search_term: str | None = None
    hits: list[int] | None = None  # positions of the search's hits in the order

    if TYPE_CHECKING:  # provided by the screen

        def moved(self, index: int) -> None: ...
        def draw_record(self) -> None: ...
        def draw_state(self) -> None: ...

    # -- search ------------------------------------------------------------------------

    def hit_text(self) -> Content | None:
        """'hit 3 of 17 “partnership”' while a search is on (its hits are marked)."""
        if not self.search_term or self.hits is None:
            return None
        where = self.hits.index(self.index) + 1 if self.index in self.hits else None
        of = f"hit {where} of {len(self.hits)}" if where else f"{len(self.hits)} hits"
        return Content.styled(f"{of} “{self.search_term}”", "bold $text-accent")

    def action_search(self) -> None:
        def found(text: str | None) -> None:
            if not text:
                self.search_term, self.hits = None, None
                self.draw_record()
                self.draw_state()
                return
            here = self.index if self.index is not None else -1
            if text != self.search_term or self.hits is None:  # a new search: from here
                hits = self.project.store.search_records(text)
                self.hits = [i for i, rid in enumerate(self.session.order) if rid in hits]
                self.search_term = text
                here -= 1
            after = [i for i in self.hits if i > here]
            if not self.hits:
                self.notify(f"No record has “{text}” in its title, abstract or authors.")
                self.draw_state()
                return
            self.moved((after or self.hits)[0])

        self.app.push_screen(
            InputModal(
                "Search titles, abstracts and authors",
                value=self.search_term or "",
                hint="enter: the next hit · empty: search off · escape cancels",
            ),
            found,
        )

    # -- the list ----------------------------------------------------------------------

    def list_rows(self) -> list[ListRow]:
        order = self.session.order
        store = self.project.store
        summaries = store.record_summaries(order)
        tags = store.tags_by_record(self.reviewer)
        conflicting = {c.record_id for c in reconcile.conflicts(self.project, self.stage)}
        rows = []
        for n, rid in enumerate(order):
            mine = self.session.decision(rid)
            title, year, source = summaries.get(rid, (None, None, ""))
            full_text = self.retrieval.get(rid, ("sought", None))[0]
            rows.append(
                ListRow(
                    n,
                    rid,
                    title or "(no title)",
                    mine.decision if mine else None,
                    mine.reason if mine else None,
                    year,
                    source,
                    tuple(tags.get(rid, ())),
                    rid in conflicting and mine is not None,
                    full_text if self.stage == "full-text" else None,
                )
            )
        return rows

    def action_list_records(self) -> None:
        heading = f"{self.stage}: the {len(self.session.order)} records in your order"

        def chosen(index: int | None) -> None:
            if index is not None:
                self.moved(index)

        reasons = [r.code for r in self.project.protocol.reasons_for(self.stage)]
        self.app.push_screen(
            RecordList(heading, self.list_rows(), self.index or 0, reasons), chosen
        )

    # -- notes, tags, highlighting, the protocol ---------------------------------------

    def note_target(self) -> tuple[int, str] | None:
        """The record a note is for (the one just decided, until a move) and how to say it."""
        rid = self.just_decided or (self.record.record_id if self.record else None)
        if rid is None:
            return None
        title = self.project.store.titles([rid]).get(rid) or "(no title)"
        if rid == self.just_decided:
            mine = self.session.decision(rid)
            decided = mine.decision if mine else "undecided"
            return rid, f"Note on record {rid}, just decided ({decided}): {title}"
        return rid, f"Note on record {rid}: {title}"

    def action_note(self) -> None:
        target = self.note_target()
        if target is None:
            return
        rid, prompt = target

        def save(text: str | None) -> None:
            if text:
                self.project.store.add_note(rid, self.stage, self.reviewer, text)
                self.notify(f"Note saved on record {rid}.", timeout=2)
                self.draw_state()

        self.app.push_screen(InputModal(prompt), save)

    def action_tag(self) -> None:
        target = self.note_target()
        if target is None:
            return
        rid, _prompt = target

        def save(text: str | None) -> None:
            if text:
                removed = text.startswith("-")
                self.project.store.add_tag(rid, self.reviewer, text.lstrip("-").strip(), removed)
                done = "taken off" if removed else "put on"
                self.notify(f"Tag {done} record {rid}.", timeout=2)
                self.draw_state()

        self.app.push_screen(
            InputModal(f"Tag record {rid}", placeholder="a tag; -tag takes it off"), save
        )

    def action_toggle_highlight(self) -> None:
        self.highlighting = not self.highlighting
        self.draw_record()
        self.notify("Highlighting " + ("on" if self.highlighting else "off"), timeout=1.5)

    def action_protocol(self) -> None:
        toggle_protocol(self, self.project.protocol, self.stage)
