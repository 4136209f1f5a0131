"""The footer: the view's keys, most used first, as many as fit in one or two lines; help last."""

from __future__ import annotations

from dataclasses import dataclass

from textual import events
from textual.app import RenderResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widget import Widget

HELP_ACTION = "app.help"
GAP = 2  # cells between two keys


@dataclass(frozen=True)
class FooterItem:
    key: str  # what a click presses
    shown: str  # the key as drawn
    description: str
    enabled: bool
    last: bool = False  # help: kept, at the end

    @property
    def width(self) -> int:
        return len(self.shown) + 1 + len(self.description)

    def content(self) -> Content:
        key_style = "bold $footer-key-foreground" if self.enabled else "dim"
        text_style = "$footer-description-foreground" if self.enabled else "dim"
        return Content.assemble((self.shown, key_style), " ", (self.description, text_style))


def pack(items: list[FooterItem], width: int, rows: int) -> list[list[FooterItem]]:
    """Items in order into at most `rows` lines of `width` cells; the help item (the last, if
    any) always on the last line; what does not fit is left out (help lists everything)."""
    help_items = [i for i in items if i.last][-1:]
    others = [i for i in items if i not in help_items]
    lines: list[list[FooterItem]] = [[]]
    used = [0]
    for item in others:
        room = width - (help_items[0].width + GAP if help_items and len(lines) == rows else 0)
        need = item.width + (GAP if lines[-1] else 0)
        if used[-1] + need <= room:
            lines[-1].append(item)
            used[-1] += need
        elif len(lines) < rows:
            lines.append([item])
            used.append(item.width)
        # else: it does not fit; later, shorter keys may
    if help_items:
        if used[-1] + help_items[0].width + GAP > width and len(lines) < rows:
            lines.append([])
        lines[-1].append(help_items[0])
    return [line for line in lines if line]


class KeyFooter(Widget, can_focus=False):
    """Draws the screen's active keys; clicking one presses it."""

    DEFAULT_CSS = """
    KeyFooter { dock: bottom; height: 1; background: $footer-background; padding: 0 1; }
    """

    def __init__(self, rows: int = 2, min_rows: int = 1, **kwargs: object) -> None:
        """rows: at most; min_rows: at least (a pop-up's footer covers the screen's)."""
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rows = rows
        self.min_rows = min_rows
        self.lines: list[list[FooterItem]] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: Screen[object]) -> None:
        self.lay_out()

    def on_resize(self, _event: events.Resize) -> None:
        self.lay_out()

    def items(self) -> list[FooterItem]:
        """The screen's shown keys in its order (a focused widget's first), one per action,
        a group's keys together ('j/k Move'), help last."""
        screen = self.screen
        rank = {getattr(b, "id", None): n for n, b in enumerate(screen.BINDINGS)}
        found: dict[str, tuple[float, FooterItem]] = {}
        groups: dict[str, list[tuple[Binding, bool]]] = {}
        for node, binding, enabled, _tip in screen.active_bindings.values():
            if not binding.show or binding.action in found:
                continue
            if binding.group is not None:
                members = groups.setdefault(binding.group.description, [])
                if all(b.action != binding.action for b, _e in members):  # its first key only
                    members.append((binding, enabled))
                continue
            last = binding.action == HELP_ACTION
            default = 400 if node is screen or node is self.app else -1  # a focused widget's
            order = 1000.0 if last else float(rank.get(binding.id, default))
            shown = self.app.get_key_display(binding)
            item = FooterItem(binding.key, shown, binding.description, enabled, last)
            found[binding.action] = (order, item)
        for name, members in groups.items():
            order = float(min(rank.get(b.id, 450) for b, _e in members))
            shown = "/".join(dict.fromkeys(self.app.get_key_display(b) for b, _e in members))
            found[name] = (order, FooterItem(members[0][0].key, shown, name, members[0][1]))
        return [item for _order, item in sorted(found.values(), key=lambda pair: pair[0])]

    def lay_out(self) -> None:
        width = (self.size.width or self.app.size.width) - 2
        if width <= 0:
            return
        self.lines = pack(self.items(), width, self.rows)
        height = max(self.min_rows, len(self.lines))
        if self.styles.height is None or self.styles.height.value != height:
            self.styles.height = height
        self.refresh()

    def render(self) -> RenderResult:
        gap = Content(" " * GAP)
        return Content("\n").join(gap.join(item.content() for item in line) for line in self.lines)

    def on_click(self, event: events.Click) -> None:
        if not 0 <= event.y < len(self.lines):
            return
        x = 0
        for item in self.lines[event.y]:
            if x <= event.x - 1 < x + item.width:
                if item.enabled:
                    self.app.simulate_key(item.key)
                return
            x += item.width + GAP
