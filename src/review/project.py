"""A project on disk: its folder, protocol (review.toml) and database (review.db, or the
PostgreSQL database its settings.toml names)."""

from __future__ import annotations

import os
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from review.base.appraisal_setup import protocol_checklist_entries, setup_for
from review.base.errors import InputError, ProjectError
from review.base.normalize import fold
from review.base.protocol import Protocol, load_protocol
from review.base.shipped import DATA_DIR
from review.storage import Store
from review.storage.store import clean_location

PROTOCOL_FILE = "review.toml"
DATABASE_FILE = "review.db"
SETTINGS_FILE = "settings.toml"
EXPORTS_DIR = "exports"
_SETTINGS_HEAD = """\
# Where this project's data lives (written by review init). No role or password here: each
# reviewer's own come from PGUSER, PGPASSWORD, ~/.pgpass or a service file, as psql finds them.
"""


def default_protocol_path() -> Path:
    """The partnerships protocol shipped with the package."""
    return DATA_DIR / "protocols" / "partnerships.toml"


# The files of a project that nothing but the project itself writes.
OWN_FILES = ("review.db", "review.db-wal", "review.db-shm", "review.db-journal", "review.toml",
             "settings.toml")  # fmt: skip


@dataclass
class Project:
    """An open project."""

    root: Path
    protocol: Protocol
    store: Store

    @property
    def exports_dir(self) -> Path:
        return self.root / EXPORTS_DIR

    def check_output(self, path: Path | str) -> Path:
        """An export's target, refused if it is one of the project's own files (the database,
        its journal, the protocol) or a folder: an export never overwrites the review."""
        target = Path(path)
        own = {(self.root / name).resolve() for name in OWN_FILES}
        if target.resolve() in own:
            raise InputError(f"{target} is the project's own file; write the export elsewhere")
        if target.is_dir():
            raise InputError(f"{target} is a folder; give a file name for the export")
        return target

    def existing_reviewer(self, typed: str) -> str:
        """A reviewer the project knows (protocol, decisions or appraisals), as it writes the
        name; a name it does not know is refused (a typo would otherwise show nothing)."""
        name = self.reviewer_name(typed, "--reviewer NAME")
        known = [*self.protocol.reviewers, *self.store.reviewers(), *self.store.appraisers()]
        if name not in known:
            listed = ", ".join(dict.fromkeys(known)) or "none yet"
            raise InputError(f"{name!r} is not a reviewer of this project (known: {listed})")
        return name

    def reviewer_name(self, typed: str, what: str = "a reviewer name") -> str:
        """A person's name as the project already knows it: spaces trimmed, and written like
        the protocol's reviewer (or an earlier decision's) of the same name in another case,
        so that ' reviewer a ' is never a new reviewer beside 'Reviewer A'."""
        name = " ".join((typed or "").split())
        if not name:
            raise InputError(f"{what} is required")
        known_names = (*self.protocol.reviewers, *self.store.people())
        for known in known_names:
            if known.casefold() == name.casefold():
                return known
        for known in known_names:
            if misspelt(name, known):
                raise InputError(
                    f"{name!r} is not a reviewer of this project; did you mean {known!r}? "
                    "(a new reviewer needs a name not this close to another's)"
                )
        return name

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Project:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def misspelt(name: str, known: str) -> bool:
    """True if name looks like known with a slip: the same words but one or two of them a
    letter or two off ('Revewer A' for 'Reviewer A'; 'Reviewer C' is another person)."""
    typed, words = name.casefold().split(), known.casefold().split()
    if typed == words:
        return False
    if fold(name).replace(" ", "") == fold(known).replace(" ", ""):  # 'ReviewerA', 'Reviewer A.'
        return True
    if len(typed) != len(words):
        return False
    for a, b in zip(typed, words, strict=True):
        if a != b and (min(len(a), len(b)) < 4 or Levenshtein.distance(a, b) > 2):
            return False
    return True


def resolve_root(directory: str | Path | None) -> Path:
    """The project folder: the argument, else $REVIEW_PROJECT, else the current folder."""
    if directory:
        return Path(directory)
    env = os.environ.get("REVIEW_PROJECT")
    return Path(env) if env else Path.cwd()


def database_of(root: Path) -> Path | str:
    """Where a project folder's data lives: its settings' database, else its review.db."""
    settings = root / SETTINGS_FILE
    if not settings.exists():
        return root / DATABASE_FILE
    try:
        found = tomllib.loads(settings.read_text(encoding="utf-8")).get("database")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProjectError(f"{settings}: cannot be read ({exc})") from None
    if not isinstance(found, str) or not found.strip():
        raise ProjectError(f"{settings}: database must be a connection string")
    return found


def _checked_target(root: Path, protocol_path: Path | None) -> tuple[Path, Protocol]:
    source = Path(protocol_path) if protocol_path else default_protocol_path()
    if source.is_dir():
        raise ProjectError(f"{source} is a folder; give the protocol's .toml file")
    protocol = load_protocol(source)  # refuse a malformed protocol before touching anything
    setup_for(protocol, source)  # and one whose checklists cannot be found
    if root.exists() and not root.is_dir():
        raise ProjectError(f"{root} is a file, not a folder for a project")
    if any((root / name).exists() for name in (DATABASE_FILE, PROTOCOL_FILE, SETTINGS_FILE)):
        raise ProjectError(f"{root} already holds a project ({PROTOCOL_FILE} or {DATABASE_FILE})")
    return source, protocol


def write_folder(root: Path, source: Path) -> None:
    """The project folder: the protocol and the checklists it names beside it, exports/."""
    # the protocol's own checklists, given relative to it, go along so that it still finds them
    copies = []
    for written, found in protocol_checklist_entries(source):
        if Path(written).is_absolute():
            continue
        target = (root / written).resolve()
        if not target.is_relative_to(root.resolve()):
            raise ProjectError(
                f"{source}: checklist {written!r} is outside the protocol's folder; give its "
                "absolute path, or keep it in the protocol's folder"
            )
        if target != found:
            copies.append((found, target))
    root.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, root / PROTOCOL_FILE)
    for found, target in copies:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(found, target)
    (root / EXPORTS_DIR).mkdir(exist_ok=True)


def write_settings(root: Path, location: str) -> None:
    root.mkdir(parents=True, exist_ok=True)
    quoted = location.replace("\\", "\\\\").replace('"', '\\"')
    (root / SETTINGS_FILE).write_text(f'{_SETTINGS_HEAD}database = "{quoted}"\n', "utf-8")


def init_project(
    root: Path, protocol_path: Path | None = None, database: str | None = None
) -> Project:
    """Create a project folder with a validated copy of the protocol and a new database (in
    the PostgreSQL database given, which must be empty: only init makes a project's tables)."""
    if database is not None:
        return _init_on_server(root, protocol_path, database)
    source, protocol = _checked_target(root, protocol_path)
    write_folder(root, source)
    with Store(root / DATABASE_FILE, create=True) as store:
        _keep_protocol(store, source, protocol)
    return open_project(root)


def _keep_protocol(store: Store, source: Path, protocol: Protocol) -> None:
    """The protocol's text and whether screening is blind, in the database too: a server
    blinds by it, and a second machine's folder is made from it."""
    with store.transaction():
        store.set_setting("protocol", source.read_text(encoding="utf-8"))
        store.set_setting("blind", "1" if protocol.blind else "0")


def _init_on_server(root: Path, protocol_path: Path | None, database: str) -> Project:
    """A project on a server: made there (the role running this owns it), or, where the
    database already holds one and no protocol is given, this folder made to work on it."""
    location, _dropped = clean_location(database)  # what is kept; `database` connects now
    if protocol_path is None and Store.holds_project(database):
        if root.exists() and not root.is_dir():
            raise ProjectError(f"{root} is a file, not a folder for a project")
        if any((root / name).exists() for name in (DATABASE_FILE, PROTOCOL_FILE, SETTINGS_FILE)):
            raise ProjectError(f"{root} already holds a project")
        with Store(database) as store:
            text = store.setting("protocol")
        if text is None:
            raise ProjectError(f"{location}: the project's protocol is not in the database")
        root.mkdir(parents=True, exist_ok=True)
        (root / PROTOCOL_FILE).write_text(text, encoding="utf-8")
        (root / EXPORTS_DIR).mkdir(exist_ok=True)
    else:
        source, protocol = _checked_target(root, protocol_path)
        with Store(database, create=True) as store:
            _keep_protocol(store, source, protocol)
        write_folder(root, source)
    write_settings(root, location)
    return open_project(root)


def open_project(root: Path) -> Project:
    """Open an existing project, applying any pending schema migrations."""
    if not (root / PROTOCOL_FILE).exists():
        raise ProjectError(
            f"{root} is not a review project (no {PROTOCOL_FILE}); "
            "run `review init` there or pass --project DIR"
        )
    protocol = load_protocol(root / PROTOCOL_FILE)
    store = Store(database_of(root))
    if store.dialect == "postgresql" and store.is_owner():
        blind = "1" if protocol.blind else "0"
        if store.setting("blind") != blind:  # the owner's protocol says what the server hides
            store.set_setting("blind", blind)
    return Project(root=root, protocol=protocol, store=store)
