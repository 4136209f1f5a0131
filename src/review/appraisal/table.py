"""The appraisal table: per study and checklist, each item's agreed answer or the disagreement."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from review.appraisal.answers import appraisers, finished_by
from review.appraisal.overall import (
    agreed_judgement,
    judgements,
    overall_cell,
    overall_rows,
    overall_scale,
)
from review.appraisal.studies import included_studies, study_labels
from review.base.appraisal_setup import AppraisalSetup
from review.base.checklists import Checklist
from review.project import Project
from review.storage.appraisal import DESIGN_CHECKLIST, Answer, Resolution

AGREED, RESOLVED, DISAGREE, PARTIAL, MISSING = (
    "agreed",
    "resolved",
    "disagreement",
    "incomplete",
    "missing",
)
SCORE_RULE = (
    "Score = items agreed with a favourable answer (Yes) out of the items that apply "
    "(items agreed Not applicable are left out); given only once every item is agreed."
)


@dataclass(frozen=True)
class Cell:
    """One item of one study: its state, the agreed answer code, and every visible answer."""

    state: str
    answer: str | None
    answers: tuple[Answer, ...] = ()
    resolution: Resolution | None = None


@dataclass
class StudyRow:
    record_id: int
    source_record_id: str | None
    study: str
    title: str
    design: str
    checklist: Checklist
    cells: dict[str, Cell] = field(default_factory=dict)
    # each reviewer's design of the study, and the agreed one where they differed
    designs: dict[str, str] = field(default_factory=dict)
    design_resolution: Resolution | None = None
    overall: str = ""  # the overall judgement, where the protocol asks for one
    overall_long: list[list[Any]] = field(default_factory=list)

    @property
    def disagreements(self) -> int:
        return sum(1 for c in self.cells.values() if c.state == DISAGREE)

    @property
    def status(self) -> str:
        if self.checklist is NOT_APPRAISED:
            return "not appraised"
        if len(set(self.designs.values())) > 1 and self.design_resolution is None:
            return "designs differ"  # agree the design first (the app: r)
        if self.disagreements:
            n = self.disagreements
            return f"{n} disagreement" + ("s" if n > 1 else "")
        if all(c.state in (AGREED, RESOLVED) for c in self.cells.values()):
            return "agreed"
        return "incomplete"

    def score(self) -> str:
        """'7/9' (favourable of applicable) once every item is agreed, else ''."""
        if self.status != "agreed":
            return ""
        tones = [
            option.tone
            for c in self.cells.values()
            if c.answer and (option := self.checklist.option(c.answer))
        ]
        applicable = [t for t in tones if t != "na"]
        return f"{sum(1 for t in applicable if t == 'good')}/{len(applicable)}"


# The checklist of the row of an included study nobody has appraised yet (no design, no
# answers): the table still has a row for every study PRISMA counts.
NOT_APPRAISED = Checklist(id="", title="Not appraised yet", applies_to=(), citation="", items=())


@dataclass
class AppraisalTable:
    rows: list[StudyRow]
    checklists: list[Checklist]
    reviewers: list[str]
    score_rule: str | None
    overall: bool = False  # the protocol asks for an overall judgement per study


def _design_text(designs: dict[str, str], resolved: Resolution | None) -> str:
    if resolved:
        return resolved.answer
    found = set(designs.values())
    if len(found) == 1:
        return found.pop()
    return " / ".join(f"{who}: {d}" for who, d in sorted(designs.items()))


def _checklists_for_study(
    setup: AppraisalSetup,
    designs: dict[str, str],
    resolved: Resolution | None,
    answered: set[str],
) -> list[Checklist]:
    agreed = resolved.answer if resolved else None
    if agreed is None and len(set(designs.values())) == 1:
        agreed = next(iter(designs.values()))
    wanted = [agreed] if agreed else sorted(set(designs.values()))
    ids: list[str] = []
    for design in wanted:
        ids += [c.id for c in setup.checklists_for(design) if c.id not in ids]
    if not agreed:
        ids += sorted(c for c in answered if c not in ids and c in setup.checklists)
    order = {c: n for n, c in enumerate(setup.checklists)}
    return [setup.checklists[c] for c in sorted(ids, key=lambda c: (order.get(c, 0), c))]


def appraisal_table(
    project: Project, setup: AppraisalSetup, viewer: str | None = None
) -> AppraisalTable:
    """Every included study's appraisal; with a viewer, only what blinding lets them see."""
    studies = included_studies(project)
    labels = study_labels(project, studies)
    answers = project.store.current_answers()
    designs_now = project.store.current_designs()
    resolutions = project.store.current_appraisal_resolutions()
    done = finished_by(project, setup, studies) if viewer and setup.blind else {}
    rows: list[StudyRow] = []
    used: list[Checklist] = []
    for rid in studies:
        allowed = _allowed(viewer, done.get(rid, set()), setup.blind)
        mine = [a for k, a in answers.items() if k[0] == rid and allowed(a.reviewer)]
        designs = {w: d for (r, w), d in designs_now.items() if r == rid and allowed(w)}
        resolved_design = resolutions.get((rid, DESIGN_CHECKLIST, "design"))
        record = project.store.record(rid)
        checklists = _checklists_for_study(
            setup, designs, resolved_design, {a.checklist for a in mine if a.answer}
        )
        for checklist in checklists or [NOT_APPRAISED]:
            if checklist not in used and checklist is not NOT_APPRAISED:
                used.append(checklist)
            row = StudyRow(
                rid,
                record.source_record_id,
                labels[rid],
                record.title or "",
                _design_text(designs, resolved_design),
                checklist,
                designs=designs,
                design_resolution=resolved_design,
            )
            for item in checklist.items:
                given = tuple(
                    sorted(
                        (
                            a
                            for a in mine
                            if a.checklist == checklist.id and a.item == item.code and a.answer
                        ),
                        key=lambda a: a.reviewer,
                    )
                )
                row.cells[item.code] = _cell(given, resolutions.get((rid, checklist.id, item.code)))
            rows.append(row)
    if setup.overall:
        _add_overall(project, setup, rows, viewer, done)
    score = SCORE_RULE if setup.score else None
    return AppraisalTable(rows, used, appraisers(project), score, overall=setup.overall)


def _add_overall(
    project: Project,
    setup: AppraisalSetup,
    rows: list[StudyRow],
    viewer: str | None,
    done: dict[int, set[str]],
) -> None:
    """Each study's overall judgement (what blinding lets the viewer see) on its rows."""
    given = judgements(project)
    for row in rows:
        allowed = _allowed(viewer, done.get(row.record_id, set()), setup.blind)
        mine = sorted(
            (j for (rid, who), j in given.items() if rid == row.record_id and allowed(who)),
            key=lambda j: j.reviewer,
        )
        agreed = agreed_judgement(project, row.record_id)
        design = row.design_resolution.answer if row.design_resolution else row.design
        scale = overall_scale(setup, design)
        row.overall = overall_cell(scale, mine, agreed)
        base = [row.record_id, row.source_record_id, row.study, "", "overall", "Overall judgement"]
        row.overall_long = overall_rows(scale, base, mine, agreed)


def _allowed(viewer: str | None, finished: set[str], blind: bool) -> Callable[[str], bool]:
    if viewer is None or not blind:
        return lambda who: True
    return lambda who: who == viewer or (viewer in finished and who in finished)


def _cell(given: tuple[Answer, ...], resolution: Resolution | None) -> Cell:
    if resolution:
        return Cell(RESOLVED, resolution.answer, given, resolution)
    codes = {a.answer for a in given}
    # the same number from everyone, or none: a number from one reviewer only is not agreed
    numbers_differ = len({a.value for a in given}) > 1
    if len(given) >= 2 and len(codes) == 1 and not numbers_differ:
        return Cell(AGREED, given[0].answer, given)
    if len(codes) > 1 or numbers_differ:  # the same answer with other numbers: not agreed
        return Cell(DISAGREE, None, given)
    if given:
        return Cell(PARTIAL, None, given)
    return Cell(MISSING, None)


def _value_text(cell: Cell, unit: str, short: dict[str, str] | None = None) -> str:
    if cell.resolution is not None and cell.resolution.value is not None:
        return f" ({cell.resolution.value:g}{unit})"
    values = {a.reviewer: a.value for a in cell.answers if a.value is not None}
    if not values:
        return ""
    if len(set(values.values())) == 1:
        return f" ({next(iter(values.values())):g}{unit})"
    named = short or {}
    return " (" + " / ".join(f"{named.get(w, w)} {v:g}{unit}" for w, v in values.items()) + ")"


def cell_text(row: StudyRow, code: str, reviewers: list[str]) -> str:
    """'Yes', 'Yes (72%)', 'A: Yes / B: No (disagree)', 'A: Yes / B: —' (pending), or ''."""
    cell = row.cells[code]
    checklist = row.checklist
    item = checklist.item(code)
    unit = item.value.unit if item and item.value else ""
    if cell.state in (AGREED, RESOLVED):
        return checklist.label(cell.answer) + _value_text(cell, unit)
    if cell.state == MISSING:
        return ""
    by = {a.reviewer: a for a in cell.answers}
    names = [r for r in reviewers if r in by] + sorted(set(by) - set(reviewers))
    if cell.state == PARTIAL:
        names += [r for r in reviewers[:2] if r not in names]
    short = short_names(names)
    parts = [f"{short[w]}: {checklist.label(by[w].answer) if w in by else '—'}" for w in names]
    text = " / ".join(parts) + _value_text(cell, unit, short)
    return text + (" (disagree)" if cell.state == DISAGREE else "")


def short_names(names: list[str]) -> dict[str, str]:
    """'Reviewer A' -> 'A' where each reviewer's last word is distinct, else names unchanged."""
    last = {n: n.split()[-1] if n.split() else n for n in names}
    return last if len(set(last.values())) == len(last) else {n: n for n in names}


def column_names(table: AppraisalTable) -> list[tuple[str, str, str]]:
    """(column name, checklist id, item code) for every item, qualified where codes clash."""
    codes: dict[str, int] = {}
    for checklist in table.checklists:
        for item in checklist.items:
            codes[item.code] = codes.get(item.code, 0) + 1
    return [
        (
            item.code if codes[item.code] == 1 else f"{checklist.id}:{item.code}",
            checklist.id,
            item.code,
        )
        for checklist in table.checklists
        for item in checklist.items
    ]


def wide_header(table: AppraisalTable) -> list[str]:
    head = ["record_id", "source_record_id", "study", "title", "design", "checklist", "status"]
    if table.score_rule:
        head.append("score")
    if table.overall:
        head.append("overall")
    return head + [name for name, _c, _i in column_names(table)]


def wide_rows(table: AppraisalTable) -> Iterator[list[Any]]:
    """One row per study and checklist; items of other checklists left blank."""
    columns = column_names(table)
    for row in table.rows:
        out: list[Any] = [
            row.record_id,
            row.source_record_id,
            row.study,
            row.title,
            row.design,
            row.checklist.id,
            row.status,
        ]
        if table.score_rule:
            out.append(row.score())
        if table.overall:
            out.append(row.overall)
        for _name, checklist, code in columns:
            out.append(
                cell_text(row, code, table.reviewers) if checklist == row.checklist.id else ""
            )
        yield out


LONG_HEADER = [
    "record_id",
    "source_record_id",
    "study",
    "checklist",
    "item",
    "item_text",
    "reviewer",
    "answer",
    "value",
    "unit",
    "justification",
    "quote",
    "method",
    "note",
    "time",
]


def long_rows(table: AppraisalTable) -> Iterator[list[Any]]:
    """Each study's designs (every reviewer's, then the agreed one with how and by whom), then
    every visible answer with its justification and quote, then the agreed answer if any."""
    shown: set[int] = set()
    for row in table.rows:
        if row.record_id not in shown:
            shown.add(row.record_id)
            yield from _design_rows(row)
            yield from row.overall_long
        checklist = row.checklist
        for item in checklist.items:
            cell = row.cells[item.code]
            unit = item.value.unit if item.value else ""
            base = [
                row.record_id,
                row.source_record_id,
                row.study,
                checklist.id,
                item.code,
                item.text,
            ]
            for a in cell.answers:
                yield base + [
                    a.reviewer,
                    checklist.label(a.answer),
                    a.value,
                    unit,
                    a.justification,
                    a.quote,
                    "",
                    "",
                    a.time,
                ]
            if cell.resolution:
                r = cell.resolution
                yield base + [
                    "(agreed)",
                    checklist.label(r.answer),
                    r.value,
                    unit,
                    None,
                    None,
                    f"{r.method} ({r.decided_by})",
                    r.note,
                    r.time,
                ]


def _design_rows(row: StudyRow) -> Iterator[list[Any]]:
    """The long table's rows of a study's design: one per reviewer, then the agreed one."""
    base = [row.record_id, row.source_record_id, row.study, "", "design", "Study design"]
    for who, design in sorted(row.designs.items()):
        yield base + [who, design, None, "", None, None, "", "", None]
    r = row.design_resolution
    if r is not None:
        method = f"{r.method} ({r.decided_by})"
        yield base + ["(agreed)", r.answer, None, "", None, None, method, r.note, r.time]
