"""Author and keyword lists written in one cell, in the ways the databases write them."""

from __future__ import annotations

import ast
import re

from review.base.normalize import clean_text, split_list

_INITIALS = r"(?:[A-Z][a-z]?\.?[\s-]*){1,4}"
_NAME_WITH_INITIALS = re.compile(rf"^\S.*?\s{_INITIALS}$")
_INITIALS_ONLY = re.compile(rf"^{_INITIALS}$")
_ET_AL = re.compile(r"^et\.? al\.?$", re.IGNORECASE)
_INITIALS_FIRST = re.compile(r"^(?:[A-Z][a-z]?\.[\s-]*)+[A-Z][\w'’-]+(?:[\s-][A-Z][\w'’-]+)*$")


def _literal_list(value: str) -> list[str] | None:
    """Items of a Python-style list literal such as "['Marx, Karl', 'Lindgren, Astrid']"."""
    if not (value.startswith("[") and value.endswith("]")):
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if not isinstance(parsed, (list, tuple)):
        return None
    return [text for text in (clean_text(str(v)) for v in parsed) if text]


def split_authors(value: str | None) -> list[str]:
    """Author names from one cell: ';' or newline lists, or comma lists of 'Surname I.'."""
    text = (value or "").strip()
    if not text:
        return []
    listed = _literal_list(text)
    if listed is not None:
        return listed
    if ";" in text or "\n" in text:
        return split_list(text, ";\n")
    by_and = [p.strip() for p in text.split(" and ")]
    if len(by_and) > 1 and all(p.count(",") == 1 for p in by_and):
        return by_and  # 'Smith, J. and Jones, K.' (BibTeX style, e.g. Rayyan)
    initials_first = [p.strip() for p in re.split(r",\s*|\s+and\s+", text) if p.strip()]
    if len(initials_first) > 1 and all(_INITIALS_FIRST.match(p) for p in initials_first):
        return initials_first  # 'R. L. Whistler, A. Smith and W. C. Lake' (EndNote, ASReview)
    if "," in text:
        return _split_comma_names(text)
    return [clean_text(text) or text]


def _split_comma_names(text: str) -> list[str]:
    """'Smith J., Jones K.L.', 'Smith J, Jones KL.' or 'Smith, J., Jones, K.' as a list."""
    pieces = [p for p in (clean_text(x) for x in text.split(",")) if p and not _ET_AL.match(p)]
    if pieces and all(_NAME_WITH_INITIALS.match(p) for p in pieces):
        if not any("." in p for p in pieces[:-1]):
            pieces[-1] = pieces[-1].removesuffix(".")  # PubMed ends its list with a full stop
        return pieces
    odd = pieces[1::2]
    if len(pieces) % 2 == 0 and all(_INITIALS_ONLY.match(p) for p in odd):
        return [f"{a}, {b}" for a, b in zip(pieces[::2], odd, strict=True)]
    return [clean_text(text) or text]


def split_terms(value: str | None) -> list[str]:
    """Keywords from one cell: list literal, ';'-separated, else ',' outside brackets."""
    text = (value or "").strip()
    if not text:
        return []
    listed = _literal_list(text)
    if listed is not None:
        return listed
    if ";" in text:
        return split_list(text, ";")
    return [t for t in (clean_text(x) for x in _split_outside_brackets(text)) if t]


def _split_outside_brackets(text: str) -> list[str]:
    """Split on commas that are not inside (...) or [...]."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth = max(depth - 1, 0)
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts
