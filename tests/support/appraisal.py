"""Shared helpers for the appraisal tests: included studies on a real project, answers."""

from __future__ import annotations

from pathlib import Path

from places import PROTOCOL
from review.appraisal.setup import appraisal_setup
from review.base.models import ParsedRecord
from review.project import Project, init_project
from review.storage.appraisal import Answer

# A checklist of a team's own, well formed (two items, one with a value).
GOOD = """
id = "mine"
title = "My checklist"
citation = "Us, 2024."
applies_to = ["qualitative"]
[[items]]
code = "M1"
text = "First"
value = { label = "Rate", unit = "%", min = 0, max = 100 }
[[items]]
code = "M2"
text = "Second"
"""

STUDIES = [
    ("Smith, K.; Bambra, C.; Joyce, K.", 2009, "Partners in health? Partnerships and outcomes"),
    ("Elston, J.", 2005, "Health action zones: a qualitative study"),
    ("Hunter, D.; Perkins, N.", 2011, "Partnership working and governance"),
    ("Jones, A.", 2001, "A before-and-after survey of local strategic partnerships"),
]


def include_studies(project: Project, count: int = 3, extra_excluded: int = 1) -> list[int]:
    """Import studies; both reviewers include the first `count` at both stages."""
    records = []
    for n in range(count + extra_excluded):
        authors, year, title = STUDIES[n % len(STUDIES)]
        records.append(
            ParsedRecord(
                position=n + 1,
                source_record_id=f"s{n + 1}",
                title=title,
                authors=authors.split("; "),
                year=year,
                journal="Journal of Public Health",
            )
        )
    project.store.add_source(name="Test database", kind="database", records=records)
    ids = project.store.record_ids()
    rows = []
    for rid in ids:
        decision = "include" if rid <= ids[0] + count - 1 else "exclude"
        for who in ("Reviewer A", "Reviewer B"):
            rows.append((rid, "title-abstract", who, decision, None, None, "decide"))
            if decision == "include":
                rows.append((rid, "full-text", who, "include", None, None, "decide"))
    project.store.add_decisions(rows)
    return ids[:count]


def answer_all(
    project: Project,
    record_id: int,
    reviewer: str,
    design: str = "qualitative",
    answer: str = "y",
    overrides: dict[str, str] | None = None,
) -> None:
    """Record a design and answer every item of its checklists (overrides by item code)."""
    setup = appraisal_setup(project)
    overrides = overrides or {}
    answers = [
        Answer(
            record_id,
            c.id,
            i.code,
            reviewer,
            overrides.get(i.code, answer),
            f"why {i.code}",
            f"p. {n + 1}",
        )
        for c in setup.checklists_for(design)
        for n, i in enumerate(c.items)
    ]
    project.store.append_appraisal(designs=[(record_id, reviewer, design)], answers=answers)


def overall_project(tmp_path: Path) -> Project:
    """A project whose protocol asks for an overall judgement per study."""
    text = PROTOCOL.read_text(encoding="utf-8").replace("score = false", "score = false\n"
                                                        "overall = true")  # fmt: skip
    protocol = tmp_path / "overall.toml"
    protocol.write_text(text, encoding="utf-8")
    return init_project(tmp_path / "p", protocol)
