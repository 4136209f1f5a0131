"""What the appraisal view shows, as styled text: progress, the studies, the citation, the
checklist form with everyone's answers (a line per item, cut to the width, never wrapped), the
overall judgement, and the chosen item's detail."""

from __future__ import annotations

from textual.content import Content

from review.appraisal.conflicts import Conflict
from review.appraisal.overall import Judgement, scale_label
from review.appraisal.session import AppraisalSession
from review.appraisal.table import short_names
from review.base.checklists import AnswerOption, Checklist, Item
from review.base.models import Record
from review.storage.appraisal import Answer, Resolution
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
FLAGS_WIDTH = 8  # justified ✎, quoted ❝, the number


def answer_text(checklist: Checklist, answer: Answer | None) -> Content:
    if answer is None or answer.answer is None:
        return Content.styled("·", "$text-muted")
    option = checklist.option(answer.answer)
    return Content.styled(
        checklist.label(answer.answer), TONE_STYLES[option.tone if option else "neutral"]
    )


def fit(text: str, width: int) -> str:
    """text in at most width cells, an ellipsis where it is cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


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
        " · design ",
        design,
        " · answered ",
        (f"{done}/{total}", "bold"),
        " ",
        (bar(done, total, 12), "$accent"),
        " · finished ",
        (f"{s.studies_finished()}/{len(s.studies)}", "bold"),
    )


def studies_text(s: AppraisalSession, study_index: int | None) -> Content:
    """Every included study with the reviewer's answered count, the chosen one marked."""
    lines = [Content.styled("Included studies", "bold")]
    for n, rid in enumerate(s.studies):
        done, total = s.progress(rid)
        mark = "✓" if s.finished(rid) else " "
        count = f"{done}/{total}" if total else "—"
        line = Content(f"{mark} {count:>5} {s.labels[rid]}")
        if n == study_index:
            line = line.stylize("reverse bold")
        lines.append(line)
    return Content("\n").join(lines)


def citation_text(record: Record, label: str) -> Content:
    return Content("\n").join(
        [
            Content.styled(f"{label} · {record.title or '(no title)'}", "bold"),
            Content(authors_line(record.authors)),
            Content.styled(f"{citation(record)} · record {record.record_id}", "italic $text-muted"),
        ]
    )


def form_lines(s: AppraisalSession, rid: int, item_index: int, width: int) -> list[Content]:
    """The study's checklists, an item a line: the reviewer's answer, then others' (where
    blinding allows) and the agreement on it; or, before a design, how to record one."""
    if s.design(rid) is None:
        designs = ", ".join(s.setup.designs)
        return [
            Content.styled(f"Press d to record this study's design ({designs}).", "bold"),
            Content("Its checklists follow from the design (mixed designs get both)."),
        ]
    others = s.others(rid)
    short = short_names(sorted({a.reviewer for a in others or []}))
    conflicts = s.conflicts(rid)
    items = s.items(rid)
    tails = [_others_tail(checklist, item, others, conflicts, short) for checklist, item in items]
    room = width - max((len(t.plain) for t in tails), default=0)  # answers in one column
    columns = (
        max((len(answer_text(c, s.answer(rid, c.id, i.code)).plain) for c, i in items), default=1),
        max((len(_flags(s, rid, c, i)) for c, i in items), default=0),
    )
    lines: list[Content] = []
    last = None
    for n, ((checklist, item), tail) in enumerate(zip(items, tails, strict=True)):
        if checklist.id != last:
            if last is not None:
                lines.append(Content(""))
            lines.append(Content.styled(fit(checklist.title, width), "bold underline"))
            last = checklist.id
        line = _item_line(s, rid, (checklist, item), n == item_index, room, columns) + tail
        lines.append(line.stylize("on $boost") if n == item_index else line)
    return lines


def _others_tail(
    checklist: Checklist,
    item: Item,
    others: list[Answer] | None,
    conflicts: dict[tuple[str, str], Conflict],
    short: dict[str, str],
) -> Content:
    """Others' answers to an item (where blinding allows) and where the reviewers stand."""
    tail = Content("")
    for a in [a for a in others or [] if a.checklist == checklist.id and a.item == item.code]:
        tail += Content(f" · {short[a.reviewer]}: ") + answer_text(checklist, a)
    conflict = conflicts.get((checklist.id, item.code))
    if conflict is not None:
        tail += Content.styled(
            " agreed " + checklist.label(conflict.resolution.answer)
            if conflict.resolution
            else " ≠ r agrees",
            "$text-success" if conflict.resolution else "bold $text-error",
        )
    return tail


def _flags(s: AppraisalSession, rid: int, checklist: Checklist, item: Item) -> str:
    """✎ justified, ❝ quoted, and the number given, of the reviewer's own answer."""
    mine = s.answer(rid, checklist.id, item.code)
    flags = ""
    if mine and mine.justification:
        flags += "✎"
    if mine and mine.quote:
        flags += "❝"
    if mine and mine.value is not None and item.value:
        flags += f" {mine.value:g}{item.value.unit}"
    return fit(flags, FLAGS_WIDTH)


def _item_line(
    s: AppraisalSession,
    rid: int,
    found: tuple[Checklist, Item],
    selected: bool,
    width: int,
    columns: tuple[int, int],
) -> Content:
    """An item's code, text (cut to fit), the reviewer's answer and its marks, the answers and
    the marks each in a column as wide as the study's widest (columns)."""
    checklist, item = found
    answer_width, flags_width = columns
    code = f"{'▶' if selected else ' '} {item.code:<5} "
    room = max(8, width - len(code) - answer_width - flags_width - 2)
    answer = answer_text(checklist, s.answer(rid, checklist.id, item.code))
    flags = _flags(s, rid, checklist, item)
    return (
        Content.assemble((code, "bold"), f"{fit(item.text, room):<{room}} ")
        + answer
        + Content(" " * (answer_width - len(answer.plain) + 1))
        + Content.styled(f"{flags:<{flags_width}}", "$text-muted")
    )


def overall_line(
    scale: tuple[AnswerOption, ...],
    mine: Judgement | None,
    others: list[Judgement] | None,
    agreed: Resolution | None,
    selected: bool,
) -> Content:
    """The study's overall judgement: the reviewer's, others' (where blinding allows), agreed."""
    option = next((o for o in scale if mine and o.code == mine.judgement), None)
    own = (
        Content.styled(option.label, TONE_STYLES[option.tone])
        if option
        else Content.styled("· (enter gives it)", "$text-muted")
    )
    line = Content.assemble(("▶ " if selected else "  ", "bold"), ("Overall judgement ", "bold"))
    line += own + Content.styled(" ✎" if mine and mine.justification else "", "$text-muted")
    short = short_names(sorted({j.reviewer for j in others or []}))
    for j in others or []:
        line += Content(f" · {short[j.reviewer]}: {scale_label(scale, j.judgement)}")
    codes = {j.judgement for j in others or []} | ({mine.judgement} if mine else set())
    if agreed is not None:
        line += Content.styled(f" agreed {scale_label(scale, agreed.answer)}", "$text-success")
    elif others and len(codes) > 1:
        line += Content.styled(" ≠ r agrees", "bold $text-error")
    return line.stylize("on $boost") if selected else line


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
    justification = mine.justification if mine and mine.justification else "—"
    quote = mine.quote if mine and mine.quote else "—"
    lines.append(
        Content("Your answer: ")
        + answer_text(checklist, mine)
        + Content(f" · justification: {justification} · quote/page: {quote}")
    )
    if item.value:
        shown = f"{mine.value:g}{item.value.unit}" if mine and mine.value is not None else "—"
        lines.append(Content(f"{item.value.label}: {shown}  (v to enter)"))
    if s.others(rid) is None:
        lines.append(Content.styled(BLIND_NOTE, "$text-muted"))
    return Content("\n").join(lines)


def judgement_detail(scale: tuple[AnswerOption, ...], mine: Judgement | None) -> Content:
    options = " · ".join(o.label for o in scale)
    why = mine.justification if mine and mine.justification else "—"
    return Content("\n").join(
        [
            Content.styled("Overall judgement of the study", "bold"),
            Content(f"Scale: {options}"),
            Content(f"Your judgement: {scale_label(scale, mine.judgement) if mine else '—'}"),
            Content(f"Justification: {why}"),
            Content.styled(
                "enter gives or changes it (then a justification) · r agrees it", "$text-muted"
            ),
        ]
    )
