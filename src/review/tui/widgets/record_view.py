"""One record shown for screening: title, authors, citation, abstract, keywords, source."""

from __future__ import annotations

from collections import OrderedDict

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content, Span
from textual.strip import Strip
from textual.visual import Visual
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


class RecordText(Static):
    """The record's text, drawn from lines rendered before its key where they were ready (a
    record rendered while the reviewer read the one before is painted at once)."""

    KEPT = 4  # records rendered ahead and kept, the latest ones

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rendered: OrderedDict[tuple[object, ...], list[Strip]] = OrderedDict()
        self.drawn: list[Strip] | None = None  # the lines shown now, as rendered
        self.drawn_width = 0  # the width they were rendered at
        self.drawn_from_ready = False  # whether the lines shown now were rendered ahead

    def lines(self, content: Content, width: int) -> tuple[list[Strip], bool]:
        """The content's lines at this width, and whether they were rendered before."""
        style = self.visual_style
        key = (content.plain, tuple(content.spans), width, self.app.theme, style)
        found = self.rendered.get(key)
        if found is not None:
            self.rendered.move_to_end(key)
            return found, True
        lines = Visual.to_strips(self, content, width, None, style)
        self.rendered[key] = lines
        if len(self.rendered) > self.KEPT:
            self.rendered.popitem(last=False)
        return lines, False

    def draw(
        self,
        content: Content,
        lines: list[Strip] | None = None,
        width: int = 0,
        ready: bool = False,
    ) -> None:
        """Show the content, painted from its lines at this width (None: Textual renders it,
        and sizes the text)."""
        self.drawn, self.drawn_width, self.drawn_from_ready = lines, width, ready
        self.update(content, layout=lines is None)

    def render_line(self, y: int) -> Strip:
        drawn = self.drawn
        # Textual's own rendering for a selection, or where laid out otherwise than foreseen
        if drawn is None or self.text_selection is not None or self.drawn_width != self.size.width:
            return super().render_line(y)
        if y < len(drawn):
            return drawn[y]
        return Strip.blank(self.size.width, self.visual_style.rich_style)


class RecordView(VerticalScroll, can_focus=False):
    """Displays a record; `show` updates the one Static inside in place.

    The text's height is rounded up to whole screens of the view, so moving between records
    that fit the same number of screens (nearly all) repaints the text without a new layout
    of the whole screen: that layout is most of the cost of a keypress. `prepare` renders a
    record's lines ahead, which `show` then paints as they are.
    """

    height_lines: int = 0

    def compose(self) -> ComposeResult:
        yield RecordText(id="record-text")

    def fitted(self, content: Content) -> tuple[list[Strip], int, int, bool] | None:
        """The content's lines at the width it will have, that width, the text's height in
        whole screens, and whether the lines were ready; None before the view is laid out."""
        region = self.content_region
        if region.width <= 0 or region.height <= 0:
            return None
        text = self.query_one(RecordText)
        width = region.width
        lines, ready = text.lines(content, width)
        if len(lines) > region.height:  # a scrollbar will take its columns
            width -= self.styles.scrollbar_size_vertical
            lines, ready = text.lines(content, width)
        return lines, width, max(1, -(-len(lines) // region.height)) * region.height, ready

    def prepare(
        self,
        record: Record,
        highlighter: Highlighter | None,
        sources: list[str] | None = None,
        search: str | None = None,
    ) -> None:
        """Render a record that may be shown next, for `show` to paint at once."""
        self.fitted(record_content(record, highlighter, sources, search))

    def show(
        self,
        record: Record | None,
        highlighter: Highlighter | None,
        sources: list[str] | None = None,
        search: str | None = None,
        empty: str = "No records to screen at this stage.",
    ) -> None:
        text = self.query_one(RecordText)
        content = (
            Content(empty)
            if record is None
            else record_content(record, highlighter, sources, search)
        )
        fitted = self.fitted(content)
        if fitted is None:  # not laid out yet: let Textual size it
            text.draw(content)
            return
        lines, width, height, ready = fitted
        text.draw(content, lines, width, ready)
        if height != self.height_lines:
            self.height_lines = height
            text.styles.height = height  # a layout of the screen
        self.scroll_home(animate=False)

    def page(self, step: int) -> None:
        """Scroll a screen down (1) or up (-1): a long abstract read from the keyboard."""
        if step > 0:
            self.scroll_page_down(animate=False)
        else:
            self.scroll_page_up(animate=False)
