"""The base of a screen's mixins: a Screen to the type checker, nothing at run time."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.screen import Screen

    ScreenMixin = Screen
else:
    ScreenMixin = object
