"""Files for a player in a browser tab: handed to their own browser as downloads.

Under ``serve`` the game runs on the teacher's machine, so a file written there is out of the
student's reach.  In a browser (``App.is_web``), the debrief and the results file go to the
student's browser through Textual's ``deliver_text`` instead; in a live class the debrief is
named with the student's name, so a teacher collecting them can tell whose is whose.
"""

from __future__ import annotations

import io
from typing import Any

from textual.app import App

from game.session import Session


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
