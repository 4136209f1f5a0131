"""Critical appraisal of included studies: checklists, answers by two reviewers, exports."""

from typing import Any

from review.appraisal.answers import (
    StudyProgress,
    check_answer,
    finished_by,
    progress,
    record_answer,
    visible_answers,
)
from review.appraisal.conflicts import conflicts, design_conflicts, resolve_design, resolve_item
from review.appraisal.setup import appraisal_setup
from review.appraisal.studies import included_studies, record_design, study_labels
from review.appraisal.table import LONG_HEADER, appraisal_table, long_rows, wide_header, wide_rows
from review.base.appraisal_setup import AppraisalSetup
from review.base.checklists import Checklist, Item, load_checklist, shipped_checklists
from review.project import Project
from review.storage.appraisal import Answer, Resolution


def appraisal_rows(
    project: Project, viewer: str | None = None
) -> tuple[list[str], list[list[Any]]]:
    """The appraisal table for the generic exporter: (header, one row per study and checklist)."""
    table = appraisal_table(project, appraisal_setup(project), viewer)
    return wide_header(table), list(wide_rows(table))


def appraisal_long_rows(
    project: Project, viewer: str | None = None
) -> tuple[list[str], list[list[Any]]]:
    """The companion long table: every answer with justification and quote, and agreed ones."""
    table = appraisal_table(project, appraisal_setup(project), viewer)
    return list(LONG_HEADER), list(long_rows(table))


__all__ = [
    "appraisal_long_rows",
    "appraisal_rows",
    "Answer",
    "AppraisalSetup",
    "Checklist",
    "Item",
    "Resolution",
    "StudyProgress",
    "appraisal_setup",
    "check_answer",
    "conflicts",
    "design_conflicts",
    "finished_by",
    "included_studies",
    "load_checklist",
    "progress",
    "record_answer",
    "record_design",
    "resolve_design",
    "resolve_item",
    "shipped_checklists",
    "study_labels",
    "visible_answers",
]
