"""A protocol's appraisal setup: its checklists (shipped and its own) and design mapping."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from review.base.checklists import Checklist, load_checklist, shipped_checklists
from review.base.errors import ProtocolError
from review.base.protocol import Protocol


@dataclass(frozen=True)
class AppraisalSetup:
    """Checklists by id, design -> checklist ids (protocol order), and the protocol's rules."""

    checklists: dict[str, Checklist]
    designs: dict[str, tuple[str, ...]]
    score: bool
    blind: bool
    overall: bool = False  # the protocol asks for an overall judgement per study

    def checklists_for(self, design: str | None) -> list[Checklist]:
        """The checklists a study of this design is appraised with (mixed gets both)."""
        if not design:
            return []
        return [self.checklists[c] for c in self.designs.get(design, ())]

    def checklist(self, ident: str) -> Checklist | None:
        return self.checklists.get(ident)


def protocol_checklist_paths(path: Path) -> list[Path]:
    """`[appraisal] checklists = [...]` of a protocol file, relative to its folder."""
    return [found for _written, found in protocol_checklist_entries(path)]


def protocol_checklist_entries(path: Path) -> list[tuple[str, Path]]:
    """(path as written, the file it names) for each of a protocol's own checklists."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError):
        return []  # load_protocol already refused a bad file; nothing more to say here
    appraisal = data.get("appraisal", {})
    listed = appraisal.get("checklists", []) if isinstance(appraisal, dict) else []
    if not isinstance(listed, list):
        raise ProtocolError(path, "appraisal.checklists", "must be a list of file paths")
    paths = []
    for i, entry in enumerate(listed):
        if not isinstance(entry, str) or not entry.strip():
            raise ProtocolError(
                path, f"appraisal.checklists[{i}]", f"must be a file path, not {entry!r}"
            )
        paths.append((entry, (path.parent / entry).resolve()))
    return paths


def setup_for(protocol: Protocol, protocol_path: Path) -> AppraisalSetup:
    """The appraisal setup of a protocol read from protocol_path (checklists are found
    relative to it); a ProtocolError names the key of a checklist that cannot be used."""
    checklists = shipped_checklists()
    own: dict[str, Checklist] = {}
    for i, path in enumerate(protocol_checklist_paths(protocol_path)):
        if not path.exists():
            raise ProtocolError(
                protocol_path, f"appraisal.checklists[{i}]", f"no checklist file at {path}"
            )
        checklist = load_checklist(path)
        if checklist.id in own:
            raise ProtocolError(
                protocol_path,
                f"appraisal.checklists[{i}]",
                f"checklist id {checklist.id!r} is already given by {own[checklist.id].path}",
            )
        own[checklist.id] = checklist
    checklists.update(own)  # a team's own wording replaces the shipped structure of that id
    designs = dict(protocol.appraisal_designs)
    if not designs:
        for checklist in own.values():
            for design in checklist.applies_to:
                designs[design] = (*designs.get(design, ()), checklist.id)
    for design, ids in designs.items():
        for i, ident in enumerate(ids):
            if ident not in checklists:
                raise ProtocolError(
                    protocol_path,
                    f"appraisal.designs.{design}[{i}]",
                    f"no checklist {ident!r}; known: {', '.join(sorted(checklists))}",
                )
    return AppraisalSetup(
        checklists=checklists,
        designs=designs,
        score=protocol.appraisal_score,
        blind=protocol.blind,
        overall=protocol.appraisal_overall,
    )
