"""Appraisal disagreements (items and designs) and recording the agreed answer; originals kept."""

from __future__ import annotations

from dataclasses import dataclass

from review.appraisal.answers import check_answer
from review.appraisal.studies import check_design
from review.base.appraisal_setup import AppraisalSetup
from review.project import Project
from review.screening.reconcile import METHODS, check_method
from review.storage.appraisal import DESIGN_CHECKLIST, Answer, Resolution

__all__ = [
    "METHODS",
    "Conflict",
    "DesignConflict",
    "conflicts",
    "design_conflicts",
    "resolve_item",
    "resolve_design",
]


@dataclass(frozen=True)
class Conflict:
    """An item two or more reviewers answered differently, with every current answer."""

    record_id: int
    checklist: str
    item: str
    answers: tuple[Answer, ...]
    resolution: Resolution | None


@dataclass(frozen=True)
class DesignConflict:
    record_id: int
    designs: dict[str, str]
    resolution: Resolution | None


def conflicts(
    project: Project, include_resolved: bool = True, record_id: int | None = None
) -> list[Conflict]:
    """Every item whose reviewers' current answers differ (or whose numbers differ, for an
    item with a numeric field), by study, checklist and item."""
    by_item: dict[tuple[int, str, str], list[Answer]] = {}
    for (rid, checklist, item, _who), a in project.store.current_answers(record_id).items():
        if a.answer is not None:
            by_item.setdefault((rid, checklist, item), []).append(a)
    resolutions = project.store.current_appraisal_resolutions()
    found = []
    for key in sorted(by_item, key=_order):
        answers = by_item[key]
        values = {a.value for a in answers}  # a number from one reviewer only differs too
        if len(answers) >= 2 and (len({a.answer for a in answers}) > 1 or len(values) > 1):
            if include_resolved or key not in resolutions:
                found.append(
                    Conflict(
                        *key, tuple(sorted(answers, key=lambda a: a.reviewer)), resolutions.get(key)
                    )
                )
    return found


def _order(key: tuple[int, str, str]) -> tuple[int, str, tuple[int, str]]:
    rid, checklist, item = key
    digits = "".join(ch for ch in item if ch.isdigit())
    return rid, checklist, (int(digits) if digits else 0, item)


def design_conflicts(project: Project, include_resolved: bool = True) -> list[DesignConflict]:
    """Studies whose reviewers recorded different designs."""
    by_study: dict[int, dict[str, str]] = {}
    for (rid, who), design in project.store.current_designs().items():
        by_study.setdefault(rid, {})[who] = design
    resolutions = project.store.current_appraisal_resolutions()
    found = []
    for rid in sorted(by_study):
        designs = by_study[rid]
        resolved = resolutions.get((rid, DESIGN_CHECKLIST, "design"))
        if len(set(designs.values())) > 1 and (include_resolved or resolved is None):
            found.append(DesignConflict(rid, designs, resolved))
    return found


def resolve_item(
    project: Project,
    setup: AppraisalSetup,
    record_id: int,
    checklist: str,
    item: str,
    answer: str,
    method: str,
    by: str,
    note: str | None = None,
    value: float | None = None,
) -> Resolution:
    """Append the agreed answer (and number, for an item with a numeric field) to an item;
    the reviewers' own answers are untouched."""
    by = project.reviewer_name(by, "--by NAME")
    check_method(method, by)
    _c, code = check_answer(setup, checklist, item, answer, value)
    row = Resolution(record_id, checklist, item, code or "", method, by, note or None, "", value)
    project.store.add_appraisal_resolutions([row])
    return row


def resolve_design(
    project: Project,
    setup: AppraisalSetup,
    record_id: int,
    design: str,
    method: str,
    by: str,
    note: str | None = None,
) -> Resolution:
    """Append the agreed design of a study."""
    check_method(method, by)
    design = check_design(setup, design)
    row = Resolution(record_id, DESIGN_CHECKLIST, "design", design, method, by, note or None, "")
    project.store.add_appraisal_resolutions([row])
    return row
