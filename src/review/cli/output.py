"""What the commands print for a script to read."""

from __future__ import annotations

import json


def print_json(data: object) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))
