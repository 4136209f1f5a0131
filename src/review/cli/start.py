"""The `review` program's entry point: loads the command line and runs it, so that a ctrl-c
while it is still loading is said in one line, not as a traceback."""

from __future__ import annotations

import importlib
import sys


def main() -> int:
    try:
        # loaded here, not at the top: a ctrl-c while it loads is then caught below
        command_line = importlib.import_module("review.cli.main")
        code: int = command_line.main()
        return code
    except KeyboardInterrupt:  # before the command line could say it (or after it had)
        saved = sys.modules.get("review.storage.saved")
        if saved is not None and saved.saved_count():
            message = "interrupted after saving: what was saved stays saved"
        else:
            message = "interrupted while starting: nothing was done"
        sys.stderr.write(f"review: {message}\n")
        return 1
