"""BibTeX values joined with '#' (`jn # " " # ph`): @string names, quoted and braced parts."""

from __future__ import annotations

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware


def concatenated_parts(value: str) -> list[str] | None:
    """The parts of a value joined with '#' outside quotes and braces; None if not joined."""
    parts: list[str] = []
    depth, quoted, start = 0, False, 0
    for i, c in enumerate(value):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
        elif c == '"' and depth == 0:
            quoted = not quoted
        elif c == "#" and depth == 0 and not quoted:
            parts.append(value[start:i].strip())
            start = i + 1
    if not parts:
        return None
    parts.append(value[start:].strip())
    return parts


def _enclosed(part: str) -> str | None:
    if len(part) >= 2 and (part[0], part[-1]) in (('"', '"'), ("{", "}")):
        return part[1:-1]
    return None


class ResolveConcatenation(LibraryMiddleware):
    """Join the parts of '#'-joined values, @string names replaced by their text, into one
    braced value (bibtexparser resolves a name only when it is the whole value)."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)

    @classmethod
    def metadata_key(cls) -> str:
        return "ResolveConcatenation"

    def transform(self, library: Library) -> Library:
        strings = {key.lower(): s.value for key, s in library.strings_dict.items()}

        def text_of(value: str, depth: int = 0) -> str:
            parts = concatenated_parts(value)
            if parts and depth < 10:
                return "".join(text_of(p, depth + 1) for p in parts)
            inner = _enclosed(value)
            if inner is not None:
                return inner
            named = strings.get(value.lower())
            if isinstance(named, str) and depth < 10:
                return text_of(named, depth + 1)
            return value  # a number, or a name no @string defines: as written

        def joined(value: object) -> bool:
            """A value joined with '#', or the name of an @string that is."""
            if not isinstance(value, str):
                return False
            named = strings.get(value.strip().lower())
            return bool(concatenated_parts(value)) or (
                isinstance(named, str) and bool(concatenated_parts(named))
            )

        for entry in library.entries:
            for field in entry.fields:
                if joined(field.value):
                    field.value = "{" + text_of(field.value.strip()) + "}"
        return library
