"""Record types written in words by some sources ('chapter', 'web page') as RIS type codes."""

from __future__ import annotations

WORD_TYPES = {
    "journal article": "JOUR",
    "journal-article": "JOUR",
    "article": "JOUR",
    "review": "JOUR",
    "chapter": "CHAP",
    "book chapter": "CHAP",
    "book section": "CHAP",
    "book-chapter": "CHAP",
    "book": "BOOK",
    "edited book": "EDBOOK",
    "report": "RPRT",
    "government document": "GOVDOC",
    "thesis": "THES",
    "dissertation": "THES",
    "conference paper": "CPAPER",
    "conference proceedings": "CONF",
    "proceedings-article": "CPAPER",
    "web": "ELEC",
    "web page": "ELEC",
    "webpage": "ELEC",
    "website": "ELEC",
    "electronic": "ELEC",
    "newspaper article": "NEWS",
    "magazine article": "MGZN",
}


def ris_type_of_words(kind: str) -> str | None:
    """The RIS type a type written in words stands for, if known."""
    return WORD_TYPES.get(" ".join(kind.lower().replace("_", " ").split()))
