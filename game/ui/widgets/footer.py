"""The key bar at the bottom of the full screens."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer

ShownKey = tuple[str, str, str, bool, str]
"""A key as the footer shows it: action, key as displayed, description, enabled, tooltip."""


class GameFooter(Footer):
    """Textual's footer, rebuilt only when the keys it shows change.

    Textual's footer mounts its keys afresh whenever its screen's bindings may have
    changed, and that includes every dialog opening or closing over the screen: a
    dozen widgets restyled for the same keys in the same places.
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown: tuple[ShownKey, ...] | None = None

    def bindings_changed(self, screen: Screen[object]) -> None:
        shown = self._keys_shown(screen)
        if shown == self._shown:
            return
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._shown = shown  # what the footer is about to show
        super().bindings_changed(screen)

    def _keys_shown(self, screen: Screen[object]) -> tuple[ShownKey, ...]:
        palette = self.app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding.action, self.app.get_key_display(binding), binding.description, enabled, tooltip)
            for key, (_, binding, enabled, tooltip) in screen.active_bindings.items()
            if binding.show or key == palette
        )
