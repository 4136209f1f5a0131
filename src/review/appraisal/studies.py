"""Included studies to appraise: which they are, a short label each, and their study designs."""

from __future__ import annotations

from review.base.appraisal_setup import AppraisalSetup
from review.base.errors import InputError
from review.base.models import Record
from review.project import Project
from review.screening.outcomes import passed_stage
from review.screening.retrieval import NOT_RETRIEVED, retrieval_status
from review.screening.studies import group_reports, report_links
from review.storage.appraisal import DESIGN_CHECKLIST


def included_studies(project: Project) -> list[int]:
    """One record id per included study, as PRISMA counts them.

    The included reports are those that passed the protocol's last screening stage (merged
    duplicates and reports marked not retrieved left out); reports linked to one study are
    one study, appraised under its main report if that is included, else its first report.
    """
    passed = passed_stage(project, project.protocol.stages[-1])
    status = retrieval_status(project, passed)
    reports = [r for r in passed if status[r][0] != NOT_RETRIEVED]
    kept = set(reports)
    return sorted(
        study if study in kept else ids[0]
        for study, ids in group_reports(reports, report_links(project.store)).items()
    )


def why_not_a_study(project: Project, record_id: int) -> str:
    """Why a record is not among the studies to appraise, in words a reviewer can act on."""
    links = report_links(project.store)
    if record_id in links:
        study = links[record_id]
        return f"record {record_id} is a report of study {study}: appraise record {study}"
    merged = project.store.merged_into(record_id)
    if merged is not None:
        return f"record {record_id} is a duplicate of record {merged}: appraise that one"
    status = retrieval_status(project, [record_id])[record_id]
    if status[0] == NOT_RETRIEVED:
        return f"record {record_id}'s report was not retrieved, so it is not appraised"
    return f"record {record_id} is not an included study (not past full text)"


def study_label(record: Record) -> str:
    """'Smith 2004' (first author's surname and year), else the start of the title."""
    if record.authors:
        first = record.authors[0]
        surname = first.split(",")[0].strip() if "," in first else first.split()[-1]
        if len(record.authors) > 2:
            surname += " et al."
        elif len(record.authors) == 2:
            second = record.authors[1]
            other = second.split(",")[0].strip() if "," in second else second.split()[-1]
            surname += f" & {other}"
        return f"{surname} {record.year or 'n.d.'}"
    title = (record.title or f"Record {record.record_id}").strip()
    return (title[:28] + "…") if len(title) > 29 else title


def study_labels(project: Project, record_ids: list[int]) -> dict[int, str]:
    """A distinct label per study: 'Smith 2004a', 'Smith 2004b' where two would be the same."""
    labels = {rid: study_label(project.store.record(rid)) for rid in record_ids}
    counts: dict[str, list[int]] = {}
    for rid, label in labels.items():
        counts.setdefault(label, []).append(rid)
    for label, rids in counts.items():
        if len(rids) > 1:
            for n, rid in enumerate(sorted(rids)):
                labels[rid] = f"{label}{chr(ord('a') + n)}" if n < 26 else f"{label} ({rid})"
    return labels


def check_design(setup: AppraisalSetup, design: str) -> str:
    design = design.strip().lower()
    if design not in setup.designs:
        known = ", ".join(setup.designs) or "(none: the protocol's [appraisal.designs] is empty)"
        raise InputError(f"unknown study design {design!r}; use {known}")
    return design


def record_design(
    project: Project, setup: AppraisalSetup, record_id: int, reviewer: str, design: str
) -> str:
    """Append this reviewer's view of a study's design; returns the design stored."""
    reviewer = project.reviewer_name(reviewer)
    design = check_design(setup, design)
    project.store.add_designs([(record_id, reviewer, design)])
    return design


def designs_of(project: Project, record_id: int) -> dict[str, str]:
    """reviewer -> current design for one study."""
    return {
        who: design
        for (rid, who), design in project.store.current_designs().items()
        if rid == record_id
    }


def agreed_design(project: Project, record_id: int) -> str | None:
    """The settled design: a recorded resolution, else what every reviewer recorded alike."""
    resolved = project.store.current_appraisal_resolutions().get(
        (record_id, DESIGN_CHECKLIST, "design")
    )
    if resolved:
        return resolved.answer
    found = set(designs_of(project, record_id).values())
    return found.pop() if len(found) == 1 else None
