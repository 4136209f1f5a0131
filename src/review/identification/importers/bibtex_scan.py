"""BibTeX entries read from text in one pass: types, keys, fields, @string; bad parts warned."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from review.base.errors import ImportFormatError
from review.identification.importers.base import Warnings

# An entry begins with '@type{' or '@type(' at the start of a line.
_START = re.compile(r"^[ \t]*@[ \t]*([A-Za-z][\w-]*)[ \t\r\n]*([{(])", re.MULTILINE)
_NEXT_ENTRY = r"\n[ \t]*@[ \t]*[A-Za-z][\w-]*[ \t\r\n]*[{(]"
# Inside a braced or quoted value: a brace, a quote, or the next entry's first line.
_BRACES = re.compile(rf"[{{}}]|{_NEXT_ENTRY}")
_QUOTED = re.compile(rf'[{{}}"]|{_NEXT_ENTRY}')
_SPACE = re.compile(r"\s*")
# 'title =', and Scopus's 'funding_text 1 =' (a name with a space)
_NAME = re.compile(r"([^\s=,{}()\"#%'~](?:[^=,{}()\"#%'~\n]*[^\s=,{}()\"#%'~])?)\s*=\s*")
_BARE = re.compile(r"[^\s,#{}()\"=]+")
_KEY_END = re.compile(r"[,=})]")
# Where reading may go on after a broken field: the next field's line, the entry's closing
# line, or the next entry.
_RESYNC = re.compile(rf"\n[ \t]*[A-Za-z][\w-]*[ \t]*=|\n[ \t]*[}})][ \t]*\r?(?=\n|$)|{_NEXT_ENTRY}")
_MONTHS = {
    m[:3]: m
    for m in ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
}  # fmt: skip


@dataclass
class Entry:
    """One entry as read: its type, key, fields (name, text, as written) and where it is."""

    kind: str
    key: str | None
    line: int
    fields: list[tuple[str, str, str]] = field(default_factory=list)


class _Broken(Exception):
    """A value that could not be read: why, and the offset reading stopped at."""

    def __init__(self, why: str, at: int):
        super().__init__(why)
        self.why, self.at = why, at


class Scanner:
    """Entries of one BibTeX text; what could not be read is warned (strict: refused)."""

    def __init__(self, text: str, path: Path, warnings: Warnings):
        self.text, self.path, self.warnings = text, path, warnings
        self.strings: dict[str, str] = {k: v.title() for k, v in _MONTHS.items()}
        self.covered = 0  # characters inside entries (how much of the file was read)
        self._line, self._at = 1, 0

    def line_at(self, offset: int) -> int:
        """Line of an offset at or after the last one asked for (counted on, linear)."""
        self._line += self.text.count("\n", self._at, offset)
        self._at = offset
        return self._line

    def entries(self) -> list[Entry]:
        """Every entry but @comment and @preamble; @string definitions are kept for values."""
        found: list[Entry] = []
        position = 0
        while (start := _START.search(self.text, position)) is not None:
            kind = start.group(1).lower()
            close = "}" if start.group(2) == "{" else ")"
            entry = Entry(kind, None, self.line_at(start.start()))
            if kind in ("comment", "preamble"):
                end = self._skip_group(start.end(), close)
            elif kind == "string":
                end = self._fields(start.end(), close, entry)
                for name, value, _ in entry.fields:
                    self.strings[name] = value
            else:
                end = self._fields(self._key(start.end(), entry), close, entry)
                found.append(entry)
            self.covered += end - start.start()
            position = max(end, start.end())
        return found

    def _key(self, at: int, entry: Entry) -> int:
        """The key of an entry (warned if it has none); returns where its fields begin."""
        stop = _KEY_END.search(self.text, at)
        mark = stop.group() if stop else ""
        key = self.text[at : stop.start() if stop else len(self.text)].strip()
        # a key may hold a space (Scopus writes 'Conference paper2022775'), not a line break
        if mark in (",", "}", ")") and key and "\n" not in key:
            entry.key = key
            return stop.end() if mark == "," else stop.start()  # type: ignore[union-attr]
        self.warnings.add(
            f"@{entry.kind} entry without a citation key: imported without one",
            line=entry.line,
        )
        return stop.end() if mark == "," and not key else at  # type: ignore[union-attr]

    def _fields(self, at: int, close: str, entry: Entry) -> int:
        """Read 'name = value' fields up to the entry's closing brace; returns the offset
        after it. A field that cannot be read is warned and reading goes on at the next
        field's line; an entry never closed ends where the next begins."""
        text = self.text
        while True:
            at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
            while at < len(text) and text[at] == ",":
                at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
            if at >= len(text):
                raise self._cut(entry)
            if text[at] == close:
                return at + 1
            name = _NAME.match(text, at)
            try:
                if name is None:
                    raise _Broken("text that is not 'name = value'", at)
                value, written, at = self._value(name.end(), close)
                entry.fields.append((name.group(1).lower(), value, written))
                at = _SPACE.match(text, at).end()  # type: ignore[union-attr]
                if at < len(text) and text[at] not in (",", close):
                    raise _Broken("text after its value", at)
            except _Broken as broken:
                at = self._resync(broken, entry, name.group(1) if name else None)
                if at < 0:
                    return -at

    def _resync(self, broken: _Broken, entry: Entry, name: str | None) -> int:
        """Where to read on after a broken field (negative: the entry ended there)."""
        found = _RESYNC.search(self.text, broken.at)
        if found is None:
            raise self._cut(entry)
        what = f"field {name!r}" if name else "a field"
        if name is None and entry.fields:
            what += f" after {entry.fields[-1][0]!r} (unbalanced braces in it?)"
        self.warnings.add(
            f"@{entry.kind}{{{entry.key or ''}}}: {what} could not be read ({broken.why} "
            f"at line {self.line_at(broken.at)}): skipped",
            line=entry.line,
        )
        mark = found.group().lstrip()
        if mark.startswith("@"):
            return -(found.start() + 1)  # never closed: it ends where the next entry begins
        if mark[0] in "})":
            return -(found.end())
        return found.start() + 1

    def _cut(self, entry: Entry) -> ImportFormatError:
        return ImportFormatError(
            self.path,
            f"the @{entry.kind}{{{entry.key or ''}}} entry is not closed before the end of the "
            "file: the file looks cut short (an interrupted download or copy); export it again",
            line=entry.line,
        )

    def _value(self, at: int, close: str) -> tuple[str, str, int]:
        """(text with @strings resolved, as written, offset after) of a value's parts."""
        text = self.text
        parts: list[str] = []
        begin = at
        while True:
            if at >= len(text):
                raise _Broken("the file ends inside it", at)
            char = text[at]
            if char == "{":
                end = self._group_end(at, _BRACES)
                parts.append(text[at + 1 : end - 1])
            elif char == '"':
                end = self._group_end(at, _QUOTED)
                parts.append(text[at + 1 : end - 1])
            else:
                bare = _BARE.match(text, at)
                if bare is None:
                    raise _Broken("no value after '='", at)
                end = bare.end()
                word = bare.group()
                parts.append(word if word.isdigit() else self.strings.get(word.lower(), word))
            at = _SPACE.match(text, end).end()  # type: ignore[union-attr]
            if at < len(text) and text[at] == "#":
                at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
                continue
            written = text[begin:end].strip()
            if len(parts) == 1 and written[:1] in ('"', "{"):
                written = written[1:-1]
            return "".join(parts), written, end

    def _group_end(self, at: int, pattern: re.Pattern[str]) -> int:
        """Offset after the brace or quote that closes the group opened at `at` (one search
        per brace or quote inside it)."""
        text, search = self.text, pattern.search
        quoted = text[at] == '"'
        depth = 0 if quoted else 1
        mark = search(text, at + 1)
        while mark is not None:
            char = mark.group()
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
                if depth == 0 and not quoted:
                    return mark.end()
                if depth < 0:
                    raise _Broken("a closing brace that was never opened", mark.start())
            elif char == '"':
                if depth == 0:
                    return mark.end()
            else:
                raise _Broken("an unclosed brace or quote", mark.start())
            mark = search(text, mark.end())
        raise _Broken("an unclosed brace or quote", len(text))

    def _skip_group(self, at: int, close: str) -> int:
        """Offset after a @comment or @preamble group (or its line, if it is not closed)."""
        try:
            return (
                self._group_end(at - 1, _BRACES) if close == "}" else self.text.index(")", at) + 1
            )
        except (_Broken, ValueError):
            end = self.text.find("\n", at)
            return len(self.text) if end < 0 else end
