"""`review`: parse the command line, run the command's handler, say in one line what failed."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from review.base.errors import MissingExtraError, ReviewError, StorageError
from review.cli.parser import build_parser
from review.storage.store import InterruptedAfterSaving

if TYPE_CHECKING:
    from review.cli.opening import OpenApp

Handler = Callable[[argparse.Namespace], "int | OpenApp"]


# Libraries of the optional extras: module -> (its package, the extra that installs it).
OPTIONAL = {"sklearn": ("scikit-learn", "ranking"), "scipy": ("scipy", "ranking")}


def handler_of(args: argparse.Namespace) -> Handler:
    """The parsed command's handler. Its module (and with it the core) is imported only now,
    after parsing: `review --help` loads none of it."""
    module, _, name = args.handler.partition(":")
    try:
        loaded = importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = OPTIONAL.get((exc.name or "").split(".")[0])
        if missing is None:
            raise
        package, extra = missing
        raise MissingExtraError(
            f"`review {args.command}` needs {package}, which is not installed: "
            f"pip install 'review[{extra}]'"
        ) from None
    handler: Handler = getattr(loaded, name)
    return handler


def open_app(request: OpenApp) -> int:
    """Run the app a command asked for; Textual is imported here, not before."""
    run_app = importlib.import_module("review.tui.app").run_app
    code: int = run_app(
        request.root, reviewer=request.reviewer, start=request.start, stage=request.stage
    )
    return code


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        outcome = handler_of(args)(args)
        return outcome if isinstance(outcome, int) else open_app(outcome)
    except ReviewError as exc:
        print(f"review: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except InterruptedAfterSaving:
        print("review: interrupted just after the step was saved (it is saved)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(
            "review: interrupted; a step that had not finished saved nothing "
            "(review status shows what is there)",
            file=sys.stderr,
        )
        return 1
    except OverflowError:  # a number beyond what the database holds
        print("review: error: a number given is too large", file=sys.stderr)
        return 2
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # a path that is a folder, a file without permission, a full disk
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"review: error: {where}{exc.strerror or exc}", file=sys.stderr)
        return 2
    except StorageError as exc:  # a damaged database, or a full disk
        print(f"review: error: the project database: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
