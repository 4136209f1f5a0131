"""The generated dedup benchmark: n records of which a share are altered copies of others."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

from review.base.models import ParsedRecord
from review.identification.dedup import apply_certain, find_duplicates
from review.project import init_project


def generated(n: int, dup_share: float = 0.2, seed: int = 7) -> list[ParsedRecord]:
    """n records of which dup_share are altered copies of others (reformatted, abbreviated)."""
    rng = random.Random(seed)
    syll = ["ka", "lo", "mi", "ne", "ru", "ta", "si", "po", "de", "an", "or", "est", "ul", "ion"]
    vocab = ["".join(rng.choice(syll) for _ in range(rng.randint(2, 4))) for _ in range(20000)]
    weights = [1 / (i + 1) ** 0.8 for i in range(len(vocab))]
    surnames = ["".join(rng.choice(syll) for _ in range(3)).title() for _ in range(8000)]
    journals = [" ".join(rng.choice(vocab).title() for _ in range(3)) for _ in range(900)]
    base_n = int(n * (1 - dup_share))
    records: list[ParsedRecord] = []
    for i in range(base_n):
        words = rng.choices(vocab, weights, k=rng.randint(6, 14))
        first = rng.randint(1, 2000)
        records.append(
            ParsedRecord(
                position=i + 1,
                source_record_id=f"g{i}",
                title=" ".join(words).capitalize(),
                authors=[
                    f"{rng.choice(surnames)}, {rng.choice('ABCDEFGHJKLMNPRST')}."
                    for _ in range(rng.randint(1, 6))
                ],
                year=rng.randint(1990, 2024),
                journal=rng.choice(journals),
                volume=str(rng.randint(1, 120)),
                issue=str(rng.randint(1, 12)),
                pages=f"{first}-{first + rng.randint(3, 20)}",
                doi=f"10.{rng.randint(1000, 9999)}/x{i}" if rng.random() < 0.5 else None,
            )
        )
    for j in range(n - base_n):
        src = records[rng.randrange(base_n)]
        title = src.title or ""
        if rng.random() < 0.5:
            title = title.upper()
        if rng.random() < 0.3:
            k = rng.randrange(len(title))
            title = title[:k] + title[k + 1 :]
        pages = src.pages
        if pages and rng.random() < 0.5:
            start, end = pages.split("-")
            pages = f"{start}-{end[-1]}" if end[:-1] == start[:-1] else pages
        authors = [a.split(",")[0] + " " + a.split(",")[1].strip(" .") for a in src.authors]
        journal = (
            src.journal
            if rng.random() < 0.5
            else " ".join(w[:4] for w in (src.journal or "").split())
        )
        records.append(
            ParsedRecord(
                position=base_n + j + 1,
                source_record_id=f"d{j}",
                title=title,
                authors=authors,
                year=src.year,
                journal=journal,
                volume=src.volume,
                issue=src.issue if rng.random() < 0.7 else None,
                pages=pages,
                doi=src.doi if rng.random() < 0.6 else None,
            )
        )
    rng.shuffle(records)
    return records


def run_generated(n: int) -> None:
    """Find and apply on n generated records: time, pairs, merges of two originals."""
    records = generated(n)
    with tempfile.TemporaryDirectory() as tmp:
        project = init_project(Path(tmp) / "p")
        project.store.add_source(name="generated", kind="database", records=records)
        started = time.perf_counter()
        result = find_duplicates(project)
        seconds = time.perf_counter() - started
        apply_certain(project, result)
        total = time.perf_counter() - started
        sid = dict(project.store.conn.execute("SELECT record_id, source_record_id FROM records"))
        links = project.store.duplicate_map()
        project.close()
    dups = sum(1 for r in records if (r.source_record_id or "").startswith("d"))
    wrong = sum(1 for r in links if sid[r].startswith("g") and sid[links[r]].startswith("g"))
    print(
        f"generated {len(records)} records ({dups} duplicates): find {seconds:.1f} s, "
        f"find+apply {total:.1f} s, {result.candidates} candidate pairs, "
        f"{len(result.certain)} certain, {len(result.possible)} possible, "
        f"{len(links)} merged, {wrong} merges of two originals"
    )
