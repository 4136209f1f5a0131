"""Journal names as matching compares them: keys, abbreviations, a meeting's supplement."""

from __future__ import annotations

import re

from review.base.normalize import fold

_JOURNAL_STOP = {"of", "the", "and", "in", "for", "on", "de", "la", "le", "journal", "j"}
_YEAR_WORD = re.compile(r"^(19|20)\d\d$")


def journal_key(journal: str | None) -> str:
    """Folded journal name without stop words or years ('2015 fourth international conf')."""
    return " ".join(
        w for w in fold(journal).split() if w not in _JOURNAL_STOP and not _YEAR_WORD.match(w)
    )


_MEETING_WORDS = ("conference", "congress", "meeting", "symposium", "abstracts", "proceedings",
                  "supplement", "annual")  # fmt: skip


def without_meeting_words(journal: str) -> str:
    """'thrombosis haemostasis conference 23rd congress ...' -> 'thrombosis haemostasis': the
    journal whose meeting supplement it is (meeting words cut short as databases do)."""
    kept = []
    for w in journal.split():
        if len(w) >= 4 and any(m.startswith(w) for m in _MEETING_WORDS):
            break
        kept.append(w)
    return " ".join(kept)


def journals_compatible(a: str, b: str) -> bool:
    """True if one journal name abbreviates the other ('ann hepatol' ~ 'annals hepatology')."""
    if not a or not b:
        return False
    if a == b:
        return True
    wa, wb = a.split(), b.split()
    # 'icis transforming society ...' ~ 'international conference information systems'
    if _acronym(wa[:1], wb) or _acronym(wb[:1], wa):
        return True
    if len(wa) != len(wb):
        if len(wa) > len(wb):
            wa, wb = wb, wa
        # 'plos one' ~ 'plos one electronic resource', 'bmj' ~ 'bmj clinical research ed'
        return _acronym(wa, wb) or (
            len("".join(wa)) >= 3 and _prefixes(wa, wb[: len(wa)]) and wa[0] == wb[0]
        )
    return _prefixes(wa, wb)


def _prefixes(wa: list[str], wb: list[str]) -> bool:
    for x, y in zip(wa, wb, strict=True):
        short, long = (x, y) if len(x) <= len(y) else (y, x)
        if not long.startswith(short[:4] if len(short) >= 4 else short):
            return False
        if not long.startswith(short) and not _abbrev(short, long):
            return False
    return True


def _abbrev(short: str, long: str) -> bool:
    """'parenter' ~ 'parenteral', 'syst' ~ 'systematic': letters of short appear in order."""
    it = iter(long)
    return short[0] == long[0] and all(c in it for c in short)


def _acronym(short: list[str], long: list[str]) -> bool:
    joined = "".join(short)
    return len(joined) >= 3 and joined == "".join(w[0] for w in long)
