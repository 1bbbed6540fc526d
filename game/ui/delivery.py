"""The files a player takes away, the debrief and the results file for the teacher: written to this
machine's disk in a terminal, handed to the player's own browser as downloads in a browser tab.

Under ``serve`` the game runs on the teacher's machine, so a file written there is out of the
student's reach.  In a browser (``App.is_web``), the debrief and the results file go to the
student's browser through Textual's ``deliver_text`` instead; in a live class the debrief is
named with the student's name, so a teacher collecting them can tell whose is whose.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from textual.app import App

from game.session import Session

if TYPE_CHECKING:
    from game.ui.app import MoscowApp


def export_debrief(app: MoscowApp, session: Session) -> None:
    """Write the debrief (or have the browser download it) and say where it went."""
    from game.ui.screens.ending import EndScreen
    from game.ui.widgets.path_text import TOAST_WIDTH, wrap_path

    if app.is_web:  # the student's own browser downloads it: this machine's disk is out of reach
        name = deliver_debrief(app, session, app.player_name)
        if isinstance(app.screen, EndScreen):
            app.screen.exported(name, downloaded=True)
        app.notify(f"Your browser is downloading {name}", title="Debrief", timeout=8, markup=False)
        return
    try:
        path = session.export_debrief()
    except OSError as err:
        app.notify(f"Could not export the debrief: {err}", severity="error", markup=False)
        return
    if isinstance(app.screen, EndScreen):
        app.screen.exported(str(path))
    message = "\n".join(wrap_path(f"Debrief written to {path}", TOAST_WIDTH))
    app.notify(message, title="Exported", timeout=8, markup=False)


def write_results(app: MoscowApp, session: Session, name: str) -> tuple[bool, str | None]:
    """Write a results file of the game under the player's (optional) name, or have the browser
    download it, and say where it went: whether it was made, and the download's key (in a browser)."""
    from game.classroom.results import ResultsError, write_session_results
    from game.ui.screens.ending import EndScreen
    from game.ui.widgets.path_text import TOAST_WIDTH, wrap_path

    key = None
    try:
        if app.is_web:  # to the student's own browser, as a download
            shown, key = deliver_results(app, session, name)
            message = f"Your browser is downloading {shown}: hand it to your teacher"
        else:
            shown = str(write_session_results(session, name))
            message = f"Results written to {shown}"
    except ResultsError as err:
        app.notify(str(err), title="Results not written", severity="error", markup=False)
        return False, None
    if isinstance(app.screen, EndScreen):
        app.screen.results_written(shown, downloaded=app.is_web)
    message = "\n".join(wrap_path(message, TOAST_WIDTH))
    app.notify(message, title="For your teacher", timeout=8, markup=False)
    return True, key


def deliver_debrief(app: App[Any], session: Session, player: str | None) -> str:
    """Send the debrief to the browser; the file name it is saved under."""
    name = session.debrief_file_name(player)
    app.deliver_text(io.StringIO(session.debrief_markdown()), save_filename=name, mime_type="text/markdown")
    return name


def deliver_results(app: App[Any], session: Session, name: str | None) -> tuple[str, str | None]:
    """Send a results file of the game to the browser: its file name, and the delivery's key.

    Raises :class:`game.classroom.results.ResultsError` if the results cannot be made."""
    from game.classroom.results import results_file_name, results_from_session

    results = results_from_session(session, name, started=session.started_at)
    file_name = results_file_name(results)
    key = app.deliver_text(
        io.StringIO(results.to_json()), save_filename=file_name, mime_type="application/json"
    )
    session.results_written()  # nothing is written on this machine: the file is the student's
    return file_name, key
