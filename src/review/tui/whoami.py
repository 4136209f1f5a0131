"""Who is working: the reviewer's name, asked when a task needs it, remembered per project."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import App

from review.base.errors import InputError
from review.project import Project
from review.tui.userconfig import save_reviewer, saved_reviewer
from review.tui.widgets.choice import ChoiceModal, ConfirmModal
from review.tui.widgets.input_modal import InputModal

SOMEONE_ELSE = "\0someone-else"


def known_reviewers(project: Project) -> list[str]:
    """The protocol's reviewers, then anyone else who has worked on the project."""
    names = list(project.protocol.reviewers)
    names += [n for n in project.store.people() if n not in names]
    return names


class WhoAmI:
    """Asks for the reviewer's name on the app's screens; the app keeps the answer."""

    def __init__(self, app: App[None], project: Project, given: str | None) -> None:
        self.app = app
        self.project = project
        self.name: str | None = given or saved_reviewer(project.root)

    def then(self, task: str, go: Callable[[str], None]) -> None:
        """Run go(name) once the name is known (asked if it is not yet); escape: nothing."""
        if self.name:
            go(self.name)
            return
        self.ask(f"Who is {task}? (remembered for this project)", lambda name: self._set(name, go))

    def ask(self, title: str, chosen: Callable[[str], None], current: str | None = None) -> None:
        """Offer the project's reviewers (or another name); chosen(name) unless escaped."""
        options = [(name, name) for name in known_reviewers(self.project)]
        options.append((SOMEONE_ELSE, "Someone else (type a name)"))

        def picked(value: str | None) -> None:
            if value is None:
                self.app.notify("No reviewer chosen.", timeout=3)
            elif value == SOMEONE_ELSE:
                self._type_name(chosen)
            else:
                chosen(value)

        self.app.push_screen(ChoiceModal(title, options, current or self.name), picked)

    def _type_name(self, chosen: Callable[[str], None]) -> None:
        def typed(text: str | None) -> None:
            if not text:
                self.app.notify("No reviewer chosen.", timeout=3)
                return
            try:
                name = self.project.reviewer_name(text)
            except InputError as exc:  # a slip of a known name: asked again
                self.app.notify(str(exc), severity="error", timeout=10)
                self._type_name(chosen)
                return
            chosen(name)

        example = self.project.protocol.reviewers[0]
        self.app.push_screen(
            InputModal("Your name as reviewer", placeholder=f"e.g. {example}"), typed
        )

    def _set(self, name: str, go: Callable[[str], None] | None = None) -> None:
        self.name = name
        save_reviewer(self.project.root, name)
        if go is not None:
            go(name)

    def switch(self, switched: Callable[[str], None]) -> None:
        """Choose another reviewer, confirmed; switched(name) once it is done."""

        def confirmed(name: str, yes: bool | None) -> None:
            if yes:
                self._set(name)
                self.app.notify(f"You are now working as {name}.")
                switched(name)

        def chosen(name: str) -> None:
            if name == self.name:
                self.app.notify(f"You are already working as {name}.")
                return
            now = f" from {self.name}" if self.name else ""
            self.app.push_screen(
                ConfirmModal(
                    f"Switch reviewer{now} to {name}? Open views close; the dashboard then "
                    f"counts as {name} (blind rules apply to {name})."
                ),
                lambda yes: confirmed(name, yes),
            )

        self.ask("Switch reviewer to…", chosen)
