"""Why true pairs were not merged: the pairs bib-dedupe merged and we did not, and --missed."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from review.identification.dedup import state
from review.identification.dedup.blocking import candidate_pairs
from review.identification.dedup.cluster import Clusters
from review.identification.dedup.scoring import compare


@dataclass
class Held:
    """A true pair bib-dedupe merged and we did not: the rule that held it, and whether a
    person deciding the queue would join it."""

    a: str
    b: str
    rule: str
    queued: bool


def held_pairs(project, result, truth, sid, links, peer_sets) -> list[Held]:
    """Every true pair that bib-dedupe merged and our automatic run did not."""
    fields = {f.record_id: f for f in state.load_fields(project.store)}
    by_sid = {s: r for r, s in sid.items()}
    cluster_of = {x: n for n, ids in enumerate(truth) for x in ids}
    peer_of = {x: n for n, ids in enumerate(peer_sets) for x in ids}
    auto, decided = Clusters(), Clusters()
    for r, c in links.items():
        auto.union(c, r)
        decided.union(c, r)
    queued = {}
    for p in result.possible:
        queued[(p.a, p.b)] = p.reason
        if cluster_of.get(sid[p.a], -1) == cluster_of.get(sid[p.b], -2):
            decided.union(p.a, p.b)  # a person who decides the queue right
    held: list[Held] = []
    for ids in truth:
        rids = sorted(by_sid[x] for x in ids if x in by_sid)
        for i, a in enumerate(rids):
            for b in rids[i + 1 :]:
                if auto.find(a) == auto.find(b):
                    continue
                if peer_of.get(sid[a], -1) != peer_of.get(sid[b], -2):
                    continue
                rule = queued.get((a, b)) or compare(fields[a], fields[b]).reason
                held.append(Held(sid[a], sid[b], rule, decided.find(a) == decided.find(b)))
    return held


def merged_with_held(links, sid, held: list[Held]) -> dict[str, str]:
    """Removed record -> kept record, had the held pairs been merged too."""
    groups = Clusters()
    for r, c in links.items():
        groups.union(c, r)
    by_sid = {s: r for r, s in sid.items()}
    for h in held:
        groups.union(by_sid[h.a], by_sid[h.b])
    removed: dict[str, str] = {}
    for members in groups.groups():
        keep = min(members)
        removed.update({sid[m]: sid[keep] for m in members if m != keep})
    return removed


def explain_missed(project, result, truth, sid, links, peer_sets) -> None:
    """Print each true pair not merged automatically: queued, blocked out, scored low, vetoed.

    A pair bib-dedupe merged in the same run is marked "bib-dedupe merged" and counted apart.
    """
    fields = list(state.load_fields(project.store))
    index = {f.record_id: i for i, f in enumerate(fields)}
    by_sid = {s: r for r, s in sid.items()}
    n = len(fields)
    blocked = candidate_pairs(fields)
    queued = {(p.a, p.b): p for p in result.possible}
    peer_set_of = {x: n for n, ids in enumerate(peer_sets) for x in ids}
    tally: Counter[str] = Counter()
    peer_only: Counter[str] = Counter()
    for ids in truth:
        rids = [by_sid[x] for x in ids if x in by_sid]
        for x in range(len(rids)):
            for y in range(x + 1, len(rids)):
                a, b = sorted((rids[x], rids[y]))
                if links.get(a, a) == links.get(b, b):
                    continue
                fa, fb = fields[index[a]], fields[index[b]]
                i, j = sorted((index[a], index[b]))
                if (a, b) in queued:
                    what = "QUEUED " + queued[(a, b)].reason
                elif i * n + j not in blocked:
                    what = "NOT BLOCKED"
                else:
                    c = compare(fa, fb)
                    what = f"{c.verdict.upper()} {c.reason} t={c.title:.0f} a={c.authors}"
                tally[what.split(" t=")[0]] += 1
                peer_merged = peer_set_of.get(sid[a], -1) == peer_set_of.get(sid[b], -2)
                if peer_merged:
                    peer_only[what.split(" t=")[0]] += 1
                mark = "  [bib-dedupe merged]" if peer_merged else ""
                print(f"  {sid[a]} {sid[b]}: {what}{mark}")
                for f in (fa, fb):
                    print(
                        f"     {f.title[:90]!r} | {f.authors[:40]} | {f.year} | {f.journal[:30]}"
                        f" v{f.volume} i{f.issue} p{f.page_start}-{f.page_end} {f.kind}"
                        f" doi={f.doi} e={int(f.erratum)}"
                    )
    for what, k in tally.most_common():
        print(f"  {k:>4}  {what}")
    for what, k in peer_only.most_common():
        print(f"  {k:>4}  bib-dedupe merged, we did not: {what}")
    cluster_of = {rid: n for n, ids in enumerate(truth) for rid in ids}
    false_q: Counter[str] = Counter()
    for (a, b), p in queued.items():
        if cluster_of.get(sid[a], -1) != cluster_of.get(sid[b], -2):
            false_q[p.reason] += 1
            fa, fb = fields[index[a]], fields[index[b]]
            print(f"  FALSE QUEUED {sid[a]} {sid[b]}: {p.reason} t={p.title:.0f} a={p.authors}")
            for f in (fa, fb):
                print(
                    f"     {f.title[:90]!r} | {f.authors[:40]} | {f.year} | {f.journal[:30]}"
                    f" v{f.volume} i{f.issue} p{f.page_start}-{f.page_end} {f.kind}"
                )
    for what, k in false_q.most_common():
        print(f"  {k:>4}  false queued: {what}")
