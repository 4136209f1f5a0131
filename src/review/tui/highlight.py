"""Inclusion and exclusion terms found in text, with `*` truncation, as character spans."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

INCLUDE = "include"
EXCLUDE = "exclude"


def term_pattern(term: str) -> str:
    """Regex for one term: starts at a word boundary, `*` matches any word ending."""
    words = term.strip().split()
    body = r"\s+".join(r"\w*".join(re.escape(part) for part in w.split("*")) for w in words)
    return rf"\b{body}" + ("" if term.strip().endswith("*") else r"\b")


def _alternation(terms: Iterable[str]) -> str:
    ordered = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    return "|".join(term_pattern(t) for t in ordered)


@dataclass(frozen=True)
class Highlighter:
    """One compiled regex for both term lists; `spans` finds them in a text."""

    pattern: re.Pattern[str] | None

    @classmethod
    def from_terms(cls, include: Iterable[str], exclude: Iterable[str]) -> Highlighter:
        parts = []
        if inc := _alternation(include):
            parts.append(f"(?P<{INCLUDE}>{inc})")
        if exc := _alternation(exclude):
            parts.append(f"(?P<{EXCLUDE}>{exc})")
        return cls(re.compile("|".join(parts), re.IGNORECASE) if parts else None)

    def spans(self, text: str | None) -> list[tuple[int, int, str]]:
        """(start, end, "include" or "exclude") for each term found, left to right."""
        if not text or self.pattern is None:
            return []
        return [(m.start(), m.end(), m.lastgroup or INCLUDE) for m in self.pattern.finditer(text)]


@lru_cache(maxsize=8)
def highlighter(include: tuple[str, ...], exclude: tuple[str, ...]) -> Highlighter:
    """The compiled highlighter for a protocol's term lists (compiled once per list pair)."""
    return Highlighter.from_terms(include, exclude)
