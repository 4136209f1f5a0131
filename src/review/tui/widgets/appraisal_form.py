"""What the appraisal view shows, as styled text: progress, the studies, the citation, the
checklist form with everyone's answers, and the chosen item's detail."""

from __future__ import annotations

from textual.content import Content

from review.appraisal.session import AppraisalSession
from review.base.checklists import Checklist, Item
from review.base.models import Record
from review.storage.appraisal import Answer
from review.tui.widgets.progress_line import bar
from review.tui.widgets.record_view import authors_line, citation

TONE_STYLES = {
    "good": "bold $text-success",
    "bad": "bold $text-error",
    "unclear": "bold $text-warning",
    "na": "$text-muted",
    "neutral": "bold",
}
BLIND_NOTE = "Others' answers hidden until you both finish this study (blind)"
KEYS_NOTE = "y yes · n no · c can't tell · x n/a · enter justify · j/k item · [ ] study"


def answer_text(checklist: Checklist, answer: Answer | None) -> Content:
    if answer is None or answer.answer is None:
        return Content.styled("·", "$text-muted")
    option = checklist.option(answer.answer)
    return Content.styled(
        checklist.label(answer.answer), TONE_STYLES[option.tone if option else "neutral"]
    )


def progress_text(s: AppraisalSession, study_index: int | None) -> Content:
    """The line above the view: which study, its design, how far the reviewer has got."""
    if study_index is None:
        return Content("No included studies to appraise yet (screen the full texts first).")
    rid = s.studies[study_index]
    done, total = s.progress(rid)
    conflict = s.design_conflict(rid)
    design = Content.styled(s.design(rid) or "not recorded", "bold")
    if conflict is not None and conflict.resolution is None:
        differ = " / ".join(f"{who} {d}" for who, d in sorted(conflict.designs.items()))
        design = Content.styled(f"differs ({differ}): r to agree", "bold $text-error")
    elif rid in s.agreed_designs:
        design += Content.styled(" (agreed)", "$text-success")
    return Content.assemble(
        (f"Study {study_index + 1} of {len(s.studies)}", "bold"),
        f"  ·  {s.labels[rid]}  ·  design ",
        design,
        "  ·  answered ",
        (f"{done}/{total}", "bold"),
        " ",
        (bar(done, total, 16), "$accent"),
        "  ·  studies finished ",
        (f"{s.studies_finished()}/{len(s.studies)}", "bold"),
    )


def studies_text(s: AppraisalSession, study_index: int | None) -> Content:
    """Every included study with the reviewer's answered count, the chosen one marked."""
    lines = [Content.styled("Included studies", "bold")]
    for n, rid in enumerate(s.studies):
        done, total = s.progress(rid)
        mark = "✓" if s.finished(rid) else " "
        count = f"{done}/{total}" if total else "—"
        line = Content(f"{mark} {s.labels[rid][:22]:<22} {count:>5}")
        if n == study_index:
            line = line.stylize("reverse bold")
        lines.append(line)
    return Content("\n").join(lines)


def citation_text(record: Record) -> Content:
    return Content("\n").join(
        [
            Content.styled(record.title or "(no title)", "bold"),
            Content(authors_line(record.authors)),
            Content.styled(citation(record), "italic $text-muted"),
            Content.styled(f"Record {record.record_id} · {record.source_name}", "$text-muted"),
        ]
    )


def form_text(s: AppraisalSession, rid: int, item_index: int) -> Content:
    """The study's checklists, an item a line: the reviewer's answer, then others' (where
    blinding allows) and the agreement on it; or, before a design, how to record one."""
    if s.design(rid) is None:
        designs = ", ".join(s.setup.designs)
        return Content.assemble(
            ("Press d to record this study's design ", "bold"),
            f"({designs}).\n",
            "Its checklists follow from the design (mixed designs get both).",
        )
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
        line = _item_line(s, rid, checklist, item, selected=n == item_index)
        if others:
            theirs = [a for a in others if a.checklist == checklist.id and a.item == item.code]
            for a in theirs:
                line += Content(f"  · {a.reviewer}: ") + answer_text(checklist, a)
        conflict = conflicts.get((checklist.id, item.code))
        if conflict is not None:
            line += Content.styled(
                "  agreed " + checklist.label(conflict.resolution.answer)
                if conflict.resolution
                else "  ≠",
                "$text-success" if conflict.resolution else "bold $text-error",
            )
        if n == item_index:
            line = line.stylize("on $boost")
        lines.append(line)
    return Content("\n").join(lines)


def _item_line(
    s: AppraisalSession, rid: int, checklist: Checklist, item: Item, selected: bool
) -> Content:
    """An item's code, text and the reviewer's answer, marked when justified, quoted or
    given a number."""
    mine = s.answer(rid, checklist.id, item.code)
    flags = ""
    if mine and mine.justification:
        flags += " ✎"
    if mine and mine.quote:
        flags += " ❝"
    if mine and mine.value is not None and item.value:
        flags += f" {mine.value:g}{item.value.unit}"
    return (
        Content.assemble(
            ("▶ " if selected else "  "),
            (f"{item.code:<5}", "bold"),
            f" {item.text[:40]:<40} ",
        )
        + answer_text(checklist, mine)
        + Content.styled(flags, "$text-muted")
    )


def detail_text(
    s: AppraisalSession, rid: int | None, found: tuple[Checklist, Item] | None
) -> Content | str:
    """The chosen item in full: guidance, the reviewer's answer, justification, quote and
    number, and the keys; only the blinding note when there is no item."""
    if rid is None or found is None:
        hidden = rid is not None and s.others(rid) is None
        return Content.styled(BLIND_NOTE, "$text-muted") if hidden else ""
    checklist, item = found
    mine = s.answer(rid, checklist.id, item.code)
    lines = [Content.assemble((f"{item.code}  ", "bold"), (item.text, "bold"))]
    if item.guidance:
        lines.append(Content.styled(item.guidance, "italic"))
    lines.append(Content("Your answer: ") + answer_text(checklist, mine))
    justification = mine.justification if mine and mine.justification else "—"
    lines.append(Content(f"Justification: {justification}"))
    lines.append(Content(f"Quote / page: {mine.quote if mine and mine.quote else '—'}"))
    if item.value:
        shown = f"{mine.value:g}{item.value.unit}" if mine and mine.value is not None else "—"
        lines.append(Content(f"{item.value.label}: {shown}  (v to enter)"))
    if s.others(rid) is None:
        lines.append(Content.styled(BLIND_NOTE, "$text-muted"))
    lines.append(Content.styled(KEYS_NOTE, "$text-muted"))
    return Content("\n").join(lines)
