"""What a screen hands over when it is torn down and rebuilt: locking, or switching the language.

Locking destroys every widget that showed records (no hidden widget may keep a list of contacts behind
the lock screen), and a language switch rebuilds every widget so each text is made again in the new
language. Neither may cost the person their work: before tearing down, the main window asks the open
screen for `capture_state()` (which tab, the search text, a form's unsaved field texts, the scroll
position), keeps it in memory only - never on disk, it may hold record text - and after the rebuild
gives it back with `restore_state(state)`.

A state is a plain dict of str, int, float, bool, None, lists and dicts, so screens can nest the states
of their parts under their own keys. A screen ignores keys it does not know and tolerates missing ones:
the record a form was editing may have been deleted by a sync while the profile was locked.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

ScreenState = dict[str, Any]


@runtime_checkable
class StatefulScreen(Protocol):
    """A screen whose unsaved work survives being rebuilt."""

    def capture_state(self) -> ScreenState:
        """Everything needed to show the screen again as the person left it, including unsaved text."""
        ...

    def restore_state(self, state: ScreenState) -> None:
        """Put a captured state back (on a freshly built screen); unknown or stale parts are skipped."""
        ...


def capture_of(widget: object) -> ScreenState:
    """The widget's state if it keeps one, else an empty state."""
    return widget.capture_state() if isinstance(widget, StatefulScreen) else {}


def restore_into(widget: object, state: ScreenState | None) -> None:
    if state and isinstance(widget, StatefulScreen):
        widget.restore_state(state)
