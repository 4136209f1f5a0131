"""Snapshots of every view at 80x24 and 120x40: a later change cannot break a size unnoticed
(pytest --snapshot-update rewrites them after a change that is meant)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from places import EXAMPLES
from review.identification.dedup import apply_certain, find_duplicates
from review.identification.importing import import_file
from review.tui.app import ReviewApp
from support.tui import make_project, pass_title_abstract, settle

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}
STAGE = "title-abstract"
STAMP = "2024-05-01T09:30:00.000000+00:00"


@pytest.fixture(autouse=True)
def fixed_times(monkeypatch, tmp_path):
    """Every row written at one time, so that times shown do not change a snapshot."""
    for module in ("appraisal", "decisions", "duplicates", "judgements", "notes", "sources"):
        monkeypatch.setattr(f"review.storage.{module}.now", lambda: STAMP)
    monkeypatch.setenv("REVIEW_CONFIG_HOME", str(tmp_path / "config"))


def votes(project) -> None:
    """A and B on the five records: 1 and 2 in conflict, 3 agreed, 4 and 5 included."""
    store = project.store
    calls = [(1, "include", "exclude"), (2, "exclude", "include"), (3, "exclude", "exclude"),
             (4, "include", "include"), (5, "include", "include")]  # fmt: skip
    for rid, a, b in calls:
        store.add_decision(rid, STAGE, "A", a, "E3" if a == "exclude" else None, "fits" if
                           rid == 1 else None)  # fmt: skip
        store.add_decision(rid, STAGE, "B", b, "E1" if b == "exclude" else None)


def duplicates(project) -> None:
    for path in sorted(EXAMPLES.glob("*")):
        if path.suffix in {".ris", ".bib", ".csv"}:
            import_file(project.store, path, source=path.stem)
    apply_certain(project, find_duplicates(project), decided_by="auto")


def appraised(project) -> None:
    pass_title_abstract(project, [1, 4])
    for rid in (1, 4):
        for who in ("A", "B"):
            project.store.add_decision(rid, "full-text", who, "include")
    project.store.add_designs([(1, "A", "qualitative")])


VIEWS: dict[str, tuple[Callable[..., None] | None, dict[str, str], list[str]]] = {
    "dashboard": (votes, {}, []),
    "dashboard-scrolled": (votes, {}, ["j", "j", "j", "j", "j", "j"]),
    "who-am-i": (None, {"reviewer": ""}, ["s"]),
    "screening": (None, {"start": "screen"}, []),
    "screening-reason": (None, {"start": "screen"}, ["e"]),
    "screening-list": (votes, {"start": "screen"}, ["l"]),
    "screening-protocol": (None, {"start": "screen"}, ["p"]),
    "screening-search": (None, {"start": "screen"}, ["slash"]),
    "help": (None, {"start": "screen"}, ["question_mark"]),
    "full-text": (lambda p: pass_title_abstract(p, [1, 4]), {"start": "screen",
                                                            "stage": "full-text"}, []),
    "full-text-confirm": (lambda p: pass_title_abstract(p, [1, 4]), {"start": "screen",
                                                                    "stage": "full-text"}, ["i"]),
    "reconcile": (votes, {"start": "reconcile", "reviewer": "C"}, []),
    "agreement": (votes, {"start": "reconcile", "reviewer": "C"}, ["a"]),
    "duplicates": (duplicates, {"start": "duplicates"}, []),
    "duplicates-list": (duplicates, {"start": "duplicates"}, ["l"]),
    "appraisal": (appraised, {"start": "appraise"}, ["y", "n", "c"]),
    "prisma": (votes, {"start": "prisma"}, []),
    "export": (None, {"start": "prisma"}, ["e"]),
    "import": (None, {}, ["i"]),
    "add-record": (None, {}, ["plus"]),
}  # fmt: skip


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("view", VIEWS)
def test_snapshot(view: str, size: str, tmp_path, snap_compare) -> None:
    setup, options, keys = VIEWS[view]
    project = make_project(tmp_path)
    if setup is not None:
        setup(project)
    reviewer = options.pop("reviewer", "A")
    app = ReviewApp(project.root, reviewer=reviewer or None, **options)

    async def before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
        await settle(pilot)

    assert snap_compare(app, terminal_size=SIZES[size], run_before=before)
