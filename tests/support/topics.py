"""A small search of two topics, written for the prioritisation tests: the reviewers want one."""

from __future__ import annotations

import random

from review.base.models import ParsedRecord
from review.project import Project

WANTED = ["depression", "antidepressant", "rodent", "forced swim", "anhedonia", "stress"]
OTHER = ["fracture", "orthopaedic", "bone", "surgery", "implant", "healing"]
FILLER = ["study", "results", "methods", "patients", "analysis", "effect", "group", "data"]


def topic_records(count: int = 60, wanted_every: int = 5, seed: int = 1) -> list[ParsedRecord]:
    """count records; every wanted_every-th one (from the 3rd) is about the wanted topic."""
    rng = random.Random(seed)
    records = []
    for n in range(1, count + 1):
        wanted = n % wanted_every == 3
        words = WANTED if wanted else OTHER
        title = " ".join(rng.sample(words, 3) + rng.sample(FILLER, 2))
        abstract = " ".join(rng.choice(words + FILLER) for _ in range(40))
        records.append(
            ParsedRecord(position=n, source_record_id=f"t{n}", title=title.capitalize(),
                         abstract=abstract, authors=[f"Author{n}, A."], year=2000 + n % 20)
        )  # fmt: skip
    return records


def add_topics(project: Project, count: int = 60, wanted_every: int = 5) -> list[int]:
    """The topic records imported as one source; their record ids, in file order."""
    project.store.add_source(
        name="Topics", kind="database", records=topic_records(count, wanted_every)
    )
    return project.store.record_ids()


def is_wanted(project: Project, record_id: int) -> bool:
    return any(word in (project.store.record(record_id).title or "") for word in WANTED)
