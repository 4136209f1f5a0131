"""The review protocol: a TOML file, validated on load with errors that name the key."""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from review.base.errors import ProtocolError
from review.base.models import STAGES


@dataclass(frozen=True)
class Criterion:
    code: str
    label: str


@dataclass(frozen=True)
class ExclusionReason:
    code: str
    label: str
    stages: tuple[str, ...]
    advisory: bool = False
    # the report could not be had: PRISMA counts it as not retrieved, not as excluded
    not_retrieved: bool = False


@dataclass(frozen=True)
class Protocol:
    """Everything the tool needs from a protocol file."""

    title: str
    question: str
    reviewers: tuple[str, ...]
    stages: tuple[str, ...]
    blind: bool
    orders: dict[str, str]  # stage -> 'file', 'shuffle' or 'priority'
    seed: int
    unsure_is_conflict: bool
    inclusion_criteria: tuple[Criterion, ...]
    exclusion_reasons: tuple[ExclusionReason, ...]
    highlight_include: tuple[str, ...]
    highlight_exclude: tuple[str, ...]
    appraisal_designs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    appraisal_score: bool = False
    appraisal_overall: bool = False  # an overall judgement per study (high/moderate/low)
    path: Path | None = None
    stop_recall: float = 0.95
    stop_confidence: float = 0.95

    def reasons_for(self, stage: str) -> list[ExclusionReason]:
        """Exclusion reasons offered at a stage, in protocol order."""
        return [r for r in self.exclusion_reasons if stage in r.stages]

    def order_at(self, stage: str) -> str:
        """The order records are shown in at a stage: file, shuffle or priority."""
        return self.orders.get(stage, "file")

    def reason(self, code: str) -> ExclusionReason | None:
        return next((r for r in self.exclusion_reasons if r.code == code), None)


class _Reader:
    """Typed access to a TOML table that reports the full key on error."""

    def __init__(self, path: Path, data: dict[str, Any], prefix: str = ""):
        self.path, self.data, self.prefix = path, data, prefix

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def fail(self, name: str, message: str) -> ProtocolError:
        return ProtocolError(self.path, self.key(name), message)

    def get(
        self,
        name: str,
        kind: type | tuple[type, ...],
        default: Any = ...,
    ) -> Any:
        if name not in self.data:
            if default is ...:
                raise self.fail(name, "is required but missing")
            return default
        value = self.data[name]
        if kind is int and isinstance(value, bool) or not isinstance(value, kind):
            expected = (
                kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            )
            raise self.fail(name, f"must be {_article(expected)}, not {value!r}")
        if isinstance(value, str) and not value.strip() and default is ...:
            raise self.fail(name, "must not be empty")
        return value

    def strings(self, name: str, default: Any = ...) -> tuple[str, ...]:
        values = self.get(name, list, default)
        for i, item in enumerate(values):
            if not isinstance(item, str) or not item.strip():
                raise ProtocolError(
                    self.path, f"{self.key(name)}[{i}]", f"must be a non-empty string, not {item!r}"
                )
        return tuple(values)

    def only(self, *allowed: str) -> _Reader:
        """Refuse a key this table does not have (a misspelt key would silently be ignored)."""
        for name in self.data:
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"use {', '.join(allowed)}"
                raise self.fail(name, f"unknown key; {hint}")
        return self

    def tables(self, name: str) -> list[_Reader]:
        values = self.get(name, list, [])
        readers = []
        for i, item in enumerate(values):
            if not isinstance(item, dict):
                raise ProtocolError(self.path, f"{self.key(name)}[{i}]", "must be a table")
            readers.append(_Reader(self.path, item, f"{self.key(name)}[{i}]."))
        return readers

    def table(self, name: str) -> _Reader:
        return _Reader(self.path, self.get(name, dict, {}), f"{self.key(name)}.")


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """The tables of a TOML file (a protocol or a checklist), or a ProtocolError saying why."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except FileNotFoundError:
        raise ProtocolError(path, "(file)", f"{what} file not found") from None
    except IsADirectoryError:
        raise ProtocolError(path, "(file)", f"a folder, not a {what} file") from None
    except UnicodeDecodeError:
        raise ProtocolError(path, "(file)", "not UTF-8 text") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProtocolError(path, "(syntax)", f"not valid TOML: {exc}") from None


def load_protocol(path: Path | str) -> Protocol:
    """Read and validate a protocol file."""
    path = Path(path)
    return parse_protocol(read_toml(path, "protocol"), path)


def parse_protocol(data: dict[str, Any], path: Path) -> Protocol:
    """A validated Protocol from a protocol file's tables (path: for the errors)."""
    top = _Reader(path, data).only(
        "title",
        "question",
        "reviewers",
        "screening",
        "inclusion_criteria",
        "exclusion_reasons",
        "highlight",
        "appraisal",
    )
    reviewers = _reviewers(top)
    screening = top.table("screening").only(
        "stages", "blind", "order", "seed", "unsure_is_conflict", "stop_recall", "stop_confidence"
    )
    stages = _stages(screening, path)
    criteria = tuple(
        Criterion(t.get("code", str), t.get("label", str))
        for t in (r.only("code", "label") for r in top.tables("inclusion_criteria"))
    )
    _unique_codes(path, "inclusion_criteria", [c.code for c in criteria])
    reasons = _exclusion_reasons(top, path, stages)
    highlight = top.table("highlight").only("include", "exclude")
    appraisal = top.table("appraisal").only("designs", "score", "checklists", "overall")
    designs_table = appraisal.table("designs")
    designs = {name: designs_table.strings(name) for name in designs_table.data}

    return Protocol(
        title=top.get("title", str),
        question=top.get("question", str),
        reviewers=reviewers,
        stages=stages,
        blind=screening.get("blind", bool, True),
        orders=_orders(screening, stages),
        seed=screening.get("seed", int, 0),
        unsure_is_conflict=screening.get("unsure_is_conflict", bool, True),
        inclusion_criteria=criteria,
        exclusion_reasons=reasons,
        highlight_include=highlight.strings("include", ()),
        highlight_exclude=highlight.strings("exclude", ()),
        appraisal_designs=designs,
        appraisal_score=appraisal.get("score", bool, False),
        appraisal_overall=appraisal.get("overall", bool, False),
        path=path,
        stop_recall=_share(screening, "stop_recall"),
        stop_confidence=_share(screening, "stop_confidence"),
    )


ORDERS = ("file", "shuffle", "priority")


def _orders(screening: _Reader, stages: tuple[str, ...]) -> dict[str, str]:
    """`order = "priority"` for every stage, or a table of stage = order."""
    given = screening.data.get("order", "file")
    if isinstance(given, str):
        chosen = {stage: given for stage in stages}
        where = {stage: "order" for stage in stages}
    elif isinstance(given, dict):
        table = screening.table("order").only(*stages)
        chosen = {stage: table.get(stage, str, "file") for stage in stages}
        where = {stage: f"order.{stage}" for stage in stages}
    else:
        raise screening.fail(
            "order", "must be 'file', 'shuffle' or 'priority', or a table of them per stage"
        )
    for stage, order in chosen.items():
        if order not in ORDERS:
            raise screening.fail(
                where[stage], f"must be 'file', 'shuffle' or 'priority', not {order!r}"
            )
    return chosen


def _share(screening: _Reader, name: str) -> float:
    value = screening.get(name, (int, float), 0.95)
    if isinstance(value, bool) or not 0 < value < 1:
        raise screening.fail(name, f"must be a number between 0 and 1, such as 0.95, not {value!r}")
    return float(value)


def _reviewers(top: _Reader) -> tuple[str, ...]:
    reviewers = top.strings("reviewers")
    if not reviewers:
        raise top.fail("reviewers", "name at least one reviewer")
    if len(set(reviewers)) != len(reviewers):
        raise top.fail("reviewers", "names must be different")
    return reviewers


def _stages(screening: _Reader, path: Path) -> tuple[str, ...]:
    stages = screening.strings("stages", STAGES)
    for i, stage in enumerate(stages):
        if stage not in STAGES:
            raise ProtocolError(
                path,
                f"screening.stages[{i}]",
                f"unknown stage {stage!r}; use {' or '.join(STAGES)}",
            )
    return stages


def _exclusion_reasons(
    top: _Reader, path: Path, stages: tuple[str, ...]
) -> tuple[ExclusionReason, ...]:
    """At least one, codes unique, each at stages the protocol has, at most 9 per stage."""
    reasons = []
    for t in top.tables("exclusion_reasons"):
        t.only("code", "label", "stages", "advisory", "not_retrieved")
        reason_stages = t.strings("stages", stages)
        for i, stage in enumerate(reason_stages):
            if stage not in stages:
                raise ProtocolError(
                    path,
                    f"{t.key('stages')}[{i}]",
                    f"stage {stage!r} is not one of screening.stages",
                )
        reasons.append(
            ExclusionReason(
                t.get("code", str),
                t.get("label", str),
                reason_stages,
                t.get("advisory", bool, False),
                t.get("not_retrieved", bool, False),
            )
        )
    if not reasons:
        raise top.fail("exclusion_reasons", "at least one exclusion reason is required")
    _unique_codes(path, "exclusion_reasons", [r.code for r in reasons])
    for stage in stages:
        if len([r for r in reasons if stage in r.stages]) > 9:
            raise top.fail(
                "exclusion_reasons",
                f"at most 9 reasons per stage (one digit key each); {stage} has more",
            )
    return tuple(reasons)


def _unique_codes(path: Path, key: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise ProtocolError(path, f"{key}[{i}].code", f"duplicate code {code!r}")
        seen.add(code)
