"""Author names as matching compares them: surname tokens, given names, the first author."""

from __future__ import annotations

import re

from review.base.normalize import fold

# Corporate authors written in several ways in reference lists.
AUTHOR_ALIASES = {
    "doh": "department of health",
    "dh": "department of health",
    "dept of health": "department of health",
    "department of health dh": "department of health",
    "dss": "department of social security",
    "detr": "department of the environment transport and the regions",
    "dfes": "department for education and skills",
    "nhse": "nhs executive",
    "nhs e": "nhs executive",
    "who": "world health organization",
    "world health organisation": "world health organization",
    "odpm": "office of the deputy prime minister",
    "ons": "office for national statistics",
    "nao": "national audit office",
    "hmso": "her majesty s stationery office",
}

_AUTHOR_STOP = {"and", "et", "al", "jr", "sr", "the", "of", "von", "van", "der", "de", "den"}
_INITIALS = re.compile(r"^[A-Z]{1,3}$")


def author_tokens(authors: list[str]) -> list[str]:
    """Surnames and given names, without initials: 'Zuna, R E' -> ['zuna']."""
    tokens: list[str] = []
    for author in authors:
        folded_all = fold(author)
        alias = AUTHOR_ALIASES.get(folded_all)
        if alias:
            tokens.extend(w for w in alias.split() if w not in _AUTHOR_STOP)
            continue
        # 'Wang, Tingting' and 'Wang T' are one author: with a comma, the surname only
        names = author.split(",", 1)[0] if "," in author else author
        for word in re.split(r"[\s,.;]+", names):
            if not word or _INITIALS.match(word):
                continue
            for part in fold(word).split():
                if len(part) >= 2 and part not in _AUTHOR_STOP:
                    tokens.append(part)
    return tokens


def given_name_tokens(authors: list[str]) -> str:
    """Given names written out after the comma ('Carignani, Andrea' -> 'andrea'): another
    database may have taken them for surnames ('Andrea, C.')."""
    tokens: list[str] = []
    for author in authors:
        if "," not in author:
            continue
        for word in re.split(r"[\s,.;]+", author.split(",", 1)[1]):
            if word and not _INITIALS.match(word):
                tokens.extend(
                    p for p in fold(word).split() if len(p) >= 2 and p not in _AUTHOR_STOP
                )
    return " ".join(tokens)


def first_author_key(authors: list[str]) -> str:
    """Folded surname of the first author, for blocking ('Adeli K.', 'B. Abrahao', 'DoH')."""
    if not authors:
        return ""
    author = authors[0]
    alias = AUTHOR_ALIASES.get(fold(author))
    if alias:
        return alias.split()[0]
    if "," in author:
        words = [w for w in fold(author.split(",", 1)[0]).split() if w not in _AUTHOR_STOP]
        return words[-1] if words else ""
    raw = [w for w in re.split(r"[\s.]+", author) if w]
    if len(raw) > 1 and _INITIALS.match(raw[0]):
        words = fold(raw[-1]).split()
    else:
        words = fold(raw[0]).split() if raw else []
    return words[-1] if words else ""
