"""The class report as one self-contained HTML page: inline CSS, bar charts as inline SVG.

Nothing is fetched from anywhere (no scripts, fonts or images), so the page can be
mailed, opened offline and printed.  Every text from the story or a results file is
escaped; the page is also well-formed XML, which the tests check.
"""

from __future__ import annotations

import textwrap
from html import escape
from pathlib import Path

from game.atomic import write_text
from game.classroom.report_model import ClassReport, DecisionTally
from game.engine.model import paragraphs, plain_line, plain_prose

CHART_WIDTH = 560
LABEL_CHARS = 68  # wrap a choice's text at this many characters inside the chart
LINE = 17  # height of one line of label text
BAR = 16  # height of a bar
GAP = 12  # space between rows
BAR_WIDTH = 420  # the longest bar (100%); the count and percentage go to its right
TRACK_COLOUR, BAR_COLOUR, HISTORICAL_COLOUR = "#ececf0", "#5a6f8c", "#a3271d"
INK, MUTED = "#1d1d1f", "#5b5b62"
HISTORICAL_MARK = "\u2605"  # a star, beside what happened (not only the bar's colour says it)

CSS = """
:root { --ink: #1d1d1f; --muted: #5b5b62; --bar: #5a6f8c; --hist: #a3271d; }
* { box-sizing: border-box; }
body { font-family: Georgia, "Times New Roman", serif; color: var(--ink); margin: 2rem auto;
       max-width: 62rem; padding: 0 1.2rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; margin: 0 0 0.3rem; }
h3 { font-size: 0.95rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted);
     margin: 0.6rem 0 0.4rem; }
.summary, .meta, .legend { color: var(--muted); margin: 0.2rem 0; }
.question { font-style: italic; margin: 0.2rem 0; }
section { border-top: 1px solid #ccc; padding: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
.columns { display: grid; grid-template-columns: 3fr 2fr; gap: 1.5rem; align-items: start; }
@media (max-width: 50rem) { .columns { grid-template-columns: 1fr; } }
svg { width: 100%; height: auto; font-family: Helvetica, Arial, sans-serif; }
.key { display: inline-block; width: 0.9em; height: 0.9em; vertical-align: -0.1em; background: var(--hist); }
.key.chosen { background: var(--bar); }
blockquote { margin: 0.6rem 0 0.6rem 0.8rem; padding-left: 0.8rem; border-left: 3px solid var(--hist); }
blockquote footer { color: var(--muted); font-size: 0.9em; }
.argument { font-size: 0.95em; }
table { border-collapse: collapse; width: 100%; font-size: 0.95em; }
th, td { text-align: left; padding: 0.2rem 0.5rem; border-bottom: 1px solid #e2e2e2; vertical-align: top; }
.problem { color: var(--hist); }
.source { color: var(--muted); font-size: 0.85em; word-break: break-all; }
@media print { body { margin: 0; max-width: none; } section { padding: 0.6rem 0; } }
"""


def _e(text: str) -> str:
    return escape(plain_prose(text), quote=True)


def _percent(count: int, total: int) -> str:
    return f"{round(100 * count / total)}%" if total else "0%"


def bar_chart(rows: list[tuple[str, int, bool]], total: int, css_class: str, title: str) -> str:
    """An SVG of horizontal bars: each row's (label, count, historical), against ``total``."""
    parts: list[str] = []
    y = 0
    described = []
    for label, count, historical in rows:
        shown = f"{HISTORICAL_MARK} {label}" if historical else label
        lines = textwrap.wrap(plain_line(shown), LABEL_CHARS) or [""]
        for line in lines:
            y += LINE
            parts.append(
                f'<text class="label" x="0" y="{y - 4}" font-size="13" fill="{INK}">'
                f"{escape(line, quote=True)}</text>"
            )
        width = round(BAR_WIDTH * count / total, 1) if total else 0
        kind, colour = ("bar historical", HISTORICAL_COLOUR) if historical else ("bar", BAR_COLOUR)
        parts.append(
            f'<rect class="track" x="0" y="{y}" width="{BAR_WIDTH}" height="{BAR}" rx="2" '
            f'fill="{TRACK_COLOUR}"/>'
        )
        parts.append(
            f'<rect class="{kind}" x="0" y="{y}" width="{width}" height="{BAR}" rx="2" fill="{colour}"/>'
        )
        parts.append(
            f'<text class="count" x="{BAR_WIDTH + 8}" y="{y + BAR - 4}" font-size="12" fill="{MUTED}">'
            f"{count} ({_percent(count, total)})</text>"
        )
        described.append(f"{plain_prose(label)}: {count} of {total}")
        y += BAR + GAP
    height = max(y, 1)
    summary = escape(f"{title}. " + "; ".join(described), quote=True)
    return (
        f'<svg class="{css_class}" xmlns="http://www.w3.org/2000/svg" role="img" '
        'font-family="Helvetica, Arial, sans-serif" '
        f'viewBox="0 0 {CHART_WIDTH} {height}" width="{CHART_WIDTH}" height="{height}" '
        f'aria-label="{summary}">'
        f"<title>{escape(title, quote=True)}</title>" + "".join(parts) + "</svg>"
    )


def _decision(number: int, tally: DecisionTally) -> str:
    decision = tally.decision
    answered = tally.answered
    rows = [
        (
            choice.text + "".join(f" / {other}" for other in choice.other_texts),
            choice.count,
            choice.historical,
        )
        for choice in tally.choices
    ]
    played = ", ".join(tally.roles) or "no role"
    quotes = "".join(
        f"<blockquote><p>\u201c{_e(source.quote)}\u201d</p>"
        f"<footer>\u2014 {_e(source.cite)}</footer></blockquote>"
        for source in decision.sources
    )
    argument = (
        f'<p class="argument"><em>{_e(decision.argument.by)} argues:</em> {_e(decision.argument.text)}</p>'
        if decision.argument is not None
        else ""
    )
    discuss = (
        "<h3>To discuss</h3><ul>" + "".join(f"<li>{_e(q)}</li>" for q in decision.discuss) + "</ul>"
        if decision.discuss
        else ""
    )
    nobody = "" if answered else '<p class="meta">No one in the class reached this decision point.</p>'
    return (
        f'<section class="decision" id="decision-{escape(decision.id, quote=True)}">'
        f"<h2>{number}. {_e(decision.title)}</h2>"
        f'<p class="question">{_e(decision.question)}</p>'
        f'<p class="meta">Played by: {escape(played)}. {answered} answered.</p>'
        '<div class="columns"><div class="class-choices"><h3>The class chose</h3>'
        + bar_chart(rows, answered, "decision-chart", f"The class's choices: {plain_prose(decision.title)}")
        + nobody
        + '</div><div class="happened"><h3>What happened</h3>'
        + "".join(f"<p>{_e(paragraph)}</p>" for paragraph in paragraphs(decision.happened))
        + f"{quotes}{argument}{discuss}</div></div></section>"
    )


def render_html(report: ClassReport) -> str:
    title = f"{report.story_title}: class report"
    summary = report.summary
    notes = []
    if report.foreign:
        notes.append(
            f"{len(report.foreign)} from another version of the story "
            '(<a href="#foreign">listed</a>, not counted)'
        )
    if report.skipped:
        notes.append(f'{len(report.skipped)} skipped (<a href="#skipped">why</a>)')
    head = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"/>'
        '<meta name="viewport" content="width=device-width, initial-scale=1"/>'
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>"
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="summary">Story version {report.story_version} '
        f"(fingerprint {escape(report.fingerprint)}). "
        f"{escape(summary)}.{' ' + '; '.join(notes) + '.' if notes else ''}</p>"
        f'<p class="legend"><span class="key chosen"></span> the class\u2019s choices; '
        f'<span class="key"></span> {HISTORICAL_MARK} what happened, '
        "or what most people in that position did.</p>"
        "</header>"
    )
    body = [_decision(number, tally) for number, tally in enumerate(report.decisions, 1)]
    ending_rows = [(ending.ending.title, ending.count, False) for ending in report.endings]
    body.append(
        '<section class="endings"><h2>Endings reached</h2>'
        f'<p class="meta">{report.finished} finished playthrough{"s" * (report.finished != 1)}.</p>'
        + bar_chart(ending_rows, report.finished, "endings-chart", "Endings reached")
        + "</section>"
    )
    body.append(_counted(report))
    if report.foreign:
        rows = "".join(
            f"<tr><td>{_e(item.title)}</td><td>{item.version}</td><td>{escape(item.fingerprint)}</td>"
            f"<td>{escape(item.name or '(no name)')}</td><td>{escape(item.status)}</td>"
            f'<td class="source">{escape(item.source)}</td></tr>'
            for item in report.foreign
        )
        body.append(
            '<section class="foreign" id="foreign"><h2>From another version of the story (not counted)</h2>'
            '<p class="meta">These were played with a different version of the story (its decision points '
            "or choices differ from this one, version "
            f"{report.story_version}, fingerprint {escape(report.fingerprint)}), so their choices cannot be "
            "counted with it. Make a report with the story they were played with.</p>"
            "<table><tr><th>Story</th><th>Version</th><th>Fingerprint</th><th>Name</th><th>Status</th>"
            f"<th>File</th></tr>{rows}</table></section>"
        )
    if report.skipped:
        rows = "".join(
            f'<tr><td class="source">{escape(p.source)}</td><td class="problem">{escape(p.reason)}</td></tr>'
            for p in report.skipped
        )
        body.append(
            '<section class="skipped" id="skipped"><h2>Skipped</h2>'
            f"<table><tr><th>File</th><th>Why</th></tr>{rows}</table></section>"
        )
    return head + "".join(body) + "</body></html>\n"


def _counted(report: ClassReport) -> str:
    if not report.counted:
        return '<section class="counted"><h2>Playthroughs counted</h2><p class="meta">None.</p></section>'
    rows = "".join(
        f"<tr><td>{escape(entry.name or '(no name)')}</td><td>{_e(entry.role)}</td>"
        f"<td>{_e(entry.started or 'the beginning')}</td>"
        f"<td>{_e(entry.ending or entry.status)}</td>"
        f'<td class="source">{escape(entry.source)}</td></tr>'
        for entry in report.counted
    )
    note = (
        f'<p class="meta">{report.chapter_starts} began at a chapter, from a state the game reached by '
        "playing a preset way to it: only the choices made from that chapter on are counted.</p>"
        if report.chapter_starts
        else ""
    )
    return (
        f'<section class="counted"><h2>Playthroughs counted</h2>{note}'
        "<table><tr><th>Name</th><th>Role</th><th>Began at</th><th>Ending</th><th>File</th></tr>"
        f"{rows}</table></section>"
    )


def unwritable(out: Path, option: str) -> str | None:
    """Why the report cannot be written to ``out`` (given with ``option``), or None."""
    if out.is_dir():
        return f"{out} is a folder; give the report's file name, e.g. {option} {out / 'report.html'}"
    if not out.parent.is_dir():
        return (
            f"cannot write {out}: the folder {out.parent} does not exist "
            f"(create it, or choose another {option})"
        )
    return None


def write_html(report: ClassReport, out: Path) -> str | None:
    """Write the report's page to ``out`` atomically; why it could not be written, or None."""
    try:
        write_text(out, render_html(report))
    except OSError as err:
        return f"cannot write {out}: {err.strerror or err}"
    return None
