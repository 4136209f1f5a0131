"""Time `review import` of generated RIS records as a whole process against rispy alone."""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "partnership health public inequalities local strategic zone action evaluation outcome "
    "community primary care trust authority council governance policy programme renewal "
    "neighbourhood qualitative survey cohort intervention collaboration joint working england"
).split()


def generate(path: Path, n: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for i in range(1, n + 1):
            title = " ".join(rng.choices(WORDS, k=12)).capitalize()
            abstract = " ".join(rng.choices(WORDS, k=220))
            out.write(
                f"TY  - JOUR\nID  - gen{i}\nAU  - Author{i % 997}, A. B.\nAU  - Second, C.\n"
                f"TI  - {title}\nT2  - Journal of {rng.choice(WORDS).title()}\n"
                f"PY  - {1990 + i % 30}\nVL  - {i % 60}\nIS  - {i % 12}\nSP  - {i % 400}\n"
                f"EP  - {i % 400 + 9}\nDO  - 10.1000/gen.{i}\nKW  - {rng.choice(WORDS)}\n"
                f"KW  - {rng.choice(WORDS)}\nAB  - {abstract}\nER  - \n\n"
            )


def timed(command: list[str]) -> float:
    # Each run starts with nothing left for the kernel to write back (the generated file, an
    # earlier run's database), so that neither side pays for the other's writes.
    os.sync()
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        ris = folder / "generated.ris"
        generate(ris, args.records)
        size_mb = ris.stat().st_size / 1e6
        print(f"generated {args.records} RIS records with abstracts ({size_mb:.1f} MB)")
        rispy_cmd = [
            sys.executable,
            "-c",
            f"import rispy; f=open({str(ris)!r}, encoding='utf-8'); print(len(rispy.load(f)))",
        ]
        ours, theirs = [], []
        for _ in range(args.repeat):
            project = folder / "project"
            shutil.rmtree(project, ignore_errors=True)
            subprocess.run(
                [bin_dir / "review", "init", str(project)], check=True, stdout=subprocess.DEVNULL
            )
            ours.append(
                timed(
                    [
                        str(bin_dir / "review"),
                        "--project",
                        str(project),
                        "import",
                        str(ris),
                        "--source",
                        "bench",
                    ]
                )
            )
            theirs.append(timed(rispy_cmd))
        best_ours, best_theirs = min(ours), min(theirs)
        print(
            f"review import (whole process, storage included): {best_ours:.2f} s, "
            f"{args.records / best_ours:,.0f} records/s"
        )
        print(
            f"rispy.load alone (whole process):               {best_theirs:.2f} s, "
            f"{args.records / best_theirs:,.0f} records/s"
        )
        print(f"ratio review/rispy: {best_ours / best_theirs:.2f} (goal <= 1.5)")


if __name__ == "__main__":
    main()
