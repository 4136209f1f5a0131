"""`review`: parse the command line, run the command's handler, say in one line what failed."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING

from review.base.errors import InputError, MissingExtraError, ReviewError, StorageError
from review.cli.parser import build_parser
from review.storage.saved import saved_count

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
    before = saved_count()
    for stream in (sys.stdout, sys.stderr):  # a name read as bytes is shown, never a crash
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        argv = utf8_arguments(sys.argv[1:] if argv is None else argv)
        args = build_parser().parse_args(argv)
        outcome = handler_of(args)(args)
        return outcome if isinstance(outcome, int) else open_app(outcome)
    except KeyboardInterrupt:
        with _uninterrupted():
            return _interrupted(saved_count() > before)
    except (ReviewError, StorageError, OSError, OverflowError) as exc:
        with _uninterrupted():
            return _failed(exc, saved_count() > before)


def utf8_arguments(argv: Sequence[str]) -> list[str]:
    """The arguments, each of which must be UTF-8 text: a name that is not (a file named in
    another encoding, say) is refused by position, shown with its bytes escaped."""
    for number, argument in enumerate(argv, start=1):
        try:
            argument.encode("utf-8")
        except UnicodeEncodeError:
            shown = os.fsencode(argument).decode("utf-8", "backslashreplace")
            raise InputError(
                f"argument {number} ('{shown}') is not valid UTF-8 text; give names in UTF-8 "
                "(rename a file whose name is in another encoding)"
            ) from None
    for name in ("REVIEW_PROJECT",):
        value = os.environ.get(name, "")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise InputError(f"${name} is not valid UTF-8 text") from None
    return list(argv)


def _interrupted(saved: bool) -> int:
    """Say what a ctrl-c left: once a step's commit returned, it is saved whatever came after."""
    if saved:
        say("interrupted after saving: what the command saved stays saved; do not run it "
            "again (review status shows what is there)")  # fmt: skip
    else:
        say("interrupted before its work was saved: it saved nothing, the project is as it "
            "was (review status shows what is there)")  # fmt: skip
    return 1


def _failed(exc: Exception, saved: bool) -> int:
    """Say what went wrong in one line (and that what was saved before it stays saved)."""
    code = 2
    if isinstance(exc, BrokenPipeError):  # the reader of the output went away
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    if isinstance(exc, ReviewError):
        say(f"error: {exc}")
        code = exc.exit_code
    elif isinstance(exc, OverflowError):  # a number beyond what the database holds
        say("error: a number given is too large")
    elif isinstance(exc, OSError):  # a folder for a file, a file without permission, ...
        where = f"{exc.filename}: " if exc.filename else ""
        say(f"error: {where}{exc.strerror or exc}")
    else:  # a damaged database
        say(f"error: the project database: {exc}")
    if saved:
        say("note: the command had saved its work before this: it stays saved; do not run it "
            "again (review status shows what is there)")  # fmt: skip
    return code


def say(message: str) -> None:
    """One line to standard error, whatever its characters (a name read as bytes, say)."""
    line = f"review: {message}\n"
    stream = sys.stderr
    try:
        stream.write(line)
    except UnicodeEncodeError:
        stream.write(line.encode(stream.encoding or "utf-8", "backslashreplace").decode())
    stream.flush()


@contextlib.contextmanager
def _uninterrupted() -> Iterator[None]:
    """While the outcome is said, a second ctrl-c waits (it would only hide the first line)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


if __name__ == "__main__":
    sys.exit(main())
