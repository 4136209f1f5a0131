"""Search exports written for a test: RIS files of generated records."""

from __future__ import annotations

from pathlib import Path


def write_ris(path: Path, count: int, start: int = 1, abstract_words: int = 60) -> Path:
    """A RIS file of `count` distinct records (ids, titles and DOIs numbered from start)."""
    words = " ".join(f"word{i % 97}" for i in range(abstract_words))
    with path.open("w", encoding="utf-8") as out:
        for i in range(start, start + count):
            out.write(
                f"TY  - JOUR\nID  - r{i}\nAU  - Author{i}, A.\nTI  - Study number {i} of "
                f"partnership {i * 7919 % 10007}\nT2  - Journal {i % 13}\nPY  - {1990 + i % 30}"
                f"\nDO  - 10.1000/test.{i}\nAB  - {words}\nER  - \n\n"
            )
    return path
