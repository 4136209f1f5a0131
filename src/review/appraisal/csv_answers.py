"""Answers from a CSV file (record_id, checklist, item, answer, note), all checked before any is
stored."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from review.appraisal.answers import check_answer
from review.appraisal.studies import check_design, included_studies, why_not_a_study
from review.base.appraisal_setup import AppraisalSetup
from review.base.errors import ImportFormatError, InputError
from review.base.row_files import RowErrors, csv_rows, require_columns
from review.project import Project
from review.screening.decision_files import record_id_for
from review.storage.appraisal import Answer

REQUIRED = ("checklist", "item", "answer")


@dataclass(frozen=True)
class AnswerImport:
    answers: list[Answer]
    designs: list[tuple[int, str, str]]


def read_answers(
    project: Project, setup: AppraisalSetup, path: Path, reviewer: str
) -> AnswerImport:
    """Every row of an answers file, or one ImportFormatError naming every bad line.

    Columns: record_id (or source_record_id), checklist, item, answer, note; optional quote
    (or page), value, design. Answers may be codes (y/n/c/x) or labels (yes, can't tell, ...).
    """
    reviewer = project.reviewer_name(reviewer, "--reviewer NAME")
    columns, lines_of = csv_rows(path)
    require_columns(path, columns, list(REQUIRED), " (and optionally note, quote, value, design)")
    known = set(project.store.record_ids())
    by_source = project.store.record_ids_by_source_record_id()
    included = set(included_studies(project))
    answers: list[Answer] = []
    lines: list[int] = []
    designs: dict[int, str] = {}
    errors = RowErrors(path)
    for line, row in lines_of:
        try:
            record_id = record_id_for(row, known, by_source, path, line)
            if record_id not in included:
                raise InputError(why_not_a_study(project, record_id))
            checklist = _cell(row, "checklist") or ""
            item = _cell(row, "item") or ""
            answer = _cell(row, "answer")
            if not answer:
                raise InputError("answer is empty")
            value = _number(_cell(row, "value"))
            _c, code = check_answer(setup, checklist, item, answer, value)
            design = _cell(row, "design")
            if design:
                design = check_design(setup, design)
                if designs.get(record_id, design) != design:
                    raise InputError(f"record {record_id} is given two designs in this file")
                designs[record_id] = design
        except ImportFormatError as exc:
            errors.add_error(exc)
            continue
        except InputError as exc:
            errors.add(line, str(exc))
            continue
        lines.append(line)
        answers.append(
            Answer(
                record_id,
                checklist,
                item,
                reviewer,
                code,
                _cell(row, "note"),
                _cell(row, "quote") or _cell(row, "page"),
                value,
            )
        )
    errors.raise_any()
    if not answers:
        raise ImportFormatError(path, "no answers in the file")
    _check_applies(project, setup, path, reviewer, answers, lines, designs)
    return AnswerImport(answers, [(rid, reviewer, d) for rid, d in designs.items()])


def _check_applies(
    project: Project,
    setup: AppraisalSetup,
    path: Path,
    reviewer: str,
    answers: list[Answer],
    lines: list[int],
    designs: dict[int, str],
) -> None:
    """Refuse an answer to a checklist that the study's design (given in the file, else
    recorded by this reviewer) is not appraised with: it would never be shown."""
    recorded = project.store.current_designs()
    for answer, line in zip(answers, lines, strict=True):
        rid = answer.record_id
        design = designs.get(rid) or recorded.get((rid, reviewer))
        if design is None:
            continue
        applies = [c.id for c in setup.checklists_for(design)]
        if answer.checklist not in applies:
            raise ImportFormatError(
                path,
                f"checklist {answer.checklist!r} is not used for {design} studies like record "
                f"{rid}; use {', '.join(applies) or 'none (no checklist for that design)'}",
                line=line,
            )


def _cell(row: dict[str, str], name: str) -> str | None:
    value = row.get(name)
    return value.strip() or None if isinstance(value, str) else None


def _number(text: str | None) -> float | None:
    if not text:
        return None
    try:
        return float(text.rstrip("%").strip())
    except ValueError:
        raise InputError(f"value {text!r} is not a number") from None


def import_answers(
    project: Project, setup: AppraisalSetup, path: Path, reviewer: str
) -> AnswerImport:
    """Read, validate, then store an answers file in one transaction."""
    found = read_answers(project, setup, path, reviewer)
    project.store.append_appraisal(designs=found.designs, answers=found.answers)
    return found
