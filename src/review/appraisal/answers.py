"""Recording answers, each reviewer's progress per study, and what blinding lets them see."""

from __future__ import annotations

import math
from dataclasses import dataclass

from review.base.appraisal_setup import AppraisalSetup
from review.base.checklists import Checklist
from review.base.errors import InputError
from review.project import Project
from review.storage.appraisal import Answer


def check_answer(
    setup: AppraisalSetup,
    checklist_id: str,
    item_code: str,
    answer: str | None,
    value: float | None = None,
) -> tuple[Checklist, str | None]:
    """Validate an answer (a code or label, or None to clear); returns the checklist and code."""
    checklist = setup.checklist(checklist_id)
    if checklist is None:
        raise InputError(f"no checklist {checklist_id!r}; known: {', '.join(setup.checklists)}")
    item = checklist.item(item_code)
    if item is None:
        codes = ", ".join(i.code for i in checklist.items)
        raise InputError(f"checklist {checklist_id} has no item {item_code!r}; use {codes}")
    code = None
    if answer is not None:
        code = checklist.parse_answer(answer)
        if code is None:
            options = ", ".join(f"{a.code} ({a.label})" for a in checklist.answers)
            raise InputError(f"answer {answer!r} is not one of {options}")
    if value is not None:
        if item.value is None:
            raise InputError(f"item {item_code} of {checklist_id} takes no number")
        if not math.isfinite(value):
            raise InputError(f"{item.value.label} must be a number, not {value}")
        problem = item.value.check(value)
        if problem:
            raise InputError(problem)
    return checklist, code


def record_answer(
    project: Project,
    setup: AppraisalSetup,
    record_id: int,
    checklist_id: str,
    item_code: str,
    reviewer: str,
    answer: str | None,
    justification: str | None = None,
    quote: str | None = None,
    value: float | None = None,
) -> Answer:
    """Append one reviewer's answer to one item (a revision is just a later row)."""
    reviewer = project.reviewer_name(reviewer)
    _checklist, code = check_answer(setup, checklist_id, item_code, answer, value)
    row = Answer(
        record_id,
        checklist_id,
        item_code,
        reviewer,
        code,
        justification or None,
        quote or None,
        value,
    )
    return project.store.add_answers([row])[0]


@dataclass(frozen=True)
class StudyProgress:
    """One reviewer on one study: design, items answered of those the design calls for."""

    record_id: int
    reviewer: str
    design: str | None
    answered: int
    total: int

    @property
    def finished(self) -> bool:
        return self.design is not None and self.total > 0 and self.answered >= self.total


def progress(
    project: Project, setup: AppraisalSetup, record_ids: list[int], reviewer: str
) -> dict[int, StudyProgress]:
    """Progress of one reviewer on each study."""
    return _all_progress(project, setup, record_ids, [reviewer])[reviewer]


def _all_progress(
    project: Project, setup: AppraisalSetup, record_ids: list[int], reviewers: list[str]
) -> dict[str, dict[int, StudyProgress]]:
    designs = project.store.current_designs()
    agreed = project.store.agreed_designs()
    answered: set[tuple[int, str, str, str]] = {
        key for key, a in project.store.current_answers().items() if a.answer is not None
    }
    result: dict[str, dict[int, StudyProgress]] = {}
    for who in reviewers:
        mine = {}
        for rid in record_ids:
            design = agreed.get(rid) or designs.get((rid, who))
            checklists = setup.checklists_for(design)
            total = sum(len(c.items) for c in checklists)
            done = sum(
                1 for c in checklists for i in c.items if (rid, c.id, i.code, who) in answered
            )
            mine[rid] = StudyProgress(rid, who, design, done, total)
        result[who] = mine
    return result


def appraisers(project: Project) -> list[str]:
    """Everyone who recorded a design or an answer, protocol reviewers first."""
    seen = [r for (_rid, r) in project.store.current_designs()]
    seen += [key[3] for key in project.store.current_answers()]
    ordered = [r for r in project.protocol.reviewers if r in seen]
    return ordered + sorted(set(seen) - set(ordered))


def finished_by(
    project: Project, setup: AppraisalSetup, record_ids: list[int]
) -> dict[int, set[str]]:
    """record_id -> the reviewers who have answered every item their design calls for."""
    who = appraisers(project)
    table = _all_progress(project, setup, record_ids, who)
    return {rid: {r for r in who if table[r][rid].finished} for rid in record_ids}


def visible_answers(
    project: Project, setup: AppraisalSetup, record_id: int, viewer: str
) -> list[Answer]:
    """Others' current answers on a study the viewer may see: all if not blind, else only
    once the viewer and that other reviewer have both finished the study."""
    others = [
        a
        for (_rid, _c, _i, who), a in project.store.current_answers(record_id).items()
        if who != viewer and a.answer is not None
    ]
    if not setup.blind:
        return others
    done = finished_by(project, setup, [record_id])[record_id]
    if viewer not in done:
        return []
    return [a for a in others if a.reviewer in done]
