"""Generated search exports for the reliability benchmark: RIS, EndNote XML, BibTeX and CSV."""

from __future__ import annotations

import random
from pathlib import Path

WORDS = (
    "partnership health public inequalities local strategic zone action evaluation outcome "
    "community primary care trust authority council governance policy programme renewal "
    "neighbourhood qualitative survey cohort intervention collaboration joint working england"
).split()


def _title(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=10)).capitalize()


def _abstract(rng: random.Random, words: int = 120) -> str:
    return " ".join(rng.choices(WORDS, k=words))


def ris(path: Path, count: int, seed: int = 1, start: int = 1) -> Path:
    """RIS records numbered from start (ids and DOIs: a second file with an overlapping range
    duplicates the records of the first)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + count):
            out.write(
                f"TY  - JOUR\nID  - gen{i}\nAU  - Author{i % 997}, A. B.\nAU  - Second, C.\n"
                f"TI  - {_title(rng)} {i}\nT2  - Journal of {rng.choice(WORDS).title()}\n"
                f"PY  - {1990 + i % 30}\nVL  - {i % 60}\nSP  - {i % 400}\nEP  - {i % 400 + 9}\n"
                f"DO  - 10.1000/gen.{i}\nAB  - {_abstract(rng)}\nER  - \n\n"
            )
    return path


def endnote_xml(path: Path, count: int, seed: int = 2) -> Path:
    """An EndNote XML export of count records."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<xml><records>\n')
        for i in range(1, count + 1):
            out.write(
                f"<record><rec-number>{i}</rec-number>"
                '<ref-type name="Journal Article">17</ref-type>'
                f"<contributors><authors><author><style>Author{i % 997}, A.</style></author>"
                "<author><style>Second, C.</style></author></authors></contributors>"
                f"<titles><title><style>{_title(rng)} {i}</style></title>"
                f"<secondary-title><style>Journal {i % 50}</style></secondary-title></titles>"
                f"<dates><year><style>{1990 + i % 30}</style></year></dates>"
                f"<volume>{i % 60}</volume><pages>{i % 400}-{i % 400 + 9}</pages>"
                f"<electronic-resource-num>10.1000/xml.{i}</electronic-resource-num>"
                f"<abstract><style>{_abstract(rng)}</style></abstract></record>\n"
            )
        out.write("</records></xml>\n")
    return path


def bibtex(path: Path, count: int, field_bytes: int = 0, seed: int = 3) -> Path:
    """A BibTeX file of count entries; field_bytes > 0 gives the first an abstract that long
    (LaTeX accents and braces in it, as a real one has)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, count + 1):
            abstract = _abstract(rng, 60)
            if i == 1 and field_bytes:
                piece = "Sant\\'{e} {publique} and the \\\"{o}ffentliche health of {NHS} trusts. "
                abstract = (piece * (field_bytes // len(piece) + 1))[:field_bytes]
            out.write(
                f"@article{{key{i},\n  author = {{Author{i % 997}, A. and Second, C.}},\n"
                f"  title = {{{_title(rng)} {i}}},\n  journal = {{Journal {i % 50}}},\n"
                f"  year = {{{1990 + i % 30}}},\n  volume = {{{i % 60}}},\n"
                f"  pages = {{{i % 400}--{i % 400 + 9}}},\n  doi = {{10.1000/bib.{i}}},\n"
                f"  abstract = {{{abstract}}}\n}}\n\n"
            )
    return path


def csv_table(path: Path, rows: int, seed: int = 4) -> Path:
    """A CSV of rows records (title, authors, year, journal, doi, abstract)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("id,title,authors,year,journal,doi,abstract\n")
        for i in range(1, rows + 1):
            out.write(
                f"{i},{_title(rng)} {i},Author{i % 997} A; Second C,{1990 + i % 30},"
                f"Journal {i % 50},10.1000/csv.{i},{_abstract(rng, 30)}\n"
            )
    return path


def decisions(path: Path, record_ids: list[int], seed: int = 5) -> Path:
    """A decisions file for the records: includes and exclusions (reason E1)."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        out.write("record_id,decision,reason\n")
        for rid in record_ids:
            out.write(f"{rid},include,\n" if rng.random() < 0.3 else f"{rid},exclude,E1\n")
    return path
