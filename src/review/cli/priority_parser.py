"""The parsers of prioritised screening's commands: `simulate` and `stop`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from review.base.models import STAGES

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[argparse.ArgumentParser]


def add_priority_parsers(sub: Subparsers) -> None:
    p = sub.add_parser("simulate", help="prioritised screening replayed on a labelled CSV file")
    p.set_defaults(handler="review.cli.priority:cmd_simulate")
    p.add_argument("file", metavar="FILE.csv", help="records with title, abstract and a label")
    p.add_argument("--label", required=True, metavar="COLUMN", help="the 0/1 include column")
    p.add_argument("--prior-included", type=int, default=1, metavar="N")
    p.add_argument("--prior-excluded", type=int, default=1, metavar="N")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of the priors drawn")
    p.add_argument("--order-out", metavar="FILE", help="write the screening order, one id a line")
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("stop", help="the team stops screening a stage by a stopping rule")
    p.set_defaults(handler="review.cli.priority:cmd_stop")
    p.add_argument("--stage", choices=STAGES, default="title-abstract")
    p.add_argument("--by", required=True, metavar="NAME", help="who stops it for the team")
    p.add_argument("--rule", metavar="TEXT", help="the stopping rule met, in words")
    p.add_argument("--undo", action="store_true", help="take the stop back")
    p.add_argument("--json", action="store_true")
