"""`review dedup`: find duplicates, merge the certain (--auto), queue the possible, undo."""

from __future__ import annotations

import argparse
import json
import sys

from review.base.errors import InputError
from review.cli.progress import terminal_progress
from review.identification.dedup import (
    apply_certain,
    decide_pair,
    find_duplicates,
    pending_pairs,
    save_queue,
    undo_merge,
)
from review.project import Project, open_project, resolve_root

CALLS = ("merge", "separate")


def _record_id(value: str, option: str = "--undo") -> int:
    try:
        number = int(value)
    except ValueError:
        raise InputError(f"{option} expects a record id (a whole number), not {value!r}") from None
    if number <= 0:
        raise InputError(f"{option} expects a positive record id, not {value!r}")
    return number


def _one_action(args: argparse.Namespace, undo: int | None) -> None:
    """Refuse two of --merge, --separate, --undo, --list, --merged, --auto at once."""
    given = [f"--{option}" for option in CALLS if getattr(args, option, None)]
    given += ["--undo"] * (undo is not None)
    given += [f"--{flag}" for flag in ("list", "merged", "auto") if getattr(args, flag, False)]
    if len(given) > 1:
        raise InputError(f"{' and '.join(given)} cannot be used together")


def cmd_dedup(args: argparse.Namespace) -> int:
    undo = _record_id(args.undo) if getattr(args, "undo", None) is not None else None
    _one_action(args, undo)
    with open_project(resolve_root(getattr(args, "project", None))) as project:
        typed = getattr(args, "by", None)
        by = project.reviewer_name(typed, "--by NAME") if typed else "auto"
        for option in CALLS:
            if getattr(args, option, None):
                return _decide(project, option, getattr(args, option), by, args.json)
        if undo is not None:
            return _undo(project, undo, by, args.json)
        if getattr(args, "merged", False):
            return _list_merged(project, args.json)
        if getattr(args, "list", False):
            return _list_pending(project, args.json)
        return _find(project, by, args.auto, args.json)


def _undo(project: Project, undo: int, by: str, as_json: bool) -> int:
    split = undo_merge(project, undo, by if by != "auto" else "cli")
    summary = {"undone": undo, "split_off": split}
    if as_json:
        print(json.dumps(summary, indent=2))
    else:
        print(f"Split {len(split)} record(s) off: {', '.join(map(str, split))}")
    return 0


def _list_pending(project: Project, as_json: bool) -> int:
    pairs = pending_pairs(project)
    if as_json:
        print(json.dumps([_pair(p) for p in pairs], indent=2))
    else:
        for p in pairs:
            print(f"{p.a}\t{p.b}\t{p.verdict}\t{p.score:.3f}\t{p.reason}")
        print(f"{len(pairs)} pair(s) waiting for a decision")
    return 0


def _find(project: Project, by: str, auto: bool, as_json: bool) -> int:
    """Compare every record; merge the certain pairs (auto) or queue them with the possible."""
    result = find_duplicates(project, progress=terminal_progress("dedup", percent=True))
    merged = apply_certain(project, result, by) if auto else 0
    if not auto:
        save_queue(project, result, include_certain=True)
    queued = len(pending_pairs(project))  # what waits now, one question per two clusters
    summary = {**result.summary(), "merged": merged, "queued": queued}
    if as_json:
        print(json.dumps(summary, indent=2))
        return 0
    print(
        f"{result.records} records, {result.candidates} candidate pairs compared in "
        f"{result.seconds:.1f} s"
    )
    print(f"  certain pairs:  {len(result.certain)}")
    print(f"  possible pairs: {len(result.possible)}")
    if auto:
        print(f"  merged:         {merged} record(s) linked to a canonical record")
    else:
        print(f"  to merge:       {len(result.links)} record(s) (run with --auto)")
    print(f"  queued:         {queued} pair(s) for a person to decide")
    return 0


def matched_text(matched: dict[str, int]) -> str:
    """The line a person reads after an import that was compared with the project."""
    return (
        "Compared with the records already in the project (screening has begun): "
        f"{matched['linked']} duplicate(s) linked, {matched['queued']} pair(s) queued for a "
        "person"
        + (
            f"; {matched['held']} new record(s) wait out of screening until decided"
            if matched["held"]
            else ""
        )
        + (" (review dedup --list)" if matched["queued"] else "")
    )


def _decide(project: Project, option: str, ids: list[str], by: str, as_json: bool) -> int:
    """--merge A B / --separate A B: a person's call on one pair, as in the duplicates view."""
    if by == "auto":
        raise InputError(f"--{option} is a person's call: give --by NAME")
    a, b = (_record_id(v, f"--{option}") for v in ids)
    before = project.store.duplicate_map()
    screened = {before.get(r, r) for r in project.store.screening_weights()}
    both_screened = {before.get(a, a), before.get(b, b)} <= screened
    decide_pair(project, a, b, option == "merge", by)
    links = project.store.duplicate_map()
    cluster = links.get(a, a)
    if option == "merge" and both_screened and before.get(a, a) != before.get(b, b):
        aside = before.get(b, b) if cluster == before.get(a, a) else before.get(a, a)
        print(
            f"review: note: both had been screened; the work now takes record {cluster}'s"
            f" decisions, record {aside}'s stay in the decision log, set aside",
            file=sys.stderr,
        )
    if as_json:
        print(json.dumps({option: [a, b], "by": by, "canonical": cluster}, indent=2))
    elif option == "merge":
        print(f"Records {a} and {b} are one work (canonical record {cluster}), by {by}")
    else:
        print(f"Records {a} and {b} are different works, by {by}")
    return 0


def _list_merged(project: Project, as_json: bool) -> int:
    """Each cluster: its canonical record and title, then every record merged into it with
    the method, score, who decided and when (what `--undo` or `--separate` can reverse)."""
    rows = project.store.current_links()
    titles = project.store.titles({rid for row in rows for rid in row[:2]})
    clusters: dict[int, list[dict[str, object]]] = {}
    for rid, canonical, method, score, by, time in rows:
        clusters.setdefault(canonical, []).append(
            {
                "record_id": rid,
                "title": titles.get(rid),
                "method": method,
                "score": score,
                "decided_by": by,
                "time": time,
            }
        )
    if as_json:
        listed = [
            {"canonical": c, "title": titles.get(c), "merged": members}
            for c, members in clusters.items()
        ]
        print(json.dumps(listed, indent=2))
        return 0
    for canonical, members in clusters.items():
        print(f"{canonical}\t{titles.get(canonical) or '(no title)'}")
        for m in members:
            shown = "" if m["score"] is None else f" {m['score']:.3f}"
            print(f"  <- {m['record_id']}\t{m['method']}{shown} by {m['decided_by']}"
                  f" {str(m['time'])[:10]}\t{m['title'] or '(no title)'}")  # fmt: skip
    merged = sum(len(m) for m in clusters.values())
    print(f"{len(clusters)} cluster(s), {merged} record(s) merged into them")
    return 0


def _pair(p: object) -> dict[str, object]:
    names = ("a", "b", "verdict", "score", "method", "reason")
    return {n: getattr(p, n) for n in names}
