"""Deduplication: find duplicate records, merge the certain, queue the possible, undo.

Core only (no interface imports). Entry points:
`find_duplicates`, `apply_certain`, `save_queue`, `pending_pairs`, `decide_pair`,
`undo_merge`, `match_new_records` (update searches), `cluster_rows`,
`merged_record`, `members_by_canonical`, `filled`.
"""

from review.identification.dedup.engine import (
    DedupCancelled,
    DedupResult,
    Pair,
    apply_certain,
    cluster_rows,
    decide_pair,
    filled,
    find_duplicates,
    link_new_records,
    match_new_records,
    members_by_canonical,
    merged_pairs,
    merged_record,
    pending_pairs,
    save_queue,
    undo_merge,
)
from review.identification.dedup.scoring import CERTAIN, DISTINCT, POSSIBLE

__all__ = [
    "CERTAIN",
    "DISTINCT",
    "POSSIBLE",
    "DedupCancelled",
    "DedupResult",
    "Pair",
    "apply_certain",
    "cluster_rows",
    "decide_pair",
    "filled",
    "find_duplicates",
    "link_new_records",
    "match_new_records",
    "merged_pairs",
    "members_by_canonical",
    "merged_record",
    "pending_pairs",
    "save_queue",
    "undo_merge",
]
