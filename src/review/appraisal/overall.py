"""A study's overall judgement (high / moderate / low, or its checklist's own scale), with a
justification: each reviewer's, appended; the agreed one where they differ; blind as answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from review.appraisal.answers import finished_by
from review.appraisal.studies import included_studies, why_not_a_study
from review.base.appraisal_setup import AppraisalSetup
from review.base.checklists import DEFAULT_OVERALL, AnswerOption
from review.base.errors import InputError
from review.project import Project
from review.screening.reconcile import check_method
from review.storage.appraisal import Resolution
from review.storage.judgements import OVERALL_CHECKLIST, OVERALL_ITEM


@dataclass(frozen=True)
class Judgement:
    record_id: int
    reviewer: str
    judgement: str
    justification: str | None
    time: str


def overall_scale(setup: AppraisalSetup, design: str | None) -> tuple[AnswerOption, ...]:
    """The scale of a study of this design: its first checklist's own, else high/moderate/low."""
    for checklist in setup.checklists_for(design):
        if checklist.overall:
            return checklist.overall
    return DEFAULT_OVERALL


def scale_label(scale: tuple[AnswerOption, ...], code: str | None) -> str:
    found = next((o for o in scale if o.code == code), None)
    return found.label if found else (code or "")


def parse_judgement(scale: tuple[AnswerOption, ...], text: str) -> str:
    wanted = text.strip().casefold()
    for option in scale:
        if wanted in (option.code.casefold(), option.label.casefold()):
            return option.code
    options = ", ".join(f"{o.code} ({o.label})" for o in scale)
    raise InputError(f"overall judgement {text!r} is not one of {options}")


def _check(project: Project, setup: AppraisalSetup, record_id: int) -> None:
    if not setup.overall:
        raise InputError(
            "this protocol asks for no overall judgement (set overall = true under [appraisal])"
        )
    if record_id not in included_studies(project):
        raise InputError(why_not_a_study(project, record_id))


def record_judgement(
    project: Project,
    setup: AppraisalSetup,
    record_id: int,
    reviewer: str,
    judgement: str | None,
    justification: str | None,
    design: str | None,
) -> str | None:
    """Append a reviewer's overall judgement (None takes it back); returns its code."""
    _check(project, setup, record_id)
    reviewer = project.reviewer_name(reviewer)
    code = parse_judgement(overall_scale(setup, design), judgement) if judgement else None
    project.store.add_judgement(record_id, reviewer, code, (justification or "").strip() or None)
    return code


def judgements(project: Project, record_id: int | None = None) -> dict[tuple[int, str], Judgement]:
    """(record_id, reviewer) -> each reviewer's standing judgement (taken-back ones left out)."""
    return {
        key: Judgement(key[0], key[1], j, why, time)
        for key, (j, why, time) in project.store.current_judgements().items()
        if j is not None and (record_id is None or key[0] == record_id)
    }


def visible_judgements(
    project: Project, setup: AppraisalSetup, record_id: int, viewer: str
) -> list[Judgement]:
    """Others' judgements the viewer may see: all if not blind, else once both finished."""
    others = [j for (_r, who), j in judgements(project, record_id).items() if who != viewer]
    if not setup.blind:
        return others
    done = finished_by(project, setup, [record_id])[record_id]
    return [j for j in others if viewer in done and j.reviewer in done]


def agreed_judgement(project: Project, record_id: int) -> Resolution | None:
    resolutions = project.store.current_appraisal_resolutions()
    return resolutions.get((record_id, OVERALL_CHECKLIST, OVERALL_ITEM))


def resolve_judgement(
    project: Project,
    setup: AppraisalSetup,
    record_id: int,
    judgement: str,
    method: str,
    by: str,
    note: str | None,
    design: str | None,
) -> Resolution:
    """Append the agreed overall judgement of a study."""
    _check(project, setup, record_id)
    by = project.reviewer_name(by, "--by NAME")
    check_method(method, by)
    code = parse_judgement(overall_scale(setup, design), judgement)
    row = Resolution(record_id, OVERALL_CHECKLIST, OVERALL_ITEM, code, method, by, note, "")
    project.store.add_appraisal_resolutions([row])
    return row


def overall_cell(
    scale: tuple[AnswerOption, ...], given: list[Judgement], agreed: Resolution | None
) -> str:
    """'High quality' (agreed, or everyone the same), 'A: High quality / B: Low quality
    (disagree)', 'A: High quality' (one so far), or ''."""
    if agreed is not None:
        return scale_label(scale, agreed.answer)
    codes = {j.judgement for j in given}
    if len(given) >= 2 and len(codes) == 1:
        return scale_label(scale, given[0].judgement)
    text = " / ".join(f"{j.reviewer}: {scale_label(scale, j.judgement)}" for j in given)
    return text + (" (disagree)" if len(codes) > 1 else "")


def overall_rows(
    scale: tuple[AnswerOption, ...],
    base: list[Any],
    given: list[Judgement],
    agreed: Resolution | None,
) -> list[list[Any]]:
    """The long table's rows of a study's overall judgement: each reviewer's, the agreed."""
    rows = [
        base
        + [
            j.reviewer,
            scale_label(scale, j.judgement),
            None,
            "",
            j.justification,
            None,
            "",
            "",
            j.time,
        ]
        for j in given
    ]
    if agreed is not None:
        method = f"{agreed.method} ({agreed.decided_by})"
        rows.append(
            base
            + [
                "(agreed)",
                scale_label(scale, agreed.answer),
                None,
                "",
                None,
                None,
                method,
                agreed.note,
                agreed.time,
            ]
        )
    return rows
