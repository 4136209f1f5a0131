"""The PRISMA 2020 flow diagram as a standalone SVG, laid out to be clean enough for a paper."""

from __future__ import annotations

from dataclasses import dataclass, field

from review.base.escaping import xml_text
from review.reporting.prisma.boxes import (
    CITATION,
    FOOTNOTES,
    Line,
    identification_dbr,
    identification_other,
    included,
    removed,
    screening_rows,
)
from review.reporting.prisma.model import TITLE_ABSTRACT, PrismaFlow

FONT = "Arial, Helvetica, 'Liberation Sans', 'DejaVu Sans', sans-serif"
SIZE = 12.0
LEADING = 15.0
PAD = 8.0
INDENT = 12.0
MARGIN = 20.0
PHASE_W = 28.0
PHASE_GAP = 16.0
MAIN_W = 270.0
SIDE_W = 300.0
ARROW_GAP = 46.0
COLUMN_GAP = 40.0
ROW_GAP = 34.0
HEADER_H = 40.0
YELLOW = "#F5C242"
GREY = "#D9D9D9"
GREY_PANEL = "#F2F2F2"
BLUE = "#BDD7EE"

_NARROW = set("iljI|!.,:;'` ")
_SEMI = set("frt()[]{}-/*")


def text_width(text: str, size: float = SIZE) -> float:
    """Estimated width of text (generous, so the widest common sans font still fits)."""
    width = 0.0
    for char in text:
        if char in _NARROW:
            width += 0.31
        elif char in _SEMI:
            width += 0.42
        elif char.isdigit():
            width += 0.64
        elif char in "mwMW@":
            width += 0.95
        elif char.isupper():
            width += 0.7
        else:
            width += 0.57
    return width * size


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """Greedy word wrap to a pixel width."""
    lines: list[str] = []
    current = ""
    for word in text.replace("(n = ", "(n\xa0=\xa0").split(" "):
        if not word:
            continue
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    found = [*lines, current] if current else lines or [""]
    return [line.replace("\xa0", " ") for line in found]


@dataclass
class Box:
    """A box's text laid out for a width: (x offset, text) per line."""

    lines: list[tuple[float, str]]
    width: float

    @property
    def height(self) -> float:
        return 2 * PAD + LEADING * len(self.lines)


def layout_box(lines: list[Line], width: float) -> Box:
    """A box's lines wrapped to its width, continuation lines indented."""
    placed: list[tuple[float, str]] = []
    for line in lines:
        indent = INDENT * line.level
        wrapped = wrap(line.text, width - 2 * PAD - indent - (INDENT if line.level else 0))
        placed.append((indent, wrapped[0]))
        placed += [(indent + INDENT, rest) for rest in wrapped[1:]]
    return Box(placed, width)


class Canvas:
    """SVG elements collected in drawing order."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def rect(
        self,
        x: float,
        y: float,
        w: float,
        h: float,
        fill: str = "#FFFFFF",
        stroke: str = "#000000",
        radius: float = 0,
        cls: str = "box",
    ) -> None:
        self.parts.append(
            f'<rect class="{cls}" x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" '
            f'rx="{radius:.1f}" fill="{fill}" stroke="{stroke}" stroke-width="1"/>'
        )

    def text(
        self,
        x: float,
        y: float,
        content: str,
        size: float = SIZE,
        weight: str = "normal",
        anchor: str = "start",
        transform: str = "",
        fill: str = "#000000",
    ) -> None:
        extra = f' transform="{transform}"' if transform else ""
        self.parts.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size:g}" font-weight="{weight}" '
            f'text-anchor="{anchor}" fill="{fill}"{extra}>{xml_text(content)}</text>'
        )

    def box(self, x: float, y: float, box: Box, box_id: str, fill: str = "#FFFFFF") -> None:
        self.parts.append(f'<g id="{box_id}">')
        self.rect(x, y, box.width, box.height, fill=fill)
        for i, (indent, content) in enumerate(box.lines):
            self.text(x + PAD + indent, y + PAD + LEADING * i + SIZE, content)
        self.parts.append("</g>")

    def arrow(self, points: list[tuple[float, float]]) -> None:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        self.parts.append(
            f'<polyline class="arrow" points="{path}" fill="none" stroke="#000000" '
            'stroke-width="1.2" marker-end="url(#head)"/>'
        )


@dataclass
class Placed:
    x: float
    y: float
    box: Box

    @property
    def bottom(self) -> float:
        return self.y + self.box.height

    @property
    def right(self) -> float:
        return self.x + self.box.width

    @property
    def middle(self) -> float:
        return self.y + self.box.height / 2

    @property
    def centre(self) -> float:
        return self.x + self.box.width / 2


@dataclass(frozen=True)
class Columns:
    """The x of each column of boxes, and the diagram's right edge."""

    main: float
    side: float
    other: float
    other_side: float
    right: float


def _columns(other: bool) -> Columns:
    main = MARGIN + PHASE_W + PHASE_GAP
    side = main + MAIN_W + ARROW_GAP
    other_x = side + SIDE_W + COLUMN_GAP
    other_side = other_x + MAIN_W + ARROW_GAP
    right = (other_side + SIDE_W + 12 if other else side + SIDE_W) + MARGIN
    return Columns(main, side, other_x, other_side, right)


@dataclass
class Layout:
    """Every box placed by name, the main column's rows, and each phase's top and bottom."""

    placed: dict[str, Placed] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)  # the rows below identification
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)  # label: top, bottom

    def row(self, y: float, boxes: list[tuple[str, float, Box]], least: float = 0) -> float:
        """Place boxes in a row, centred on one line; returns the row's bottom."""
        height = max(least, *(b.height for _, _, b in boxes))
        for name, x, b in boxes:
            self.placed[name] = Placed(x, y + (height - b.height) / 2, b)
        return y + height


def render_svg(flow: PrismaFlow) -> str:
    """The diagram: phase bars, header bars, boxes, arrows, side boxes, footnotes, notes."""
    other = flow.other_used
    cols = _columns(other)
    layout = _layout(flow, cols)
    canvas = Canvas()
    _backdrop(canvas, cols, layout, other)
    for name, p in layout.placed.items():
        canvas.box(p.x, p.y, p.box, name)
    _arrows(canvas, layout, other)
    y = layout.phases["Included"][1] + 28
    width = cols.right - 2 * MARGIN
    for text, size, colour in _footer(flow):
        for line in wrap(text, width, size):
            canvas.text(MARGIN, y, line, size=size, fill=colour)
            y += size * 1.35
        y += 2
    height = y + MARGIN - 8
    return _document(canvas, cols.right, height)


def _layout(flow: PrismaFlow, cols: Columns) -> Layout:
    """The boxes of each phase, row by row: identification, screening, included."""
    other = flow.other_used
    layout = Layout()
    top = MARGIN + HEADER_H + ROW_GAP / 2
    ident = [
        ("identification", cols.main, layout_box(identification_dbr(flow), MAIN_W)),
        ("removed", cols.side, layout_box(removed(flow), SIDE_W)),
    ]
    if other:
        ident.append(
            ("other_identification", cols.other, layout_box(identification_other(flow), MAIN_W))
        )
    y = layout.row(top, ident)
    layout.phases["Identification"] = (top, y)
    dbr_rows = screening_rows(flow.dbr, TITLE_ABSTRACT in flow.stages)
    other_rows = screening_rows(flow.other, False) if other else []
    names = (["screened"] if len(dbr_rows) == 3 else []) + ["sought", "assessed"]
    screening_top = y + ROW_GAP
    for i, (name, (main, side)) in enumerate(zip(names, dbr_rows, strict=True)):
        y += ROW_GAP
        boxes = [
            (name, cols.main, layout_box(main, MAIN_W)),
            (f"{name}_side", cols.side, layout_box(side, SIDE_W)),
        ]
        offset = len(names) - len(other_rows)
        if other and i >= offset:
            o_main, o_side = other_rows[i - offset]
            boxes += [
                (f"other_{name}", cols.other, layout_box(o_main, MAIN_W)),
                (f"other_{name}_side", cols.other_side, layout_box(o_side, SIDE_W)),
            ]
        y = layout.row(y, boxes)
    layout.phases["Screening"] = (screening_top, y)
    y += ROW_GAP
    least = text_width("Included", 13) + 28
    bottom = layout.row(y, [("included", cols.main, layout_box(included(flow), MAIN_W))], least)
    layout.phases["Included"] = (y, bottom)
    layout.names = names
    return layout


def _backdrop(canvas: Canvas, cols: Columns, layout: Layout, other: bool) -> None:
    """Background, headers and phase bars first, so boxes and arrows sit on top."""
    if other:
        canvas.rect(
            cols.other - 12,
            MARGIN,
            SIDE_W + MAIN_W + ARROW_GAP + 24,
            layout.phases["Screening"][1] + 12 - MARGIN,
            fill=GREY_PANEL,
            stroke="none",
            radius=6,
            cls="panel",
        )
    header(
        canvas,
        cols.main,
        cols.side + SIDE_W - cols.main,
        YELLOW,
        "newstud",
        "Identification of new studies via databases and registers",
    )
    if other:
        header(
            canvas,
            cols.other,
            MAIN_W + ARROW_GAP + SIDE_W,
            GREY,
            "othstud",
            "Identification of new studies via other methods",
        )
    for label, (top, bottom) in layout.phases.items():
        phase(canvas, label, top, bottom)


def _arrows(canvas: Canvas, layout: Layout, other: bool) -> None:
    """Down each column, across to each side box, and from other methods to included."""
    placed = layout.placed

    def down(a: str, b: str) -> None:
        canvas.arrow([(placed[a].centre, placed[a].bottom), (placed[b].centre, placed[b].y)])

    def across(name: str, side: str) -> None:
        canvas.arrow(
            [(placed[name].right, placed[name].middle), (placed[side].x, placed[name].middle)]
        )

    chain = ["identification", *layout.names, "included"]
    for a, b in zip(chain, chain[1:], strict=False):
        down(a, b)
    for name in ["identification", *layout.names]:
        across(name, "removed" if name == "identification" else f"{name}_side")
    if not other:
        return
    o_chain = ["other_identification", "other_sought", "other_assessed"]
    for a, b in zip(o_chain, o_chain[1:], strict=False):
        down(a, b)
    for name in o_chain[1:]:
        across(name, f"{name}_side")
    last, inc = placed["other_assessed"], placed["included"]
    canvas.arrow([(last.centre, last.bottom), (last.centre, inc.middle), (inc.right, inc.middle)])


def _footer(flow: PrismaFlow) -> list[tuple[str, float, str]]:
    lines = [(f, 10.0, "#000000") for f in FOOTNOTES]
    lines += [(f"Note: {n}", 10.0, "#7F1D1D") for n in flow.notes]
    lines.append((CITATION, 9.0, "#555555"))
    return lines


def header(canvas: Canvas, x: float, width: float, fill: str, box_id: str, text: str) -> None:
    canvas.parts.append(f'<g id="{box_id}">')
    canvas.rect(x, MARGIN, width, HEADER_H, fill=fill, stroke="none", radius=6, cls="header")
    canvas.text(
        x + width / 2, MARGIN + HEADER_H / 2 + 5, text, size=13, weight="bold", anchor="middle"
    )
    canvas.parts.append("</g>")


def phase(canvas: Canvas, label: str, top: float, bottom: float) -> None:
    canvas.parts.append(f'<g id="phase-{label.lower()}">')
    canvas.rect(MARGIN, top, PHASE_W, bottom - top, fill=BLUE, stroke="none", radius=6, cls="phase")
    x, y = MARGIN + PHASE_W / 2 + 5, (top + bottom) / 2
    canvas.text(
        x,
        y,
        label,
        size=13,
        weight="bold",
        anchor="middle",
        transform=f"rotate(-90 {x:.1f} {y:.1f})",
    )
    canvas.parts.append("</g>")


def _document(canvas: Canvas, width: float, height: float) -> str:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}">\n'
        "<title>PRISMA 2020 flow diagram</title>\n"
        '<defs><marker id="head" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#000000"/>'
        "</marker></defs>\n"
        f'<rect width="{width:.0f}" height="{height:.0f}" fill="#FFFFFF"/>\n'
    )
    return head + "\n".join(canvas.parts) + "\n</svg>\n"
