"""The hypergeometric distribution's cdf for many small counts at once, summed in log space.

scipy's hypergeom.cdf costs time in proportion to the urn's size (about 0.2 ms an element with
100,000 records), and the stopping test asks it for every run of last-screened records, a
score of times per decision. The sum of P(X = i) for i up to k costs k terms an element
instead, and the k of the stopping test are small: the includes among the last records.
"""

from __future__ import annotations

import importlib

import numpy as np
from scipy.special import gammaln

SUMMED = 64


def _log_choose(n: np.ndarray, k: np.ndarray) -> np.ndarray:
    result: np.ndarray = gammaln(n + 1) - gammaln(k + 1) - gammaln(n - k + 1)
    return result


def hypergeom_cdf(
    k: np.ndarray, urn: np.ndarray, marked: np.ndarray, draws: np.ndarray
) -> np.ndarray:
    """P(X <= k) for X the marked items among `draws` drawn from `urn` without replacement
    (as scipy.stats.hypergeom.cdf(k, urn, marked, draws)), element by element."""
    k, urn, marked, draws = (np.asarray(a, dtype=np.int64) for a in (k, urn, marked, draws))
    low = np.maximum(0, draws - (urn - marked))
    high = np.minimum(k, np.minimum(marked, draws))
    cdf = np.where(k >= np.minimum(marked, draws), 1.0, 0.0)
    open_ = (high >= low) & (k < np.minimum(marked, draws))
    long = np.flatnonzero(open_ & (high - low >= SUMMED))
    if len(long):  # scipy.stats takes half a second to load: only when needed
        hypergeom = importlib.import_module("scipy.stats").hypergeom
        cdf[long] = hypergeom.cdf(k[long], urn[long], marked[long], draws[long])
    summed = np.flatnonzero(open_ & (high - low < SUMMED))
    if len(summed) == 0:
        return cdf
    terms = high[summed] - low[summed] + 1
    starts = np.concatenate(([0], np.cumsum(terms)[:-1]))
    owner = np.repeat(np.arange(len(summed)), terms)
    i = low[summed][owner] + np.arange(int(terms.sum())) - starts[owner]
    n, m, d = urn[summed][owner], marked[summed][owner], draws[summed][owner]
    log_p = _log_choose(m, i) + _log_choose(n - m, d - i) - _log_choose(n, d)
    peak = np.maximum.reduceat(log_p, starts)
    total = np.add.reduceat(np.exp(log_p - peak[owner]), starts)
    cdf[summed] = np.minimum(np.exp(peak) * total, 1.0)
    return cdf
