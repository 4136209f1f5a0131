"""Where the files shipped inside the package (protocols, checklists, the demo's lists) lie."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
