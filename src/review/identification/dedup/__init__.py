"""Deduplication: find duplicate records, merge the certain, queue the possible, undo."""

from review.identification.dedup.find import DedupCancelled, DedupResult, Pair, find_duplicates
from review.identification.dedup.held import held_records, match_new_records
from review.identification.dedup.merge import (
    apply_certain,
    decide_pair,
    link_new_records,
    merged_pairs,
    pending_pairs,
    save_queue,
    undo_merge,
)
from review.identification.dedup.merged import (
    cluster_rows,
    filled,
    members_by_canonical,
    merged_record,
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
    "held_records",
    "link_new_records",
    "match_new_records",
    "merged_pairs",
    "members_by_canonical",
    "merged_record",
    "pending_pairs",
    "save_queue",
    "undo_merge",
]
