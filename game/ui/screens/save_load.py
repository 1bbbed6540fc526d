"""Saving to and loading from named slots."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, Literal

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from game.saves import AUTOSAVE_NAME, SaveError, SaveStore
from game.session import SlotSummary
from game.ui.screens import GAME_CSS
from game.ui.screens.confirm import ConfirmScreen
from game.ui.screens.dialog import Dialog

Mode = Literal["save", "load"]


def saved_when(saved_at: datetime | None) -> str:
    """A save time in the player's local time, to the minute."""
    if saved_at is None:
        return ""
    return saved_at.astimezone().strftime("%Y-%m-%d %H:%M")


def slot_prompt(slot: SlotSummary) -> Content:
    if slot.broken_reason is not None:
        return Content.assemble(
            (slot.name, "bold"),
            "\n  ",
            (f"Cannot be loaded: {slot.broken_reason}", "italic $text-warning"),
        )
    details = slot.where()
    return Content.assemble(
        (slot.name, "bold"),
        "\n  ",
        details,
        "\n  ",
        (f"saved {saved_when(slot.saved_at)}", "$foreground-muted"),
    )


class SaveLoadScreen(Dialog[str | None]):
    """In ``save`` mode dismisses with the name to save under; in ``load`` mode, the slot to load.

    Broken slots are listed with their reason and cannot be picked.  ``Delete`` deletes
    the highlighted slot (after a question).
    """

    CSS_PATH = GAME_CSS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("delete", "delete", "Delete slot"),
        Binding("down", "focus_slots", show=False),
    ]

    def __init__(
        self, mode: Mode, slots: Sequence[SlotSummary], store: SaveStore, *, suggestion: str = ""
    ) -> None:
        super().__init__()
        self.mode = mode
        self.slots = list(slots)
        self.store = store
        self.suggestion = suggestion

    def compose(self) -> ComposeResult:
        title = "Save the game" if self.mode == "save" else "Load a saved game"
        with Vertical(classes=f"dialog save-load {self.mode}"):
            yield Static(Content.styled(title, "bold $text-accent"), classes="heading")
            if self.mode == "save":
                yield Input(
                    self.suggestion, placeholder="Name this save", id="slot-name", select_on_focus=True
                )
            yield OptionList(id="slots", markup=False)
            hint = (
                "Enter saves · ↓ pick a slot to overwrite · Del delete · Esc cancel"
                if self.mode == "save"
                else "Enter loads · Del delete · Esc cancel"
            )
            yield Static(Content(hint), classes="hint")

    def on_mount(self) -> None:
        self._fill()
        if self.mode == "save":
            self.query_one("#slot-name", Input).focus()
        else:
            self.query_one("#slots", OptionList).focus()

    def _fill(self) -> None:
        slots = self.query_one("#slots", OptionList)
        slots.clear_options()
        if not self.slots:
            empty = "No saved games yet." if self.mode == "load" else "No named saves yet."
            slots.add_option(Option(Content.styled(empty, "italic"), disabled=True))
            return
        for index, slot in enumerate(self.slots):
            broken = slot.broken_reason is not None
            slots.add_option(
                Option(slot_prompt(slot), id=str(index), disabled=broken and self.mode == "load")
            )
        if self.mode == "load":  # in save mode, highlighting a slot would replace the typed name
            slots.highlighted = next(
                (
                    index
                    for index in range(slots.option_count)
                    if not slots.get_option_at_index(index).disabled
                ),
                None,
            )

    def _slot(self, option_id: str | None) -> SlotSummary | None:
        if option_id is None or not option_id.isdigit():
            return None
        index = int(option_id)
        return self.slots[index] if index < len(self.slots) else None

    # ------------------------------------------------------------- saving
    @on(Input.Submitted, "#slot-name")
    def _name_submitted(self, event: Input.Submitted) -> None:
        self._save_as(event.value)

    def _save_as(self, raw: str) -> None:
        name = " ".join(raw.split())
        if not name:
            self.notify("Give the save a name first.", severity="warning", markup=False)
            return
        if name.casefold() == AUTOSAVE_NAME.casefold():
            self.notify(
                "“Autosave” is the game's own slot; choose another name.", severity="warning", markup=False
            )
            return
        existing = next((slot for slot in self.slots if slot.name == name), None)
        if existing is None:
            self.dismiss(name)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(name)

        self.app.push_screen(
            ConfirmScreen(f"Overwrite the save “{name}”?", yes="Overwrite", no="Keep it"), answered
        )

    # ------------------------------------------------------------ choosing
    @on(OptionList.OptionSelected, "#slots")
    def _slot_selected(self, event: OptionList.OptionSelected) -> None:
        slot = self._slot(event.option.id)
        if slot is None:
            return
        if self.mode == "load":
            if slot.broken_reason is None:
                self.dismiss(slot.name)
        elif slot.broken_reason is None:
            self._save_as(slot.name)

    @on(OptionList.OptionHighlighted, "#slots")
    def _slot_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        slot = self._slot(event.option.id)
        if self.mode == "save" and slot is not None and slot.broken_reason is None:
            self.query_one("#slot-name", Input).value = slot.name

    def action_delete(self) -> None:
        slots = self.query_one("#slots", OptionList)
        if slots.highlighted is None:
            return
        slot = self._slot(slots.get_option_at_index(slots.highlighted).id)
        if slot is None or slot.broken_reason is not None:
            if slot is not None:
                self.notify("A broken save is left as it is; remove its file by hand.", markup=False)
            return

        def answered(yes: bool | None) -> None:
            if yes and self._delete(slot.name):
                self.slots.remove(slot)
                self._fill()

        self.app.push_screen(
            ConfirmScreen(f"Delete the save “{slot.name}”?", yes="Delete", no="Keep it"), answered
        )

    def _delete(self, name: str) -> bool:
        try:
            self.store.delete(name)
        except SaveError as err:
            self.notify(err.message, title="Could not delete", severity="error", markup=False)
            return False
        return True

    def action_focus_slots(self) -> None:
        self.query_one("#slots", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)
