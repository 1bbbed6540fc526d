"""A student's browser tab in a live class: the game, after the student has typed their name.

``moscow1921 serve --class NAME`` runs ``play --class NAME`` for every tab; this is its
app.  It is the ordinary game (:class:`~game.ui.app.MoscowApp`) with these differences:

* the name is asked first (:class:`~game.ui.screens.class_join.ClassJoinScreen`); the
  student's games are then saved in a folder of their own in the class folder, named by
  a hash of the name, so a reopened tab with the same name resumes the game;
* every saved change is recorded in the class database by a
  :class:`~game.classroom.live_record.Recorder` (one of the session's listeners);
* a heartbeat tells the teacher's dashboard the tab is still open;
* a tab whose student joined again elsewhere stops (:class:`ClassStoppedScreen`);
* no results files: the class database already holds every decision.
"""

from __future__ import annotations

from pathlib import Path

from game.classroom.classdb import (
    HEARTBEAT_S,
    ClassDB,
    ClassDBError,
    Superseded,
    clean_student_name,
    name_key,
)
from game.classroom.live_record import Recorder
from game.saves import SaveStore
from game.session import Session
from game.ui.app import MoscowApp
from game.ui.screens.class_join import ClassJoinScreen, ClassStoppedScreen

TAKEN = (
    "Someone called {name} is playing now. If that is you in another tab or browser, press Enter "
    "again to bring your game here (the other tab stops). If not, add your surname or its first letter."
)


def _name_problem(name: str) -> str | None:
    try:
        clean_student_name(name)
    except ClassDBError as err:
        text = str(err)
        return text[0].upper() + text[1:] + "."
    return None


class ClassApp(MoscowApp):
    """The game in a live class's browser tab."""

    RESULTS_FILES = False  # every decision is already in the class database: nothing to hand in

    def __init__(self, db: ClassDB, class_folder: Path, *, scenes_dir: Path | None = None) -> None:
        # Until the student has typed a name, the title screen looks at an empty folder.
        super().__init__(SaveStore(class_folder / "lobby"), scenes_dir=scenes_dir)
        self.class_db = db
        self.class_folder = class_folder
        self.recorder: Recorder | None = None
        self._confirming: str | None = None  # a name already playing that the student typed once

    def on_ready(self) -> None:
        self.call_later(self._ask_name)  # after the game's own on_ready has read the story

    def _ask_name(self, problem: str = "", name: str = "") -> None:
        if self.story is None:
            return  # the problems screen is shown instead
        screen = ClassJoinScreen(self.class_db.class_name, _name_problem, problem=problem, name=name)
        self.push_screen(screen, self._joined)

    def _joined(self, name: str | None) -> None:
        if name is None:
            return
        try:
            if name_key(name) != self._confirming and self.class_db.is_playing(name):
                # Two students with one name, or one student with two tabs: ask before taking over.
                self._confirming = name_key(name)
                self._ask_name(TAKEN.format(name=" ".join(name.split())), name)
                return
            student = self.class_db.join(name)
        except ClassDBError as err:
            self._ask_name(f"Could not join the class: {err}. Try again in a moment.", name)
            return
        store = SaveStore(self.class_folder / "students" / student.folder)
        self.store = store
        self.player_name = student.name  # names the debrief the student's browser downloads
        self._title_screen().store = store
        recorder = Recorder(self.class_db, student, on_problem=self._record_problem)
        self.recorder = recorder
        Session.listeners = (recorder,)
        self.set_interval(HEARTBEAT_S, recorder.heartbeat)
        if store.has_autosave():
            self.action_continue_game()
            if self.session is not None:
                self.notify(
                    f"Welcome back, {student.name}: your game goes on where you stopped.", markup=False
                )
        else:
            self.notify(f"Welcome, {student.name}. Choose who you will be.", markup=False)
            self.action_new_game()

    def start_game(self, role: str, chapter: str | None = None, preset: str | None = None) -> None:
        if self.recorder is not None:
            self.recorder.new_game()
        super().start_game(role, chapter, preset)

    def action_continue_game(self) -> None:
        super().action_continue_game()
        if self.recorder is not None and self.session is not None:
            self.recorder(self.session)  # resuming writes nothing; say where the student is

    def _record_problem(self, err: ClassDBError) -> None:
        if isinstance(err, Superseded):
            self.push_screen(ClassStoppedScreen(f"{err}."))
            return
        self.notify(
            f"Your choice is saved, but the class could not be told ({err}); it will try again.",
            severity="warning",
            markup=False,
        )

    def on_unmount(self) -> None:
        if self.recorder is not None:
            self.recorder.leave()
            if Session.listeners == (self.recorder,):
                Session.listeners = ()
