"""The class report as plain text, with bars of ``#`` for the terminal (``report --text``)."""

from __future__ import annotations

import textwrap

from game.classroom.report_model import ClassReport, DecisionTally
from game.engine.model import paragraphs, plain_line, plain_prose

HISTORICAL_MARK = "*"
MIN_WIDTH = 40


def _bar(count: int, total: int, width: int) -> str:
    filled = round(width * count / total) if total else 0
    if count and not filled:
        filled = 1  # one student is still visible
    return "#" * filled + "." * (width - filled)


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total):>3}%" if total else "  -%"


class _Writer:
    def __init__(self, width: int) -> None:
        self.width = max(MIN_WIDTH, width)
        self.lines: list[str] = []

    def para(self, text: str, indent: int = 0, first: str = "") -> None:
        text = plain_line(text)
        prefix = " " * indent
        self.lines += textwrap.wrap(
            text,
            self.width,
            initial_indent=prefix + first,
            subsequent_indent=prefix + " " * len(first),
            break_on_hyphens=False,
        ) or [prefix + first.rstrip()]

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def bar_row(self, label: str, count: int, total: int, indent: int, mark: str = " ") -> None:
        self.para(label, indent, f"{mark} ")
        numbers = f" {count:>4} {_percent(count, total)}"
        room = self.width - indent - 2 - len(numbers)
        self.lines.append(" " * (indent + 2) + _bar(count, total, max(5, room)) + numbers)


def render_text(report: ClassReport, width: int = 80) -> str:
    out = _Writer(width)
    out.para(f"{report.story_title}: class report (story version {report.story_version})")
    out.lines.append("=" * min(out.width, len(out.lines[-1])))
    summary = report.summary
    out.para(summary + ".")
    if report.foreign:
        out.para(f"{len(report.foreign)} from another version of the story, listed at the end, not counted.")
    if report.skipped:
        out.para(f"{len(report.skipped)} skipped (listed at the end with the reason).")
    out.para(f"{HISTORICAL_MARK} marks what happened, or what most people in that position did.")

    for number, tally in enumerate(report.decisions, 1):
        out.blank()
        _decision(out, number, tally)

    out.blank()
    out.para("Endings reached")
    out.lines.append("-" * len("Endings reached"))
    finished = report.finished
    for ending in report.endings:
        out.bar_row(ending.ending.title, ending.count, finished, 0)

    if report.counted:
        out.blank()
        out.para("Playthroughs counted")
        out.lines.append("-" * len("Playthroughs counted"))
        for entry in report.counted:
            how = f"ending: {entry.ending}" if entry.ending else entry.status
            began = f", began at {entry.started}" if entry.started else ""
            out.para(f"{entry.name or '(no name)'}: {entry.role}{began}, {how} [{entry.source}]", 2)
    if report.foreign:
        out.blank()
        out.para(
            "From another version of the story (not counted; this story is version "
            f"{report.story_version}, fingerprint {report.fingerprint})"
        )
        for item in report.foreign:
            out.para(
                f"{item.source}: {item.title}, story version {item.version} "
                f"(fingerprint {item.fingerprint}), "
                f"{item.name or '(no name)'}, {item.status}",
                2,
            )
    if report.skipped:
        out.blank()
        out.para("Skipped")
        for problem in report.skipped:
            out.para(f"{problem.source}: {problem.reason}", 2)
    return "\n".join(out.lines) + "\n"


def _decision(out: _Writer, number: int, tally: DecisionTally) -> None:
    decision = tally.decision
    heading = f"{number}. {plain_prose(decision.title)}"
    out.para(heading)
    out.lines.append("-" * min(out.width, len(heading)))
    out.para(decision.question, 3)
    played = ", ".join(tally.roles) or "no role"
    answered = tally.answered
    out.para(f"Played by: {played}. {answered} answered.", 3)
    for choice in tally.choices:
        label = choice.text + "".join(f" / {other}" for other in choice.other_texts)
        out.bar_row(label, choice.count, answered, 3, HISTORICAL_MARK if choice.historical else " ")
    out.para("What happened:", 3)
    for number, paragraph in enumerate(paragraphs(decision.happened)):
        if number:
            out.lines.append("")
        out.para(paragraph, 5)
    for source in decision.sources:
        out.lines.append("")
        out.para(f'"{source.quote}" ({source.cite})', 5)
    if decision.argument is not None:
        out.para(f"{decision.argument.by} argues: {decision.argument.text}", 3)
    if decision.discuss:
        out.para("To discuss:", 3)
        for question in decision.discuss:
            out.para(question, 5, "- ")
