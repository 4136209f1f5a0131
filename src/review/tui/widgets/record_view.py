"""One record shown for screening: title, authors, citation, abstract, keywords, source."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.widgets import Static

from review.base.models import Record
from review.tui.highlight import EXCLUDE, Highlighter

STYLES = {
    "include": "bold $text-success on $success-muted",
    EXCLUDE: "bold $text-error on $error-muted",
}
SEARCH_STYLE = "bold reverse"


def search_spans(text: str, term: str | None) -> list[Span]:
    """Every place the search term is in the text (any case), as the search found it."""
    if not term:
        return []
    folded, wanted = text.casefold(), term.casefold()
    spans, start = [], folded.find(wanted)
    while start >= 0 and wanted:
        spans.append(Span(start, start + len(wanted), SEARCH_STYLE))
        start = folded.find(wanted, start + len(wanted))
    return spans


def highlighted(text: str, highlighter: Highlighter | None, search: str | None = None) -> Content:
    """Text with the protocol's terms styled (include and exclude in two colours) and the
    search term's hits marked."""
    spans = []
    if highlighter is not None:
        spans = [Span(s, e, STYLES[kind]) for s, e, kind in highlighter.spans(text)]
    return Content(text, spans=spans + search_spans(text, search))


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


def record_content(
    record: Record,
    highlighter: Highlighter | None,
    sources: list[str] | None = None,
    search: str | None = None,
) -> Content:
    """The whole record as one piece of content (one widget to lay out per move); sources are
    those of the record and of the duplicates merged into it; search: a term to mark."""
    parts = [
        highlighted(record.title or "(no title)", highlighter, search).stylize("bold"),
        Content(""),
        highlighted(authors_line(record.authors), None, search),
        Content.styled(citation(record), "italic $text-muted"),
        Content(""),
        highlighted(record.abstract or "(no abstract)", highlighter, search),
    ]
    if record.keywords:
        keywords = highlighted("; ".join(record.keywords), highlighter, search)
        parts += [Content(""), Content.styled("Keywords: ", "$text-muted") + keywords]
    if sources:  # the record's and its merged duplicates', each with its id there
        where = "found in " + "; ".join(sources)
    else:
        ident = f" ({record.source_record_id})" if record.source_record_id else ""
        where = f"found in {record.source_name}{ident}"
    parts += [
        Content(""),
        Content.styled(f"Record id {record.record_id} · {where}", "$text-muted"),
    ]
    return Content("\n").join(parts)


class RecordView(VerticalScroll, can_focus=False):
    """Displays a record; `show` updates the one Static inside in place.

    The text's height is rounded up to whole screens of the view, so moving between records
    that fit the same number of screens (nearly all) repaints the text without a new layout
    of the whole screen: that layout is most of the cost of a keypress.
    """

    SCROLLBAR_ALLOWANCE = 2
    height_lines: int = 0

    def compose(self) -> ComposeResult:
        yield Static(id="record-text")

    def show(
        self,
        record: Record | None,
        highlighter: Highlighter | None,
        sources: list[str] | None = None,
        search: str | None = None,
        empty: str = "No records to screen at this stage.",
    ) -> None:
        text = self.query_one("#record-text", Static)
        content = (
            Content(empty)
            if record is None
            else record_content(record, highlighter, sources, search)
        )
        region = self.scrollable_content_region
        width = region.width - self.SCROLLBAR_ALLOWANCE
        if width <= 0 or region.height <= 0:  # not laid out yet: let Textual size it
            text.update(content)
            return
        # a widget's styles are the rules, as Textual passes them (its annotation says RulesMap)
        needed = content.get_height(text.styles, width)  # type: ignore[arg-type]
        height = max(1, -(-needed // region.height)) * region.height
        if height != self.height_lines:
            self.height_lines = height
            text.styles.height = height
            text.update(content)
        else:
            text.update(content, layout=False)
        self.scroll_home(animate=False)

    def page(self, step: int) -> None:
        """Scroll a screen down (1) or up (-1): a long abstract read from the keyboard."""
        if step > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)
