"""Where the tests find their files: the repository, the package's shipped data, ../shared/data."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"
FORMATS = DATA / "formats"
EXAMPLES = ROOT / "src" / "review" / "data" / "examples" / "partnerships"
PROTOCOL = ROOT / "src" / "review" / "data" / "protocols" / "partnerships.toml"
