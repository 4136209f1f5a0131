"""The traffic-light figure: studies by items, one panel per checklist, coloured by answer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from review.appraisal.table import (
    AGREED,
    DISAGREE,
    MISSING,
    PARTIAL,
    RESOLVED,
    AppraisalTable,
    Cell,
    StudyRow,
)
from review.base.checklists import Checklist

FONT = "Helvetica, Arial, sans-serif"
CELL = 28  # px between cell centres (wider where item codes are long)
RADIUS = 10
INK = "#222222"
MUTED = "#666666"
# Fill, symbol, symbol colour per answer tone; colour-blind-safe hues, symbols for greyscale.
TONES = {
    "good": ("#2b8a3e", "+", "#ffffff"),
    "bad": ("#c92a2a", "\u2212", "#ffffff"),
    "unclear": ("#f2b705", "?", "#222222"),
    "na": ("#adb5bd", "\u2013", "#ffffff"),
    "neutral": ("#4c6ef5", "\u2022", "#ffffff"),
}
STATES = {
    DISAGREE: ("#ffffff", "\u2260", INK, "Reviewers disagree (not yet reconciled)"),
    PARTIAL: ("#ffffff", "\u2026", MUTED, "One reviewer so far"),
    MISSING: ("#ffffff", "", MUTED, "Not answered"),
}


def _text_width(text: str, size: float) -> float:
    """A fair estimate of rendered width for a sans-serif font."""
    return sum(0.32 if ch in "il.,:;'|!" else 0.72 if ch.isupper() else 0.56 for ch in text) * size


def _t(
    x: float,
    y: float,
    text: str,
    size: float = 11,
    anchor: str = "start",
    weight: str = "normal",
    fill: str = INK,
    extra: str = "",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'font-weight="{weight}" fill="{fill}"{extra}>{escape(text)}</text>'
    )


def _marker(
    cx: float,
    cy: float,
    fill: str,
    symbol: str,
    ink: str,
    dashed: bool = False,
    stroke: str | None = None,
) -> list[str]:
    outline = stroke or ("#495057" if fill == "#ffffff" else fill)
    dash = ' stroke-dasharray="2.5 2"' if dashed else ""
    parts = [
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{RADIUS}" fill="{fill}" stroke="{outline}" '
        f'stroke-width="1.2"{dash}/>'
    ]
    if symbol:
        parts.append(
            _t(
                cx,
                cy + 4.6,
                symbol,
                14 if symbol in "+\u2212\u2260\u2013" else 12,
                "middle",
                "bold",
                ink,
            )
        )
    return parts


def _cell_marker(checklist: Checklist, cell: Cell, cx: float, cy: float) -> list[str]:
    if cell.state in (AGREED, RESOLVED) and cell.answer:
        option = checklist.option(cell.answer)
        fill, symbol, ink = TONES[option.tone if option else "neutral"]
        return _marker(cx, cy, fill, symbol, ink)
    fill, symbol, ink, _label = STATES[cell.state]
    return _marker(
        cx,
        cy,
        fill,
        symbol,
        ink,
        dashed=cell.state != DISAGREE,
        stroke=INK if cell.state == DISAGREE else "#adb5bd",
    )


def _cell_title(row: StudyRow, code: str, text: str, answer: str) -> str:
    return f"<title>{escape(f'{row.study} · {code} {text}: {answer}')}</title>"


CellText = Callable[[StudyRow, str], str]  # (row, item code) -> the cell's tooltip
KeyLine = list[tuple[str, str]]  # (item code, item text) per item on one line of the key


@dataclass(frozen=True)
class Grid:
    """The figure's measures: study labels, then one column per item, then the score and the
    overall judgement."""

    margin: int
    label_w: float
    pitch: float
    score_w: int
    width: float
    key_lines: dict[str, list[KeyLine]]
    overall_w: float = 0


def overall_text(row: StudyRow) -> str:
    """The overall judgement as the figure shows it: the agreed one, or how far it is."""
    if "(disagree)" in row.overall:
        return "differ"
    return "…" if ": " in row.overall else row.overall or "–"


def _grid(table: AppraisalTable, panels: list[tuple[Checklist, list[StudyRow]]]) -> Grid:
    labels = [r.study for r in table.rows] or ["(no studies)"]
    label_w = max(_text_width(s, 11) for s in labels) + 16
    margin = 16
    pitch = max([CELL] + [_text_width(i.code, 10) + 8 for c, _ in panels for i in c.items])
    max_items = max((len(c.items) for c, _ in panels), default=1)
    score_w = 48 if table.score_rule else 0  # a score after each row
    overall_w = (
        max([_text_width("Overall", 10)] + [_text_width(overall_text(r), 11) for r in table.rows])
        + 20
        if table.overall
        else 0
    )
    grid_w = max_items * pitch + score_w + overall_w
    key_lines = {c.id: _key_lines(c, label_w + grid_w) for c, _ in panels}
    width = margin * 2 + label_w + max(grid_w, 360)
    widest_key = max(
        (
            max((_text_width(_key_plain(ln), 10) for ln in key_lines[c.id]), default=0)
            for c, _ in panels
        ),
        default=0,
    )
    width = max(width, margin * 2 + widest_key)
    return Grid(margin, label_w, pitch, score_w, width, key_lines, overall_w)


def traffic_light_svg(table: AppraisalTable, cell_text: CellText) -> str:
    """A standalone SVG document; cell_text(row, code) gives each cell's tooltip."""
    panels = [(c, [r for r in table.rows if r.checklist.id == c.id]) for c in table.checklists]
    panels = [(c, rows) for c, rows in panels if rows]
    grid = _grid(table, panels)
    margin, width = grid.margin, grid.width
    body: list[str] = []
    y: float = margin
    for checklist, rows in panels:
        y = _panel(body, grid, checklist, rows, y, cell_text)
    if not panels:
        body.append(_t(margin, y + 12, "No included study has been appraised yet.", 12))
        y += 30
    legend, y = _legend(table, margin, y, width - 2 * margin)
    body.extend(legend)
    height = y + margin
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="{FONT}" role="img" '
        f'aria-label="Critical appraisal of included studies">'
    )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            head,
            "<title>Critical appraisal of included studies</title>",
            f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
            *body,
            "</svg>",
            "",
        ]
    )


def _panel(
    body: list[str],
    grid: Grid,
    checklist: Checklist,
    rows: list[StudyRow],
    y: float,
    cell_text: CellText,
) -> float:
    """One checklist's panel: title, item codes, a row per study, the key; returns its end."""
    margin, pitch, score_w = grid.margin, grid.pitch, grid.score_w
    body.append(_t(margin, y + 12, checklist.title, 13, weight="bold"))
    y += 30
    x0 = margin + grid.label_w
    for n, item in enumerate(checklist.items):
        body.append(_t(x0 + n * pitch + pitch / 2, y, item.code, 10, "middle", "bold", MUTED))
    score_x = x0 + len(checklist.items) * pitch + score_w / 2
    if score_w:
        body.append(_t(score_x, y, "Score", 10, "middle", "bold", MUTED))
    overall_x = x0 + len(checklist.items) * pitch + score_w + 10
    if grid.overall_w:
        body.append(_t(overall_x, y, "Overall", 10, "start", "bold", MUTED))
    y += 8
    top = y
    for k, row in enumerate(rows):
        cy = y + CELL / 2
        if k % 2 == 0:
            band = grid.label_w + len(checklist.items) * pitch + score_w + grid.overall_w
            body.append(
                f'<rect x="{margin}" y="{y:.1f}" width="{band:.1f}" height="{CELL}" '
                'fill="#f3f4f6"/>'
            )
        body.extend(_study_row(grid, checklist, row, cy, cell_text))
        if score_w:
            body.append(_t(score_x, cy + 4, row.score() or "–", 11, "middle"))
        if grid.overall_w:
            body.append(_t(overall_x, cy + 4, overall_text(row), 11, "start"))
        y += CELL
    body.append(
        f'<line x1="{x0:.1f}" y1="{top - 2:.1f}" x2="{x0:.1f}" y2="{y + 2:.1f}" '
        f'stroke="#ced4da" stroke-width="1"/>'
    )
    y += 14
    for line in grid.key_lines[checklist.id]:
        body.append(_key_text(margin, y + 10, line))
        y += 14
    return y + 18


def _study_row(
    grid: Grid, checklist: Checklist, row: StudyRow, cy: float, cell_text: CellText
) -> list[str]:
    """A study's label and one marker per item, each with its tooltip and data attributes."""
    x0 = grid.margin + grid.label_w
    parts = [
        _t(
            grid.margin + grid.label_w - 10,
            cy + 4,
            row.study,
            11,
            "end",
            extra=f" data-record={quoteattr(str(row.record_id))}",
        )
    ]
    for n, item in enumerate(checklist.items):
        cell = row.cells[item.code]
        cx = x0 + n * grid.pitch + grid.pitch / 2
        attrs = (
            f'class="cell" data-study={quoteattr(str(row.record_id))} '
            f"data-checklist={quoteattr(checklist.id)} data-item={quoteattr(item.code)} "
            f'data-state="{cell.state}"'
        )
        parts.append(f"<g {attrs}>")
        parts.append(
            _cell_title(row, item.code, item.text, cell_text(row, item.code) or "not answered")
        )
        parts.extend(_cell_marker(checklist, cell, cx, cy))
        parts.append("</g>")
    return parts


def _key_lines(checklist: Checklist, width: float) -> list[KeyLine]:
    """[(code, text), ...] per line: 'QL1 Aims clearly stated; QL2 ...' wrapped to width."""
    lines: list[KeyLine] = []
    current: KeyLine = []
    for item in checklist.items:
        candidate = [*current, (item.code, item.text)]
        if current and _text_width(_key_plain(candidate), 10) > max(width, 420):
            lines.append(current)
            current = [(item.code, item.text)]
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _key_plain(line: KeyLine) -> str:
    return "; ".join(f"{code} {text}" for code, text in line) + ";"


def _key_text(x: float, y: float, line: KeyLine) -> str:
    spans = []
    for n, (code, text) in enumerate(line):
        sep = "" if n == 0 else "; "
        spans.append(
            f'{sep}<tspan font-weight="bold" fill="{INK}">{escape(code)}</tspan> {escape(text)}'
        )
    return f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" fill="{MUTED}">{"".join(spans)}</text>'


def _legend(table: AppraisalTable, x: float, y: float, width: float) -> tuple[list[str], float]:
    seen: dict[str, str] = {}
    for checklist in table.checklists:
        for option in checklist.answers:
            seen.setdefault(option.tone, option.label)
            if option.label not in seen[option.tone].split(" / "):
                seen[option.tone] += f" / {option.label}"
    entries = [(TONES[t], label) for t, label in seen.items()]
    states = {c.state for r in table.rows for c in r.cells.values()}
    for state in (DISAGREE, PARTIAL, MISSING):
        if state in states:
            fill, symbol, ink, label = STATES[state]
            entries.append(((fill, symbol, ink), label))
    parts = [
        f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x + width:.1f}" y2="{y:.1f}" stroke="#ced4da"/>'
    ]
    y += 22
    cx = x + RADIUS
    for (fill, symbol, ink), label in entries:
        span = 2 * RADIUS + 8 + _text_width(label, 11) + 22
        if cx + span > x + width and cx > x + RADIUS:
            cx = x + RADIUS
            y += 28
        shown = next((s for s, v in STATES.items() if v[3] == label), None)
        parts.extend(
            _marker(
                cx,
                y,
                fill,
                symbol,
                ink,
                dashed=shown in (PARTIAL, MISSING),
                stroke=INK if shown == DISAGREE else ("#adb5bd" if shown else None),
            )
        )
        parts.append(_t(cx + RADIUS + 7, y + 4, label, 11))
        cx += span
    if table.score_rule:
        y += 12
        for line in _wrapped(table.score_rule, width, 10):
            y += 14
            parts.append(_t(x, y, line, 10, fill=MUTED))
    return parts, y + RADIUS


def _wrapped(text: str, width: float, size: int) -> list[str]:
    """Text broken into lines at spaces so that each fits the width."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and _text_width(candidate, size) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return [*lines, current] if current else lines
