"""The debrief: a finished (or unfinished) game as Markdown, in the same layers as the panels.

For each decision: the player's choice beside history's, the short account and one quotation,
then "The full account" (the question, what happened, the background, each side's case, the
other sources, the argument, the questions).  Citations are short; the full references are
given once, at the foot.  Everything shown is rendered by the engine (game.engine.view).
"""

from __future__ import annotations

from collections.abc import Iterable

from game.engine import panel, view
from game.engine.model import Source, Story, plain_line, plain_prose
from game.engine.state import GameState


def debrief_markdown(story: Story, state: GameState) -> str:
    role = story.roles[state.role]
    lines = [f"# {story.title}: debrief", "", f"Role: {role.name}  ", f"Choices made: {state.turn}", ""]
    ending = view.ending_view(story, state)
    cited: list[Source] = []
    if ending is not None:
        lines += [f"## Ending: {ending.ending.title}", ""]
        if ending.aftermath:
            lines += [f"*{plain_line(ending.aftermath)}*", ""]
        lines += [plain_prose(ending.epilogue), ""]
        if ending.fates:
            lines += ["### What became of them", ""]
            lines += [f"- **{fate.character.name}**: {plain_line(fate.text)}" for fate in ending.fates]
            lines += [""]
        lines += ["### What became of people like you", "", plain_prose(ending.history), ""]
        lines += _quotations(story, ending.ending.sources)
        cited += ending.ending.sources
    entries = view.journal(story, state)
    lines += ["## Your decisions beside history", ""]
    if entries:
        lines += [panel.comparison(entries).sentence(), "", panel.REFLECTION, ""]
    else:
        lines += ["No decisions taken.", ""]
    for number, entry in enumerate(entries, 1):
        layers = panel.panel(story, entry)
        lines += [f"### {number}. {entry.decision.title} ({entry.scene.date})", ""]
        lines += _first_layer(story, layers.first)
        lines += _full_account(story, layers.full)
        cited += entry.decision.sources
    lines += ["---", ""]
    if story.note:
        lines += [story.note, ""]
    refs = panel.references(story, cited)
    if refs:
        lines += ["Sources:", ""] + [f"- {reference}" for reference in refs] + [""]
    return "\n".join(lines)


def _first_layer(story: Story, first: panel.FirstLayer) -> list[str]:
    lines = [f"- {panel.YOU_CHOSE}: {plain_line(first.chosen)}", f"- {first.verdict.words}"]
    lines += [f"  - {plain_line(text)}" for text in first.verdict.listed]
    lines += ["", plain_prose(first.summary), ""]
    if first.quotation is not None:
        lines += _quotations(story, [first.quotation.source])
    return lines


def _full_account(story: Story, full: panel.FullAccount) -> list[str]:
    lines = [f"#### {panel.FULL_ACCOUNT}", "", f"*{plain_line(full.question)}*", ""]
    lines += [plain_prose(full.happened), ""]
    if full.background:
        lines += [f"**Background.** {plain_prose(full.background)}", ""]
    if full.cases:
        lines += ["Each side's case:", ""]
        lines += [f"- **{case.side}**: {plain_line(case.text)}" for case in full.cases] + [""]
    lines += _quotations(story, [citation.source for citation in full.sources[1:]])
    if full.argument is not None:
        lines += [f"{full.argument.by} argues: {plain_prose(full.argument.text)}", ""]
    if full.discuss:
        lines += ["For discussion:", ""] + [f"- {plain_line(question)}" for question in full.discuss] + [""]
    return lines


def _quotations(story: Story, sources: Iterable[Source]) -> list[str]:
    lines = []
    for source in sources:
        lines += [f"> {plain_line(source.quote)}", ">", f"> — {panel.short_cite(story, source.cite)}", ""]
    return lines
