"""The plain-text player: numbered choices on stdin/stdout.

Usable with a screen reader and by scripts (a transcript can be piped in).  No
colour codes or cursor movement, ever; lines are wrapped only on a terminal.
Ctrl-D or ``q`` quits cleanly; the game is autosaved after every choice.  ``r`` writes a
results file for the teacher (offered at the ending, and on ``q`` once a decision is taken).
"""

from __future__ import annotations

import shutil
import textwrap
from typing import TextIO

from game.engine import panel
from game.engine.model import Decision, Role, Story, plain_prose
from game.safe_text import printable
from game.saves import AUTOSAVE_NAME, SaveStore, where_words
from game.session import Session, SessionError, slot_summaries

HELP = """Commands:
  1, 2, 3 ...   take that choice
  u             undo the last choice
  s NAME        save the game as NAME
  l NAME        load the save called NAME (l alone lists saves)
  j             journal: your decisions against history
  t             timeline of events reached
  g [TERM]      glossary (all terms, or one)
  v             your situation (the story's variables)
  r             write a results file of your game so far, for your teacher
  h             this help
  q             save and quit (Ctrl-D too)"""


class _Quit(Exception):
    """Leave now: end of input (Ctrl-D), or ``q`` at a menu or the ending."""


class _QuitAsked(Exception):
    """The player typed ``q`` in a scene: offer the results file first, then leave."""


class PlainPlayer:
    def __init__(self, story: Story, store: SaveStore, stdin: TextIO, stdout: TextIO) -> None:
        self.story, self.store, self.stdin, self.stdout = story, store, stdin, stdout
        self.width = shutil.get_terminal_size((80, 24)).columns - 1 if stdout.isatty() else 0
        self.session: Session | None = None
        self._shown: tuple[str, int] | None = None  # the scene and turn last shown

    # ----------------------------------------------------------------- output
    def say(self, text: str = "") -> None:
        text = plain_prose(text)
        if self.width:
            paragraphs = text.split("\n\n")
            text = "\n\n".join(textwrap.fill(" ".join(p.split()), self.width) for p in paragraphs)
        self.stdout.write(printable(text) + "\n")
        self.stdout.flush()

    def ask(self, prompt: str) -> str:
        self.stdout.write(printable(prompt))
        self.stdout.flush()
        line = self.stdin.readline()
        if not line:  # Ctrl-D / end of a piped transcript
            self.stdout.write("\n")
            raise _Quit
        if not self.stdin.isatty():
            self.stdout.write(printable(line.rstrip("\r\n")) + "\n")  # echo, so transcripts read well
        return line.strip()

    # ------------------------------------------------------------------- flow
    def run(
        self,
        role: str | None = None,
        load: str | None = None,
        chapter: str | None = None,
        preset: str | None = None,
    ) -> int:
        try:
            self.session = self._start(role, load, chapter, preset)
            if self.session is None:
                return 0
            self._play()
        except _Quit:
            pass
        except _QuitAsked:
            self._offer_results_on_quit()
        if self.session is not None:
            try:
                self.session.autosave()
                self.say("Game saved. Goodbye.")
            except SessionError as err:
                self.say(f"Could not save: {err}")
                return 1
        return 0

    def _start(
        self, role: str | None, load: str | None, chapter: str | None = None, preset: str | None = None
    ) -> Session | None:
        self.say(self.story.title)
        self.say("=" * len(self.story.title))
        if load is not None:
            session = Session.load(self.story, self.store, load)
            self._show_notices(session)
            return session
        if role is not None and chapter is not None:
            from game.classroom.episodes import start_episode, start_summary

            session = start_episode(self.story, self.store, role, chapter, preset)
            for line in start_summary(self.story, session.state):
                self.say(line)
            return session
        if role is not None:
            return Session.new(self.story, self.store, role)
        resumable = Session.resume(self.story, self.store)
        entries: list[tuple[str, str | None]] = []
        if resumable is not None:
            meta = resumable.meta()
            where = where_words(meta["role_name"], meta["chapter_title"], meta["date"], ", ")
            entries.append((f"Continue ({where})", None))
        entries += [
            (f"New game as a {r.name}: {r.description}{_role_details(r)}", r.id)
            for r in self.story.roles.values()
        ]
        self.say()
        self.say(self.story.role_prompt)
        for number, (label, _) in enumerate(entries, 1):
            self.say(f"{number}. {label}")
        while True:
            answer = self.ask("> ")
            if answer.lower() in ("q", "quit"):
                raise _Quit
            if answer.lower() in ("h", "help", "?"):
                self.say(f"{_pick(len(entries))} to choose from the list above; q to quit.")
                continue
            if answer.isdigit() and 1 <= int(answer) <= len(entries):
                picked = entries[int(answer) - 1][1]
                if picked is None and resumable is not None:
                    self._show_notices(resumable)
                    return resumable
                if picked is not None:
                    return Session.new(self.story, self.store, picked)
            self.say(f"{_pick(len(entries))}, or q to quit.")

    def _show_notices(self, session: Session) -> None:
        for notice in session.notices:
            self.say(f"Note: {notice}")

    def _play(self) -> None:
        assert self.session is not None
        while True:
            session = self.session
            if session.is_over:
                self._show_ending()
                return
            if self._shown != (session.state.at, session.state.turn):
                self._show_scene()
            answer = self.ask("> ")
            if not self._command(answer):
                self.say("Type the number of a choice, or h for help.")

    def _show_scene(self) -> None:
        assert self.session is not None
        shown = self.session.scene_view()
        assert shown is not None
        scene = shown.scene
        self._shown = (self.session.state.at, self.session.state.turn)
        chapter = self.story.chapters[scene.chapter].title
        self.say()
        if shown.aftermath:
            self.say(shown.aftermath)
            self.say()
        self.say(f"{chapter} | {scene.date} | {scene.place}")
        self.say(f"## {scene.title}")
        self.say()
        self.say(shown.prose)
        self.say()
        terms = self.story.glossary_terms(shown.prose)
        if terms:
            self.say(f"In the glossary (g TERM): {', '.join(term.term for term in terms)}")
            self.say()
        for option in shown.options:
            if option.available:
                self.say(f"{option.number}. {option.text}")
            else:
                self.say(f"{option.number}. (not possible: {option.reason}) {option.text}")

    def _command(self, answer: str) -> bool:
        session = self.session
        assert session is not None
        word, _, rest = answer.partition(" ")
        word = word.lower()
        if word.isdigit():
            options = session.options()
            number = int(word)
            if not 1 <= number <= len(options):
                self.say(f"There is no choice {number}.")
                return True
            option = options[number - 1]
            if not option.available:
                self.say(f"That is not possible now: {option.reason}")
                return True
            decision = session.choose(option.choice.id)
            if decision is not None:
                self._show_history(decision)
            return True
        if word in ("q", "quit", "exit"):
            raise _QuitAsked
        if word in ("h", "help", "?"):
            self.say(HELP)
        elif word in ("u", "undo"):
            self.say("Undone." if session.undo() else "There is nothing to undo.")
            if session.can_undo or session.state.turn == 0:
                self._show_scene()
        elif word in ("s", "save"):
            self._save(rest.strip())
        elif word in ("l", "load"):
            self._load(rest.strip())
        elif word in ("j", "journal"):
            self._journal()
        elif word in ("t", "timeline"):
            entries = session.reached_timeline()
            for entry in entries:
                self.say(f"{entry.date}: {entry.text}")
            if not entries:
                self.say("No events reached yet.")
        elif word in ("g", "glossary"):
            self._glossary(rest.strip())
        elif word in ("r", "results"):
            self._write_results()
        elif word in ("v", "vars", "situation"):
            for variable in self.story.variables.values():
                if not variable.hidden:
                    self.say(f"{variable.name}: {variable.describe(session.state.values[variable.id])}")
        else:
            return False
        return True

    def _show_history(self, decision: Decision) -> None:
        """What happened, in the panel's layers: the short account first, the full one on ``f``."""
        assert self.session is not None
        entry = self.session.last_answer()
        if entry is None or entry.decision is not decision:
            return
        account = panel.panel(self.story, entry)
        first = account.first
        self.say()
        self.say(f"-- What happened: {first.title} --")
        self.say(f"{panel.YOU_CHOSE}: {first.chosen}")
        self.say(first.verdict.words)
        for text in first.verdict.listed:
            self.say(f"  - {text}")
        self.say()
        self.say(first.summary)
        if first.quotation is not None:
            self._quote(first.quotation)
        answer = self.ask("[Enter to go on, f for the full account] ")
        if answer.lower() in ("f", "full"):
            self._full_account(account.full)
            self.ask("[press Enter to go on] ")

    def _full_account(self, full: panel.FullAccount) -> None:
        self.say()
        self.say(f"-- {panel.FULL_ACCOUNT} --")
        self.say(full.question)
        self.say()
        self.say(full.happened)
        if full.background:
            self.say()
            self.say(f"Background: {full.background}")
        if full.cases:
            self.say()
            self.say("Each side's case:")
            for case in full.cases:
                self.say(f"- {case.side}: {case.text}")
        for citation in full.sources:
            self._quote(citation)
        for reference in full.references:
            self.say()
            self.say(f"Source: {reference}")
        if full.argument is not None:
            self.say()
            self.say(f"{full.argument.by} argues: {full.argument.text}")
        if full.discuss:
            self.say()
            self.say("Think about it:")
            for question in full.discuss:
                self.say(f"- {question}")

    def _quote(self, citation: panel.Citation) -> None:
        self.say()
        self.say(f'"{citation.source.quote}"')
        self.say(f"  ({citation.cite})")

    def _save(self, name: str) -> None:
        assert self.session is not None
        if not name:
            self.say("Give the save a name: s NAME")
            return
        if name.casefold() == AUTOSAVE_NAME.casefold():
            self.say("That name is reserved for the autosave; choose another.")
            return
        self.session.save(name)
        self.say(f"Saved as '{name}'.")

    def _load(self, name: str) -> None:
        if not name:
            for slot in slot_summaries(self.story, self.store):
                if slot.broken_reason:
                    self.say(f"- {slot.name}: cannot be loaded ({slot.broken_reason})")
                else:
                    when = slot.saved_at.strftime("%Y-%m-%d %H:%M") if slot.saved_at else "?"
                    self.say(f"- {slot.name}: {slot.where(', ')} (saved {when})")
            return
        try:
            self.session = Session.load(self.story, self.store, name)
        except SessionError as err:
            self.say(f"Could not load '{name}': {err}")
            return
        self._show_notices(self.session)
        self.say(f"Loaded '{name}'.")
        if not self.session.is_over:
            self._show_scene()

    def _journal(self) -> None:
        assert self.session is not None
        entries = self.session.journal()
        if not entries:
            self.say("No decisions taken yet.")
        for number, entry in enumerate(entries, 1):
            verdict = panel.verdict(entry)
            self.say(f"{number}. {entry.decision.title} ({entry.scene.date})")
            self.say(f"   {panel.YOU_CHOSE}: {entry.chosen_text}")
            self.say(f"   {verdict.words}")
            for text in verdict.listed:
                self.say(f"     - {text}")
        if entries:
            self.say(self.session.comparison().sentence())

    def _glossary(self, term: str) -> None:
        if term:
            entry = self.story.glossary_lookup(term)
            self.say(f"{entry.term}: {entry.text}" if entry else f"No glossary entry for '{term}'.")
            return
        for entry in sorted(self.story.glossary.values(), key=lambda e: e.term.casefold()):
            self.say(f"{entry.term}: {entry.text}")

    def _show_ending(self) -> None:
        assert self.session is not None
        shown = self.session.ending_view()
        assert shown is not None
        self.say()
        if shown.aftermath:
            self.say(shown.aftermath)
            self.say()
        self.say(f"## {shown.ending.title}")
        self.say()
        self.say(shown.epilogue)
        self.say()
        if shown.fates:
            self.say("What became of them:")
            for fate in shown.fates:
                self.say(f"- {fate.character.name}: {fate.text}")
            self.say()
        self.say("What became of people like you:")
        self.say(shown.history)
        for source in shown.ending.sources:
            self._quote(panel.Citation(source, panel.short_cite(self.story, source.cite)))
        self.say()
        self.say("THE END.")
        self.say(self.session.comparison().sentence())
        self.say(panel.REFLECTION)
        self.say("If your teacher asked for your results, type r to write them to a file.")
        self._shown = None  # an undo from here must show its scene again
        while True:
            answer = self.ask(
                "j journal, e export the debrief, r results for your teacher, u undo, q quit > "
            )
            answer = answer.lower()
            if answer in ("e", "export"):
                self.say(f"Debrief written to {self.session.export_debrief()}")
            elif answer in ("r", "results"):
                self._write_results()
            elif answer in ("j", "journal"):
                self._journal()
            elif answer in ("u", "undo"):
                if self.session.undo():
                    self._play()
                    return
                self.say("There is nothing to undo.")
            elif answer in ("q", "quit", ""):
                raise _Quit
            else:
                self.say(
                    "Type j for the journal, e to export the debrief, r to write your results "
                    "for your teacher, u to undo or q to quit."
                )

    # ---------------------------------------------------------------- results
    def _write_results(self) -> None:
        """Ask for an optional name and write a results file of the game as it stands."""
        from game.classroom.results import ResultsError, write_session_results

        session = self.session
        assert session is not None
        if not session.is_over:
            self.say("Your game is not over: the file will say you stopped here (abandoned).")
        name = self.ask("Your name for your teacher (optional; press Enter to leave it out): ")
        try:
            path = write_session_results(session, name)
        except ResultsError as err:
            self.say(f"Not written. {err}")
            return
        self.say(f"Results written to {path}")
        self.say(
            "Hand this file to your teacher. It holds your choices and the name you typed, nothing else."
        )

    def _offer_results_on_quit(self) -> None:
        """Before ``q`` leaves a game with decisions taken, offer to hand in the unfinished game."""
        session = self.session
        if session is None or not session.results_unsent:
            return
        try:
            answer = self.ask("Write a results file of this unfinished game for your teacher? (y/N) > ")
            if answer.lower() in ("y", "yes"):
                self._write_results()
        except _Quit:  # Ctrl-D: no
            pass


def _pick(count: int) -> str:
    """How to answer a numbered menu of ``count`` entries, in words that read naturally."""
    if count == 1:
        return "Type 1"
    if count == 2:
        return "Type 1 or 2"
    return f"Type a number from 1 to {count}"


def _role_details(role: Role) -> str:
    """The composite note and the real people of a role, as indented lines after its description."""
    lines = []
    if role.composite:
        lines.append(f"A composite: {plain_prose(role.composite)}")
    if role.real_people:
        lines.append("Real people in this story:")
        lines += [f"  - {plain_prose(person)}" for person in role.real_people]
    return "".join(f"\n   {line}" for line in lines)
