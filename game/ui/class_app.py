"""A student's tab in a live class: the game, once the student has typed their name (and code).

``moscow1921 serve --class NAME`` runs ``play --class NAME`` for every browser tab (and a
terminal can run it too); this is its app.  It is the ordinary game
(:class:`~game.ui.app.MoscowApp`) with these differences:

* the name is asked first (:class:`~game.ui.screens.class_join.ClassJoinScreen`), then, for a
  name that joined before, its code; a new student is shown their code to write down.  Who
  may come in is decided by :func:`game.classroom.joining.join` alone, on a thread (the
  database may be busy); the student's games are saved in a folder of their own in the class
  folder, named by a hash of the name, so the same name and code resume the game anywhere;
* every saved change is recorded in the class database by a
  :class:`~game.classroom.live_record.Recorder`, on a thread of its own: a slow or locked
  database never holds up the game, and a quiet "saving…" notice says when a record waits;
* a tab whose student joined again elsewhere stops (:class:`ClassStoppedScreen`);
* a class database deleted under the class is said so, once, and again at each choice;
* no results files: the class database already holds every decision.
"""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.message import Message

from game.classroom import joining
from game.classroom.class_names import clean_student_name
from game.classroom.classdb import ClassDB, ClassDBError
from game.classroom.joining import JoinResult, Outcome
from game.classroom.live_record import Recorder, Status
from game.saves import SaveStore
from game.session import Session
from game.ui.app import MoscowApp
from game.ui.screens.class_join import ClassCodeScreen, ClassJoinScreen, ClassStoppedScreen, CodeShownScreen

SAVING_NOTICE_S = 1.0
"""A record still waiting after this long is shown as "saving…"."""
GONE = (
    "Your choices are no longer reaching your teacher: the class's record was deleted on the "
    "teacher's computer. Your game is still saved here. Tell your teacher."
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
        # Until the student has joined, the title screen looks at an empty folder.
        super().__init__(SaveStore(class_folder / "lobby"), scenes_dir=scenes_dir)
        self.class_db = db
        self.class_folder = class_folder
        self.recorder: Recorder | None = None
        self._saving_shown = False

    def on_ready(self) -> None:
        self.call_later(self._ask_name)  # after the game's own on_ready has read the story

    # ---------------------------------------------------------- joining
    def _ask_name(self, problem: str = "", name: str = "") -> None:
        if self.story is None:
            return  # the problems screen is shown instead
        screen = ClassJoinScreen(self.class_db.class_name, _name_problem, problem=problem, name=name)
        self.push_screen(screen, self._named)

    def _named(self, name: str | None) -> None:
        if name is not None:
            self._join(name, None)

    @work(thread=True, exclusive=True, group="join")
    def _join(self, name: str, code: str | None) -> None:
        """Ask :func:`joining.join` on a thread: the database may be busy for seconds."""
        try:
            result = joining.join(self.class_db, name, code)
        except ClassDBError as err:
            self.call_from_thread(
                self._ask_name, f"Could not join the class: {err}. Try again in a moment.", name
            )
            return
        self.call_from_thread(self._answered, name, result)

    def _answered(self, name: str, result: JoinResult) -> None:
        if result.outcome in (Outcome.NEW, Outcome.RENEWED):
            assert result.code is not None
            self.push_screen(
                CodeShownScreen(result.name, joining.shown_code(result.code)), lambda _: self._in(result)
            )
        elif result.outcome is Outcome.RESUMED:
            self._in(result)
        elif result.outcome is Outcome.BAD_NAME:
            self._ask_name(result.message, name)
        else:  # the name joined before: its code, please

            def typed(code: str | None) -> None:
                if code is None:
                    self._ask_name("", name)  # back: perhaps another student of the same name
                else:
                    self._join(name, code)

            self.push_screen(ClassCodeScreen(result.name, result.message, joining.CODE_DIGITS), typed)

    def _in(self, result: JoinResult) -> None:
        student = result.student
        assert student is not None
        store = SaveStore(self.class_folder / "students" / student.folder)
        self.store = store
        self.player_name = student.name  # names the debrief the student's browser downloads
        self._title_screen().store = store
        self.recorder = Recorder(self.class_db, student, on_status=self._status_from_thread)
        Session.listeners = (self._changed,)
        welcome = result.message
        if result.took_over:
            welcome += " Your other tab has stopped: carry on here."
        if store.has_autosave():
            self.action_continue_game()
            if self.session is not None:
                self.notify(welcome, markup=False)
        else:
            self.notify(f"{welcome} Choose who you will be.", markup=False)
            self.action_new_game()

    # ---------------------------------------------------------- recording
    def _changed(self, session: Session) -> None:
        """A Session listener: queue the change for the class, and watch that it gets there."""
        recorder = self.recorder
        if recorder is None:
            return
        if recorder.status == "gone":
            self.notify("Not recorded for your teacher (the class's record was deleted).", severity="warning")
            return
        recorder(session)
        self.set_timer(SAVING_NOTICE_S, self._check_saving)

    def _check_saving(self) -> None:
        recorder = self.recorder
        if (
            recorder is not None
            and recorder.pending
            and recorder.status != "stopped"
            and not self._saving_shown
        ):
            self._saving_shown = True
            self.notify(
                "Saving your choice for your teacher… (the class's computer is busy; your game is safe)",
                timeout=60,
                markup=False,
            )

    class RecordStatus(Message):
        """The recorder's status changed (posted from its thread: post_message is thread-safe)."""

        def __init__(self, status: Status, problem: str) -> None:
            super().__init__()
            self.status = status
            self.problem = problem

    def _status_from_thread(self, status: Status, problem: str) -> None:
        self.post_message(self.RecordStatus(status, problem))

    def on_class_app_record_status(self, message: RecordStatus) -> None:
        status, problem = message.status, message.problem
        if status == "saved" and self._saving_shown:
            self._saving_shown = False
            self.clear_notifications()
            self.notify("Saved for your teacher.", timeout=3)
        elif status == "stopped":
            self.push_screen(ClassStoppedScreen(f"{problem}."))
        elif status == "gone":
            self.clear_notifications()
            self.notify(GONE, severity="error", timeout=30, markup=False)

    def start_game(self, role: str, chapter: str | None = None, preset: str | None = None) -> None:
        if self.recorder is not None:
            self.recorder.new_game()
        super().start_game(role, chapter, preset)

    def action_continue_game(self) -> None:
        super().action_continue_game()
        if self.recorder is not None and self.session is not None:
            self._changed(self.session)  # resuming writes nothing; say where the student is

    def on_unmount(self) -> None:
        if self.recorder is not None:
            self.recorder.close()
        if Session.listeners == (self._changed,):
            Session.listeners = ()
