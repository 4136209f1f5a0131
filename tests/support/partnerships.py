"""The partnerships review's flow in numbers, built as a project: sources, records, decisions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from places import PROTOCOL
from review.base.models import ParsedRecord
from review.project import Project, init_project

A, B = "Reviewer A", "Reviewer B"
TA, FT = "title-abstract", "full-text"

# The sources and counts reported in Appendix 1 of the 2011 report (1288 records in all).
# The brief's proof treats all twelve as database searches.
PARTNERSHIP_SOURCES = (
    ("ASSIA", 25),
    ("CareData", 173),
    ("CINAHL", 79),
    ("Embase", 80),
    ("HSMC partnership programme publications", 88),
    ("HSMC current publications", 1),
    ("IBSS", 21),
    ("King's Fund", 300),
    ("MEDLINE", 286),
    ("Social Services Abstracts", 49),
    ("Sociological Abstracts", 29),
    ("Social Sciences Citation Index", 157),
)


def make_records(prefix: str, count: int) -> list[ParsedRecord]:
    return [
        ParsedRecord(
            position=i,
            source_record_id=f"{prefix}-{i}",
            title=f"Partnership working and health outcomes ({prefix} {i})",
            authors=[f"Author{i}, A.", "Smith, K. E."],
            year=1997 + i % 12,
            journal="Journal of Public Health",
            doi=f"10.1000/{prefix.lower()}.{i}",
        )
        for i in range(1, count + 1)
    ]


def ta_rows(ids: list[int], a: str, b: str, reason_a=None, reason_b=None):
    return [(rid, TA, A, a, reason_a, None, "decide") for rid in ids] + [
        (rid, TA, B, b, reason_b, None, "decide") for rid in ids
    ]


def build_partnerships(root: Path, database: str | None = None) -> tuple[Project, dict]:
    """1288 records from 12 sources, 230 duplicates, two reviewers' decisions to 31 studies."""
    project = init_project(root, PROTOCOL, database=database)
    store = project.store
    for n, (name, count) in enumerate(PARTNERSHIP_SOURCES):
        store.add_source(
            name=name,
            kind="database",
            searched="2008-06-30",
            reported_count=count,
            records=make_records(f"S{n}", count),
        )
    ids = store.record_ids()
    duplicates = ids[1::5][:230]
    for rid in duplicates:
        store.link_duplicate(rid, rid - 1, "exact-doi", "auto", 1.0)
    store.link_duplicate(ids[3], ids[2], "by-hand", A)  # merged, then split again
    store.link_duplicate(ids[3], None, "by-hand", B)
    removed = set(duplicates)
    screened = [rid for rid in ids if rid not in removed]
    passing, excluded = screened[:163], screened[163:]

    store.add_decision(excluded[0], TA, A, "include")  # changed mind: undone, decided again
    store.add_decision(excluded[0], TA, A, None, action="undo")
    rows = ta_rows(passing[:140], "include", "include")
    rows += ta_rows(passing[140:145], "unsure", "unsure")  # both unsure: read in full
    rows += ta_rows(passing[145:150], "include", "unsure")  # a conflict, settled below
    rows += ta_rows(passing[150:], "include", "exclude", reason_b="E5")
    for i, rid in enumerate(excluded[:880]):
        code = f"E{1 + i % 7}"
        rows += ta_rows([rid], "exclude", "exclude", code, code)
    rows += ta_rows(excluded[880:890], "exclude", "include", reason_a="E1")
    rows += ta_rows(excluded[890:], "exclude", "exclude", "E2", "E3")
    store.add_decisions(rows)
    store.add_resolutions(
        [(rid, TA, "include", None, "consensus", A, None) for rid in passing[145:]]
        + [
            (rid, TA, "exclude", "E1", "third-reviewer", "Arbiter", None)
            for rid in excluded[880:890]
        ]
    )

    included, ft_excluded = passing[:31], passing[31:]
    reasons: Counter[str] = Counter()
    rows = []
    resolutions = []
    for i, rid in enumerate(ft_excluded):
        code = f"E{1 + i % 9}"
        if i < 4:
            rows += [(rid, FT, A, "exclude", code, None, "decide")]
            rows += [(rid, FT, B, "include", None, None, "decide")]
            resolutions.append((rid, FT, "exclude", code, "consensus", B, None))
        elif i < 6:
            rows += [(rid, FT, A, "exclude", "E1", None, "decide")]
            rows += [(rid, FT, B, "exclude", "E3", None, "decide")]
            code = "E3"
            resolutions.append((rid, FT, "exclude", code, "consensus", A, None))
        else:
            rows += [(rid, FT, who, "exclude", code, None, "decide") for who in (A, B)]
        reasons[code] += 1
    for i, rid in enumerate(included):
        if i < 2:
            rows += [(rid, FT, A, "include", None, None, "decide")]
            rows += [(rid, FT, B, "exclude", "E5", None, "decide")]
            resolutions.append((rid, FT, "include", None, "consensus", A, None))
        else:
            rows += [(rid, FT, who, "include", None, None, "decide") for who in (A, B)]
    store.add_decisions(rows)
    store.add_resolutions(resolutions)
    expected = {"reasons": reasons, "included": included, "ft_excluded": ft_excluded}
    return project, expected
