"""Appraisal checklists: TOML data files, validated on load with errors that name the key."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from review.base.errors import ProtocolError
from review.base.protocol import _Reader, read_toml
from review.base.shipped import DATA_DIR

SHIPPED_DIR = DATA_DIR / "checklists"
TONES = ("good", "bad", "unclear", "na", "neutral")
_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class AnswerOption:
    """One answer a reviewer may give: its key (code), label, and colour family (tone)."""

    code: str
    label: str
    tone: str = "neutral"


DEFAULT_ANSWERS = (
    AnswerOption("y", "Yes", "good"),
    AnswerOption("n", "No", "bad"),
    AnswerOption("c", "Can't tell", "unclear"),
    AnswerOption("x", "Not applicable", "na"),
)
# The overall judgement of a study where its checklist has no scale of its own.
DEFAULT_OVERALL = (
    AnswerOption("high", "High quality", "good"),
    AnswerOption("moderate", "Moderate quality", "unclear"),
    AnswerOption("low", "Low quality", "bad"),
)


@dataclass(frozen=True)
class NumericField:
    """A number recorded alongside an item's answer, e.g. a response rate in %."""

    label: str
    unit: str = ""
    min: float | None = None
    max: float | None = None

    def check(self, value: float) -> str | None:
        """None if the value is allowed, else what is wrong with it."""
        if self.min is not None and value < self.min:
            return f"{self.label} must be at least {self.min:g}{self.unit}"
        if self.max is not None and value > self.max:
            return f"{self.label} must be at most {self.max:g}{self.unit}"
        return None


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    guidance: str = ""
    value: NumericField | None = None


@dataclass(frozen=True)
class Checklist:
    """A checklist: items answered one by one with the checklist's answer options."""

    id: str
    title: str
    applies_to: tuple[str, ...]
    citation: str
    items: tuple[Item, ...]
    answers: tuple[AnswerOption, ...] = DEFAULT_ANSWERS
    path: Path | None = None
    overall: tuple[AnswerOption, ...] = ()  # its own scale for a study's overall judgement

    def item(self, code: str) -> Item | None:
        return next((i for i in self.items if i.code == code), None)

    def option(self, code: str) -> AnswerOption | None:
        return next((a for a in self.answers if a.code == code), None)

    def label(self, code: str | None) -> str:
        option = self.option(code) if code else None
        return option.label if option else (code or "")

    def parse_answer(self, text: str) -> str | None:
        """The answer code for a code or label typed any way ('Y', "can't tell", 'N/A')."""
        wanted = _norm(text)
        for option in self.answers:
            if wanted in (_norm(option.code), _norm(option.label)):
                return option.code
            if option.tone == "na" and wanted in ("na", "n/a", "notapplicable"):
                return option.code
        return None


def _norm(text: str) -> str:
    return re.sub(r"[\s'’`_-]+", "", text.strip().lower())


_TOP_KEYS = {"id", "title", "applies_to", "citation", "options", "items", "description",
             "overall"}  # fmt: skip
_OLD_KEYS = {"answers"}
_ITEM_KEYS = {"code", "text", "guidance", "value"}
_ANSWER_KEYS = {"code", "label", "tone"}
_VALUE_KEYS = {"label", "unit", "min", "max"}


def _no_unknown(
    reader: _Reader, allowed: set[str], old: frozenset[str] | set[str] = frozenset()
) -> None:
    for key in reader.data:
        if key not in allowed and key not in old:
            raise reader.fail(key, f"unknown key; use {', '.join(sorted(allowed))}")


def _number(reader: _Reader, name: str) -> float | None:
    value = reader.get(name, (int, float), None)
    return None if value is None else float(value)


def _options(top: _Reader, name: str) -> list[AnswerOption]:
    """The answer options of a table list (`options`, or the `overall` scale), checked."""
    found = []
    for t in top.tables(name):
        _no_unknown(t, _ANSWER_KEYS)
        code = t.get("code", str)
        if not _CODE.match(code) or len(code) > 8:
            raise t.fail("code", f"must be a short code without spaces, not {code!r}")
        tone = t.get("tone", str, "neutral")
        if tone not in TONES:
            raise t.fail("tone", f"must be one of {', '.join(TONES)}, not {tone!r}")
        found.append(AnswerOption(code, t.get("label", str), tone))
    if name in top.data and not found:
        raise top.fail(name, "must list at least one answer (or be left out for the default)")
    _unique(top.path, name, [a.code for a in found])
    return found


def parse_checklist(data: dict[str, Any], path: Path) -> Checklist:
    """Validate a checklist table; a ProtocolError names the first wrong key."""
    top = _Reader(path, data)
    _no_unknown(top, _TOP_KEYS, _OLD_KEYS)
    ident = top.get("id", str)
    if not _ID.match(ident):
        raise top.fail("id", f"use lower-case letters, digits, '.', '-' or '_', not {ident!r}")
    # 'answers' is the older name of 'options', still read
    options = "answers" if "answers" in data and "options" not in data else "options"
    if options == "options" and "answers" in data:
        raise top.fail("answers", "give the answer options once, as options")
    answers = _options(top, options)
    overall = _options(top, "overall")
    items = []
    for t in top.tables("items"):
        _no_unknown(t, _ITEM_KEYS)
        code = t.get("code", str)
        if not _CODE.match(code):
            raise t.fail("code", f"must be a code without spaces, not {code!r}")
        value = None
        if "value" in t.data:
            v = t.table("value")
            _no_unknown(v, _VALUE_KEYS)
            low, high = _number(v, "min"), _number(v, "max")
            if low is not None and high is not None and low > high:
                raise v.fail("max", "must not be below min")
            value = NumericField(v.get("label", str, "Value"), v.get("unit", str, ""), low, high)
        items.append(Item(code, t.get("text", str), t.get("guidance", str, ""), value))
    if not items:
        raise top.fail("items", "at least one item is required")
    _unique(path, "items", [i.code for i in items])
    return Checklist(
        id=ident,
        title=top.get("title", str),
        applies_to=top.strings("applies_to", ()),
        citation=" ".join(top.get("citation", str).split()),
        items=tuple(items),
        answers=tuple(answers) or DEFAULT_ANSWERS,
        path=path,
        overall=tuple(overall),
    )


def _unique(path: Path, key: str, codes: list[str]) -> None:
    seen: set[str] = set()
    for i, code in enumerate(codes):
        if code in seen:
            raise ProtocolError(path, f"{key}[{i}].code", f"duplicate code {code!r}")
        seen.add(code)


def load_checklist(path: Path | str) -> Checklist:
    """Read and validate one checklist file."""
    path = Path(path)
    return parse_checklist(read_toml(path, "checklist"), path)


def shipped_checklists() -> dict[str, Checklist]:
    """Every checklist shipped with the package, by id."""
    found = {}
    for path in sorted(SHIPPED_DIR.glob("*.toml")):
        checklist = load_checklist(path)
        found[checklist.id] = checklist
    return found
