"""Time `review import` of generated RIS records as a whole process against rispy alone;
with --large, issue 15's large files of each format (time, CPU and peak memory)."""

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

from large_imports import LARGE

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


def measured(command: list[str]) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds, peak resident MB) of one command run to its end."""
    os.sync()
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed ({status})")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def large(only: list[str]) -> None:
    """Each of issue 15's large files imported into a fresh project by `review import`."""
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, (file_name, write, records) in LARGE.items():
            if only and name not in only:
                continue
            path = folder / file_name
            write(path)
            project = folder / f"project-{name}"
            subprocess.run(
                [bin_dir / "review", "init", str(project)], check=True, stdout=subprocess.DEVNULL
            )
            command = [str(bin_dir / "review"), "--project", str(project), "import", str(path)]
            wall, cpu, peak = measured(command)
            print(f"{name:>18}: {records:>9,} records, {path.stat().st_size / 1e6:6.1f} MB: "
                  f"{wall:6.2f} s ({cpu:.2f} s CPU), peak {peak:,.0f} MB")  # fmt: skip
            path.unlink()
            shutil.rmtree(project)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--large", nargs="*", metavar="NAME", help=f"of {', '.join(LARGE)}")
    args = parser.parse_args()
    if args.large is not None:
        large(args.large)
        return
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
