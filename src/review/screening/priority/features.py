"""The words a ranking learns from: TF-IDF of each record's title, abstract and keywords."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from review.base.models import Record

# Words, and the first four letters of each longer word as a word of its own ("depr~" for
# depression, depressive, depressed: a stemmer's reach without its rules), sublinear term
# frequency, words in nearly every record dropped. Across the nine labelled reviews this beat
# word pairs and character n-grams at a fraction of their memory (benchmarks/).
PREFIX = 4
PREFIX_MARK = "~"
MAX_DF = 0.95
_WORD = re.compile(r"(?u)\b\w\w+\b")


def words(text: str) -> list[str]:
    """The terms of a text: its words, lower case, and their first letters."""
    found = _WORD.findall(text.lower())
    return found + [w[:PREFIX] + PREFIX_MARK for w in found if len(w) > PREFIX]


def shown(term: str) -> str:
    """A term as a reviewer reads it: a word, or the start of words ('depr…')."""
    return term[:-1] + "…" if term.endswith(PREFIX_MARK) else term


def record_text(title: str | None, abstract: str | None, keywords: Iterable[str] = ()) -> str:
    """The text of a record a ranking reads."""
    return " ".join(part for part in (title or "", abstract or "", " ".join(keywords)) if part)


@dataclass
class Features:
    """One row of TF-IDF weights per record, in record_ids order."""

    record_ids: list[int]
    index: dict[int, int]
    matrix: sparse.csr_matrix
    vocabulary: np.ndarray  # feature number -> its term (a word, or a word's start)

    def rows(self, record_ids: Sequence[int]) -> np.ndarray:
        return np.fromiter((self.index[r] for r in record_ids), dtype=np.int64)


def build_features(record_ids: Sequence[int], texts: Sequence[str]) -> Features:
    """Features of the records given (the vocabulary is theirs: no labels are read)."""
    vectorizer = TfidfVectorizer(
        analyzer=words,
        sublinear_tf=True,
        max_df=MAX_DF if len(texts) > 20 else 1.0,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(texts).tocsr()
        vocabulary = vectorizer.get_feature_names_out()
    except ValueError:  # no record has a word to learn from
        matrix = sparse.csr_matrix((len(texts), 1))
        vocabulary = np.array([""])
    ids = list(record_ids)
    return Features(ids, {r: i for i, r in enumerate(ids)}, matrix, vocabulary)


def features_of(records: Iterable[Record]) -> Features:
    """Features of stored records."""
    ids, texts = [], []
    for record in records:
        ids.append(record.record_id)
        texts.append(record_text(record.title, record.abstract, record.keywords or ()))
    return build_features(ids, texts)
