"""The words a ranking learns from: TF-IDF of each record's title, abstract and keywords."""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.preprocessing import normalize

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


def build_features(record_ids: Sequence[int], texts: Iterable[str]) -> Features:
    """Features of the records given (the vocabulary is theirs: no labels are read); texts
    may be a generator, read once, and record_ids a list it fills meanwhile."""
    try:
        matrix, vocabulary = _tf_idf(texts)
    except ValueError:  # no record has a word to learn from
        matrix = sparse.csr_matrix((len(record_ids), 1), dtype=np.float32)
        vocabulary = np.array([""])
    ids = list(record_ids)
    return Features(ids, {r: i for i, r in enumerate(ids)}, matrix, vocabulary)


def _tf_idf(texts: Iterable[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """TF-IDF of the texts as scikit-learn's TfidfVectorizer makes it (sublinear term
    frequency, smoothed idf, rows of unit length, terms in alphabetical order, those in more
    than MAX_DF of over 20 records dropped unless that leaves none), worked out in place on
    the counts: a 100,000-record stage never holds a second copy of its matrix."""
    counts = _TermCounts()
    for text in texts:
        counts.add(text)
    records, terms = len(counts.starts) - 1, len(counts.numbers)
    if terms == 0:
        raise ValueError("no terms")
    data = np.frombuffer(counts.values, dtype=np.float32)
    indices = np.frombuffer(counts.columns, dtype=np.int32)
    indptr = np.frombuffer(counts.starts, dtype=np.int64)
    vocabulary = np.array(list(counts.numbers), dtype=object)
    in_records = np.zeros(terms, dtype=np.int64)
    for part in _slices(len(indices)):  # bincount copies its input to int64: a slice at a time
        in_records += np.bincount(indices[part], minlength=terms)
    kept = np.flatnonzero(in_records <= (MAX_DF if records > 20 else 1.0) * records)
    if len(kept) == 0:
        kept = np.arange(terms)
    kept = kept[np.argsort(vocabulary[kept], kind="stable")]
    column = np.full(terms, -1, dtype=np.int32)
    column[kept] = np.arange(len(kept), dtype=np.int32)
    for part in _slices(len(indices)):  # in place, a slice at a time: no second matrix
        indices[part] = column[indices[part]]
    if len(kept) < terms:
        indptr, indices, data = _without_dropped(indptr, indices, data)
    idf = (np.log((1 + records) / (1 + in_records[kept])) + 1).astype(np.float32)
    for part in _slices(len(data)):
        values = data[part]
        np.log(values, out=values)
        values += 1
        values *= idf[indices[part]]
    if len(data) < 2**31:  # index arrays of one type: scipy would otherwise copy them wider
        indptr = indptr.astype(np.int32)
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(records, len(kept)), copy=False)
    matrix.sort_indices()
    return normalize(matrix, copy=False), vocabulary[kept]


def _slices(length: int, step: int = 1 << 22) -> list[slice]:
    return [slice(at, at + step) for at in range(0, length, step)]


def _without_dropped(
    indptr: np.ndarray, indices: np.ndarray, data: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The entries of dropped terms (column -1) taken out, the rest moved down in place."""
    rows = len(indptr) - 1
    per_row = np.diff(indptr)
    out = 0
    for part in _slices(len(indices)):
        keep = indices[part] >= 0
        dropped = np.flatnonzero(~keep) + part.start
        per_row -= np.bincount(np.searchsorted(indptr, dropped, side="right") - 1, minlength=rows)
        moved = int(keep.sum())
        indices[out : out + moved] = indices[part][keep]
        data[out : out + moved] = data[part][keep]
        out += moved
    return np.concatenate(([0], np.cumsum(per_row))), indices[:out], data[:out]


class _TermCounts:
    """How often each term is in each text, held as compact arrays while read (never as a
    list of every text's words): float32 counts, int32 term numbers, int64 row starts."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.columns, self.values, self.starts = array("i"), array("f"), array("q", [0])

    def add(self, text: str) -> None:
        found = Counter(words(text))
        numbers = self.numbers
        self.columns.extend(numbers.setdefault(term, len(numbers)) for term in found)
        self.values.extend(found.values())
        self.starts.append(len(self.columns))
