"""Import fidelity on real exports: every file of ../shared/data/formats-corpus and formats.

    .venv/bin/python benchmarks/formats_corpus.py [--corpus DIR] [--formats DIR] [--warnings]

Each file is imported into a fresh project the way `review import` does it. A file is right
when it imports, with the expected number of records, and the sample record (found by its
title) has the expected first author, year, DOI and abstract; MANIFEST.tsv gives these for
the corpus, the table below for ../shared/data/formats. Per format family: files right,
wrong count, wrong field, refused, and warnings given; then every failure, expected vs got.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from review.base.errors import ReviewError
from review.base.normalize import fold
from review.identification.importing import import_file
from review.storage import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = next(
    (p / "shared" / "data" for p in ROOT.parents if (p / "shared" / "data").is_dir()),
    ROOT.parent / "shared" / "data",
)

# ../shared/data/formats: family and record count of each export (PRISMA.csv is a template).
FORMATS = {
    "asreview/baseline_reference_types.ris": ("ris", 59),  # and 2 records with only a type
    "asreview/baseline_tag-notes_labels.ris": ("ris", 32),
    "asreview/embase.csv": ("csv", 6),
    "asreview/embase.ris": ("ris", 6),
    "asreview/faulty_year.ris": ("ris", 1),
    "asreview/generic_labels.csv": ("csv", 6),
    "asreview/ovid_zotero.ris": ("ris", 6),
    "asreview/pubmed_endnote.txt": ("ris", 6),
    "asreview/pubmed_zotero.ris": ("ris", 6),
    "asreview/scopus.ris": ("ris", 6),
    "asreview/web_of_science.txt": ("ris", 10),
    "colrev/enl_data.enl": ("refer", 3),
    "colrev/eric_nbib.nbib": ("nbib", 1),
    "colrev/pubmed.csv": ("csv", 10),
    "jabref/EndnoteXmlImporterTestReport.xml": ("endnote-xml", 1),
    "jabref/MedlinePlainImporterTestMultipleEntries.txt": ("nbib", 7),
    "jabref/OvidImporterTest3.txt": ("ovid", 1),
    "jabref/OvidImporterTest4.txt": ("ovid", 1),
    "litstudy/scopus_v2.first5.csv": ("csv", 5),
    "nbib/pubmed-balloongui-set.first5.nbib": ("nbib", 5),
    "nbib/single.nbib": ("nbib", 1),
    "rispy/example_bom.ris": ("ris", 1),
    "rispy/example_empty_tag.ris": ("ris", 1),
    "rispy/example_extraneous_data.ris": ("ris", 2),
    "rispy/example_multiline.ris": ("ris", 3),
    "rispy/example_utf_chars.ris": ("ris", 1),
    "rispy/example_wos.ris": ("wos", 2),
}


@dataclass
class Case:
    """One file and what it must give."""

    path: Path
    name: str
    family: str
    count: int
    sample: dict[str, str] = field(default_factory=dict)


@dataclass
class Outcome:
    """What importing one file gave."""

    case: Case
    verdict: str  # right, count, field, refused
    details: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    got: int | None = None


def corpus_cases(folder: Path) -> list[Case]:
    manifest = folder / "MANIFEST.tsv"
    if not manifest.exists():
        return []
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    sample_keys = ("title_substring", "sample_author", "sample_year", "sample_doi")
    return [
        Case(
            folder / row["path"],
            f"formats-corpus/{row['path']}",
            row["format"],
            int(row["expected_records"]),
            {k: row[k] for k in (*sample_keys, "sample_abstract") if row.get(k)},
        )
        for row in rows
    ]


def formats_cases(folder: Path) -> list[Case]:
    return [
        Case(folder / name, f"formats/{name}", family, count)
        for name, (family, count) in FORMATS.items()
        if (folder / name).exists()
    ]


def _same_text(text: str | None) -> str:
    return " ".join((text or "").split()).casefold()


def check_sample(case: Case, records: list) -> list[str]:
    """What differs between the sample record expected and the one imported."""
    sample = case.sample
    wanted = sample.get("title_substring")
    if not wanted and not sample:
        return []
    found = [r for r in records if not wanted or _same_text(wanted) in _same_text(r.title)]
    if not found:
        titles = "; ".join(repr((r.title or "")[:50]) for r in records[:3])
        return [f"title: expected a record titled {wanted!r}, got {titles}"]
    problems: dict[int, list[str]] = {}
    for index, record in enumerate(found):
        problems[index] = _field_problems(sample, record)
        if not problems[index]:
            return []
    return min(problems.values(), key=len)


def _field_problems(sample: dict[str, str], record) -> list[str]:
    found = []
    author = sample.get("sample_author")
    first = record.authors[0] if record.authors else ""
    if author and fold(author) not in fold(first):
        found.append(f"first author: expected {author!r}, got {first!r}")
    year = sample.get("sample_year")
    if year and str(record.year) != year:
        found.append(f"year: expected {year}, got {record.year}")
    doi = sample.get("sample_doi")
    if doi and (record.doi or "").lower() != doi.lower():
        found.append(f"doi: expected {doi!r}, got {record.doi!r}")
    abstract = sample.get("sample_abstract")
    if abstract and not _same_text(record.abstract).startswith(_same_text(abstract)):
        got = (record.abstract or "")[: len(abstract) + 10]
        found.append(f"abstract: expected it to start {abstract!r}, got {got!r}")
    return found


def run_case(case: Case, folder: Path) -> Outcome:
    store = Store(folder / f"{abs(hash(case.name))}.db", create=True)
    try:
        result = import_file(store, case.path, source="benchmark", force=True)
        records = list(store.records())
    except ReviewError as exc:
        return Outcome(case, "refused", [str(exc)])
    finally:
        store.close()
    warnings = [str(w) for w in getattr(result, "warnings", ())]
    if len(records) != case.count:
        detail = f"records: expected {case.count}, got {len(records)}"
        return Outcome(case, "count", [detail], warnings, len(records))
    problems = check_sample(case, records)
    return Outcome(case, "field" if problems else "right", problems, warnings, len(records))


def report(outcomes: list[Outcome], show_warnings: bool) -> None:
    by_family: dict[str, Counter[str]] = defaultdict(Counter)
    for outcome in outcomes:
        counts = by_family[outcome.case.family]
        counts["files"] += 1
        counts[outcome.verdict] += 1
        counts["warnings"] += len(outcome.warnings)
        counts["warned"] += bool(outcome.warnings)
    columns = ("files", "right", "count", "field", "refused", "warned", "warnings")
    heads = ("family", "files", "right", "wrong count", "wrong field", "refused",
             "files warned", "warnings")  # fmt: skip
    print("  ".join(f"{h:>12}" for h in heads))
    total: Counter[str] = Counter()
    for family in sorted(by_family):
        total.update(by_family[family])
        print(f"{family:>12}  " + "  ".join(f"{by_family[family][c]:>12}" for c in columns))
    print(f"{'all':>12}  " + "  ".join(f"{total[c]:>12}" for c in columns))
    failures = [o for o in outcomes if o.verdict != "right"]
    if failures:
        print("\nFailures (expected vs got):")
    for outcome in failures:
        print(f"- {outcome.case.name} [{outcome.case.family}] {outcome.verdict}:")
        for detail in outcome.details:
            print(f"    {detail}")
    if show_warnings:
        print("\nWarnings:")
        for outcome in outcomes:
            for warning in outcome.warnings:
                print(f"- {outcome.case.name}: {warning}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=SHARED / "formats-corpus")
    parser.add_argument("--formats", type=Path, default=SHARED / "formats")
    parser.add_argument("--warnings", action="store_true", help="list every warning given")
    args = parser.parse_args()
    cases = corpus_cases(args.corpus) + formats_cases(args.formats)
    if not cases:
        print(f"no files found under {args.corpus} or {args.formats}", file=sys.stderr)
        return 1
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        outcomes = [run_case(case, Path(tmp)) for case in cases]
    seconds = time.perf_counter() - start
    corpus = [o for o in outcomes if o.case.name.startswith("formats-corpus/")]
    print(f"formats-corpus: {sum(o.verdict == 'right' for o in corpus)} of {len(corpus)} right")
    report(outcomes, args.warnings)
    print(f"\n{len(outcomes)} files in {seconds:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
