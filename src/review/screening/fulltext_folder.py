"""A folder of full texts matched to the records at full text: by DOI, PMID, or first author,
year and title words, read from each file's name or the PDF's own metadata."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from review.base.models import Record
from review.base.normalize import first_author_surname, fold, normalize_doi
from review.base.pdf_meta import PdfMeta, read_pdf_meta
from review.project import Project
from review.screening.queue import stage_record_ids
from review.screening.retrieval import RETRIEVED, mark_retrieved, retrieval_status

STOP = frozenset("a an and the of in on for to with from by at or as is are its their".split())
_SQUASH = re.compile(r"[^0-9a-z]+")


@dataclass
class FolderMatch:
    matched: list[tuple[Path, int, str]] = field(default_factory=list)  # file, record, how
    ambiguous: list[tuple[Path, list[int]]] = field(default_factory=list)
    unmatched: list[Path] = field(default_factory=list)
    taken: list[tuple[Path, int]] = field(default_factory=list)  # its record already matched
    still_sought: list[int] = field(default_factory=list)


def squash(text: str | None) -> str:
    return _SQUASH.sub("", (text or "").lower())


def title_words(title: str | None, count: int = 5) -> list[str]:
    """The first significant words of a title (folded, no short or common words)."""
    words = [w for w in fold(title).split() if len(w) > 3 and w not in STOP]
    return words[:count]


def _by_name(record: Record, name: str, tokens: set[str]) -> str | None:
    """How a file's name points to the record, or None."""
    doi = squash(record.doi)
    if len(doi) >= 8 and doi in squash(name):
        return "DOI in the file name"
    if record.pmid and len(record.pmid) >= 5 and record.pmid in tokens:
        return "PMID in the file name"
    surname = first_author_surname(record.authors)
    words = title_words(record.title)
    joined = squash(name)
    if surname and record.year and str(record.year) in joined and surname in joined:
        if words and sum(w in joined for w in words) >= min(2, len(words)):
            return "author, year and title in the file name"
    return None


def _by_meta(record: Record, meta: PdfMeta) -> str | None:
    """How the PDF's own metadata points to the record, or None."""
    if meta.doi and normalize_doi(record.doi) == meta.doi:
        return "DOI in the PDF's metadata"
    words = title_words(record.title, 8)
    theirs = set(title_words(meta.title, 12))
    if len(words) >= 3 and sum(w in theirs for w in words) >= 0.8 * len(words):
        surname = first_author_surname(record.authors)
        if not surname or not meta.author or surname in fold(meta.author):
            return "title in the PDF's metadata"
    return None


def candidates(project: Project) -> list[Record]:
    """The records at full text that have no retrieved full text yet."""
    ids = stage_record_ids(project, "full-text")
    status = retrieval_status(project, ids)
    return [project.store.record(r) for r in ids if status[r][0] != RETRIEVED]


def match_folder(project: Project, folder: Path) -> FolderMatch:
    """Each PDF in the folder (and those below it) against the records still without a full
    text: the file's name first, then its metadata; a file fitting two records is not
    matched (it is listed), nor is one whose record another file matched first."""
    records = candidates(project)
    result = FolderMatch()
    used: set[int] = set()
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf"):
        name = path.stem
        tokens = set(re.findall(r"\d+", name))
        hits = {r.record_id: how for r in records if (how := _by_name(r, name, tokens))}
        if not hits:
            meta = read_pdf_meta(path)
            hits = {r.record_id: how for r in records if (how := _by_meta(r, meta))}
        if len(hits) > 1:
            result.ambiguous.append((path, sorted(hits)))
        elif not hits:
            result.unmatched.append(path)
        else:
            rid, how = next(iter(hits.items()))
            if rid in used:
                result.taken.append((path, rid))
            else:
                used.add(rid)
                result.matched.append((path, rid, how))
    result.still_sought = [r.record_id for r in records if r.record_id not in used]
    return result


def attach_folder(project: Project, folder: Path, by: str) -> FolderMatch:
    """Match the folder and mark each matched record retrieved at its file, in one step."""
    found = match_folder(project, folder)
    with project.store.transaction():
        for path, rid, _how in found.matched:
            mark_retrieved(project, rid, str(path), by)
    return found


def folder_text(found: FolderMatch, project: Project) -> str:
    """What was matched and what was not, for a person."""
    root = project.root.resolve()

    def shown(path: Path) -> str:
        full = path.resolve()
        return str(full.relative_to(root)) if full.is_relative_to(root) else str(path)

    total = len(found.matched) + len(found.ambiguous) + len(found.unmatched) + len(found.taken)
    lines = [f"Matched {len(found.matched)} of {total} PDFs to records:"]
    lines += [f"  {shown(p)} -> record {rid} ({how})" for p, rid, how in found.matched]
    if found.ambiguous:
        lines.append(f"Fits more than one record, not matched ({len(found.ambiguous)}):")
        lines += [f"  {shown(p)}: records {', '.join(map(str, r))}" for p, r in found.ambiguous]
    if found.taken:
        lines.append(f"Its record already matched by another file ({len(found.taken)}):")
        lines += [f"  {shown(p)}: record {rid}" for p, rid in found.taken]
    if found.unmatched:
        lines.append(f"Not matched to any record ({len(found.unmatched)}):")
        lines += [f"  {shown(p)}" for p in found.unmatched]
    sought = found.still_sought
    listed = ", ".join(map(str, sought[:20])) + (" …" if len(sought) > 20 else "")
    lines.append(f"Records at full text still without one: {len(sought)}" +
                 (f" ({listed})" if sought else ""))  # fmt: skip
    return "\n".join(lines)
