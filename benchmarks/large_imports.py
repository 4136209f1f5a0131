"""Generated large files of each format for `import_bench.py --large` (issue 15's sizes)."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

WORDS = (
    "partnership health public inequalities local strategic zone action evaluation outcome "
    "community primary care trust authority council governance policy programme renewal "
    "neighbourhood qualitative survey cohort intervention collaboration joint working england"
).split()
_STYLE = '<style face="normal" font="default" size="100%">'


def _words(rng: random.Random, k: int) -> str:
    return " ".join(rng.choices(WORDS, k=k))


def endnote_xml(path: Path, n: int) -> None:
    """n EndNote XML records as EndNote writes them (styled values), one record per line."""
    rng = random.Random(1)
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8" ?><xml><records>\n')
        for i in range(1, n + 1):
            out.write(
                f'<record><database name="gen.enl" path="gen.enl">gen.enl</database>'
                f'<source-app name="EndNote" version="20.0">EndNote</source-app>'
                f'<rec-number>{i}</rec-number><ref-type name="Journal Article">17</ref-type>'
                f"<contributors><authors><author>{_STYLE}Author{i % 997}, A. B.</style></author>"
                f"<author>{_STYLE}Second, C.</style></author></authors></contributors>"
                f"<titles><title>{_STYLE}{_words(rng, 12).capitalize()}</style></title>"
                f"<secondary-title>{_STYLE}Journal of {rng.choice(WORDS)}</style>"
                f"</secondary-title></titles><pages>{i % 400}-{i % 400 + 9}</pages>"
                f"<volume>{i % 60}</volume><number>{i % 12}</number><keywords><keyword>"
                f"{rng.choice(WORDS)}</keyword></keywords><dates><year>{1990 + i % 30}</year>"
                f"</dates><electronic-resource-num>10.1000/gen.{i}</electronic-resource-num>"
                f"<abstract>{_STYLE}{_words(rng, 220)}</style></abstract></record>\n"
            )
        out.write("</records></xml>\n")


def bibtex(path: Path, n: int) -> None:
    """n ordinary BibTeX entries with abstracts and a little LaTeX."""
    rng = random.Random(2)
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            out.write(
                f'@article{{gen{i},\n  author = {{Author{i % 997}, A. B. and M{{\\"u}}ller, C.}},'
                f"\n  title = {{{{{_words(rng, 12).capitalize()}}}}},\n  journal = {{Journal of "
                f"{rng.choice(WORDS)}}},\n  year = {{{1990 + i % 30}}},\n  volume = {{{i % 60}}},"
                f"\n  pages = {{{i % 400}--{i % 400 + 9}}},\n  doi = {{10.1000/gen.{i}}},\n"
                f"  abstract = {{{_words(rng, 220)} 50\\% of {{R}}\\&D}},\n}}\n\n"
            )


def bibtex_huge_field(path: Path, megabytes: int = 10) -> None:
    """One entry whose abstract is megabytes long, LaTeX accents and braces all through."""
    rng = random.Random(3)
    piece = f"{_words(rng, 30)} caf\\'e {{\\\"o}} \\emph{{x}} 10\\% ~ "
    body = piece * (megabytes * 1_000_000 // len(piece))
    path.write_text(
        f"@article{{huge,\n  title = {{A huge field}},\n  author = {{Smith, J.}},\n"
        f"  year = {{2020}},\n  abstract = {{{body}}}\n}}\n",
        encoding="utf-8",
    )


def csv_rows(path: Path, n: int) -> None:
    """n rows of a Scopus-like CSV table (quoted titles and short abstracts)."""
    rng = random.Random(4)
    with path.open("w", encoding="utf-8") as out:
        out.write("Authors,Title,Year,Source title,Volume,Pages,DOI,Abstract\n")
        for i in range(1, n + 1):
            out.write(
                f'"Author{i % 997} A.B., Second C.","{_words(rng, 12).capitalize()}",'
                f"{1990 + i % 30},Journal of {rng.choice(WORDS)},{i % 60},{i % 400}-{i % 400 + 9}"
                f',10.1000/gen.{i},"{_words(rng, 25)}"\n'
            )


# name -> (file name, writer, records it holds)
LARGE: dict[str, tuple[str, Callable[[Path], None], int]] = {
    "endnote-xml": ("gen.xml", lambda p: endnote_xml(p, 100_000), 100_000),
    "bibtex": ("gen.bib", lambda p: bibtex(p, 20_000), 20_000),
    "bibtex-10mb-field": ("huge.bib", bibtex_huge_field, 1),
    "csv": ("gen.csv", lambda p: csv_rows(p, 1_000_000), 1_000_000),
}
