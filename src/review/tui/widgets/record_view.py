"""One record shown for screening: title, authors, citation, abstract, keywords, source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widgets import Static

from review.models import Record
from review.tui.highlight import EXCLUDE, Highlighter

STYLES = {
    "include": "bold $text-success on $success-muted",
    EXCLUDE: "bold $text-error on $error-muted",
}


def highlighted(text: str, highlighter: Highlighter | None) -> Content:
    """Text with the protocol's terms styled: include and exclude in two colours."""
    if highlighter is None:
        return Content(text)
    spans = [Span(s, e, STYLES[kind]) for s, e, kind in highlighter.spans(text)]
    return Content(text, spans=spans)


def citation(record: Record) -> str:
    """Journal, volume(issue), pages and year in one line."""
    parts = [record.journal or ""]
    if record.volume:
        parts.append(record.volume + (f"({record.issue})" if record.issue else ""))
    if record.pages:
        parts.append(f"pp. {record.pages}")
    if record.year:
        parts.append(str(record.year))
    return ", ".join(p for p in parts if p)


def authors_line(authors: list[str], limit: int = 12) -> str:
    if not authors:
        return "(no authors)"
    shown = "; ".join(authors[:limit])
    return shown + (f"; … (+{len(authors) - limit})" if len(authors) > limit else "")


class RecordView(VerticalScroll, can_focus=False):
    """Displays a record; `show` updates the existing parts in place."""

    def compose(self) -> ComposeResult:
        yield Static(id="title")
        yield Static(id="authors")
        yield Static(id="citation")
        yield Static(id="abstract")
        yield Static(id="keywords")
        yield Static(id="source")

    def show(self, record: Record | None, highlighter: Highlighter | None) -> None:
        parts = {p.id: p for p in self.query(Static)}
        if record is None:
            for part in parts.values():
                part.update("")
            parts["title"].update("No records to screen at this stage.")
            return
        parts["title"].update(highlighted(record.title or "(no title)", highlighter))
        parts["authors"].update(authors_line(record.authors))
        parts["citation"].update(citation(record))
        parts["abstract"].update(highlighted(record.abstract or "(no abstract)", highlighter))
        keywords = "; ".join(record.keywords)
        parts["keywords"].update(
            Content("Keywords: ") + highlighted(keywords, highlighter) if keywords else ""
        )
        ident = f" · id {record.source_record_id}" if record.source_record_id else ""
        parts["source"].update(f"Record {record.record_id} · {record.source_name}{ident}")
        self.scroll_home(animate=False)
