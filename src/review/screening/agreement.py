"""Inter-rater agreement per stage: the square table, percent agreement, Cohen's kappa, PABAK."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from review.base.models import DECISIONS
from review.project import Project


@dataclass(frozen=True)
class Agreement:
    """Agreement between two reviewers on the records both decided at one stage."""

    stage: str
    reviewers: tuple[str, str] | None
    categories: tuple[str, ...]
    table: tuple[tuple[int, ...], ...]  # rows: first reviewer, columns: second reviewer
    n: int
    percent_agreement: float | None
    kappa: float | None
    kappa_ci: tuple[float, float] | None
    pabak: float | None
    kappa_note: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage": self.stage,
            "reviewers": list(self.reviewers) if self.reviewers else None,
            "categories": list(self.categories),
            "table": [list(row) for row in self.table],
            "n": self.n,
            "percent_agreement": self.percent_agreement,
            "kappa": self.kappa,
            "kappa_ci95": list(self.kappa_ci) if self.kappa_ci else None,
            "pabak": self.pabak,
            "kappa_note": self.kappa_note,
        }


def agreement_from_pairs(
    stage: str, reviewers: tuple[str, str] | None, pairs: list[tuple[str, str]]
) -> Agreement:
    """Statistics from (first reviewer's decision, second reviewer's decision) pairs."""
    used = {d for pair in pairs for d in pair}
    categories = tuple(c for c in DECISIONS if c in used or c != "unsure")
    index = {c: i for i, c in enumerate(categories)}
    k = len(categories)
    table = [[0] * k for _ in range(k)]
    for a, b in pairs:
        table[index[a]][index[b]] += 1
    n = len(pairs)
    frozen = tuple(tuple(row) for row in table)
    if n == 0:
        return Agreement(
            stage,
            reviewers,
            categories,
            frozen,
            0,
            None,
            None,
            None,
            None,
            "no record was decided by both reviewers",
        )
    po = sum(table[i][i] for i in range(k)) / n
    rows = [sum(table[i]) / n for i in range(k)]
    cols = [sum(table[i][j] for i in range(k)) / n for j in range(k)]
    pe = sum(r * c for r, c in zip(rows, cols, strict=True))
    pabak = (k * po - 1) / (k - 1)
    if math.isclose(pe, 1.0):
        return Agreement(
            stage,
            reviewers,
            categories,
            frozen,
            n,
            po,
            None,
            None,
            pabak,
            "kappa is undefined: both reviewers used a single category only",
        )
    kappa = (po - pe) / (1 - pe)
    ci = _kappa_ci(table, n, po, pe, rows, cols)
    return Agreement(stage, reviewers, categories, frozen, n, po, kappa, ci, pabak)


def _kappa_ci(
    table: list[list[int]], n: int, po: float, pe: float, rows: list[float], cols: list[float]
) -> tuple[float, float]:
    """95% interval from the large-sample variance of Fleiss, Cohen and Everitt (1969),
    clipped to kappa's range of -1 to 1."""
    k = len(table)
    kappa = (po - pe) / (1 - pe)
    a = sum((table[i][i] / n) * (1 - (rows[i] + cols[i]) * (1 - kappa)) ** 2 for i in range(k))
    b = (1 - kappa) ** 2 * sum(
        (table[i][j] / n) * (cols[i] + rows[j]) ** 2 for i in range(k) for j in range(k) if i != j
    )
    c = (kappa - pe * (1 - kappa)) ** 2
    variance = max(a + b - c, 0.0) / (n * (1 - pe) ** 2)
    half = 1.959963984540054 * math.sqrt(variance)
    return (max(-1.0, kappa - half), min(1.0, kappa + half))


def pair_of_reviewers(project: Project, stage: str) -> tuple[str, str] | None:
    """The two reviewers compared: the protocol's first two if both decided, else the busiest."""
    counts: dict[str, int] = {}
    for (_rid, who), d in project.store.current_decisions(stage).items():
        if d.decision:
            counts[who] = counts.get(who, 0) + 1
    listed = [r for r in project.protocol.reviewers if r in counts]
    if len(listed) >= 2:
        return (listed[0], listed[1])
    busiest = sorted(counts, key=lambda who: (-counts[who], who))
    return (busiest[0], busiest[1]) if len(busiest) >= 2 else None


def stage_agreement(project: Project, stage: str) -> Agreement:
    reviewers = pair_of_reviewers(project, stage)
    pairs: list[tuple[str, str]] = []
    if reviewers:
        current = project.store.current_decisions(stage)
        merged = project.store.duplicate_map()  # their work's decisions are its canonical's
        first, second = reviewers
        for (rid, who), d in current.items():
            if who != first or not d.decision or rid in merged:
                continue
            other = current.get((rid, second))
            if other and other.decision:
                pairs.append((d.decision, other.decision))
    return agreement_from_pairs(stage, reviewers, pairs)


def agreement_text(result: Agreement) -> str:
    lines = [
        f"{result.stage}: {result.n} records decided by both"
        + (f" ({result.reviewers[0]} vs {result.reviewers[1]})" if result.reviewers else "")
    ]
    if result.n:
        width = max(len(c) for c in result.categories) + 2
        lines.append(" " * width + "".join(c.rjust(width) for c in result.categories))
        for name, row in zip(result.categories, result.table, strict=True):
            lines.append(name.ljust(width) + "".join(str(v).rjust(width) for v in row))
        lines.append(f"  percent agreement: {100 * (result.percent_agreement or 0):.1f}%")
        if result.kappa is None:
            lines.append(f"  Cohen's kappa: undefined ({result.kappa_note})")
        else:
            low, high = result.kappa_ci or (float("nan"), float("nan"))
            lines.append(f"  Cohen's kappa: {result.kappa:.3f} (95% CI {low:.3f} to {high:.3f})")
        lines.append(f"  PABAK: {result.pabak:.3f}")
    else:
        lines.append(f"  {result.kappa_note}")
    return "\n".join(lines)
