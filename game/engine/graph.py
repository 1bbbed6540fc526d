"""The story graph as Mermaid or Graphviz DOT text (``moscow1921 map``)."""

from __future__ import annotations

from game.engine.model import Story

FORMATS = ("mermaid", "dot")

_MERMAID_KEYWORDS = frozenset(
    {"end", "graph", "flowchart", "subgraph", "direction", "style", "class", "classdef", "linkstyle"}
    | {"click", "call", "href", "default", "interpolate"}
)
"""Words Mermaid reads as keywords: a node with such an id (``end`` above all) breaks the chart."""


def _mermaid_id(ident: str) -> str:
    """A node id Mermaid accepts: story ids are lower case, so ``End`` cannot clash with another."""
    return ident.capitalize() if ident in _MERMAID_KEYWORDS else ident


def to_mermaid(story: Story) -> str:
    m = _mermaid_id
    lines = ["flowchart TD"]
    for role in story.roles.values():
        lines.append(f'    role_{role.id}(["{_mermaid_text(role.name)}"]) --> {m(role.start)}')
    for chapter in story.chapters.values():
        lines.append(f'    subgraph ch_{chapter.id}["{_mermaid_text(chapter.title)}"]')
        for scene in story.scenes.values():
            if scene.chapter == chapter.id:
                shape = ('{{"', '"}}') if scene.decision else ('["', '"]')
                lines.append(f"        {m(scene.id)}{shape[0]}{_mermaid_text(scene.title)}{shape[1]}")
        lines.append("    end")
    for ending in story.endings.values():
        lines.append(f'    {m(ending.id)}(("{_mermaid_text(ending.title)}"))')
    for scene in story.scenes.values():
        for choice in scene.choices:
            arrow = "-.->" if choice.condition is not None else "-->"
            label = _mermaid_text(_clip(choice.label))
            lines.append(f'    {m(scene.id)} {arrow}|"{label}"| {m(choice.next)}')
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def _clip(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def to_dot(story: Story) -> str:
    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'

    lines = ["digraph story {", "    rankdir=TB;", "    node [shape=box];"]
    for role in story.roles.values():
        lines.append(f"    {q('role:' + role.id)} [shape=oval, label={q(role.name)}];")
        lines.append(f"    {q('role:' + role.id)} -> {q(role.start)};")
    for chapter in story.chapters.values():
        lines.append(f"    subgraph {q('cluster_' + chapter.id)} {{ label={q(chapter.title)};")
        for scene in story.scenes.values():
            if scene.chapter == chapter.id:
                shape = "hexagon" if scene.decision else "box"
                lines.append(f"        {q(scene.id)} [shape={shape}, label={q(scene.title)}];")
        lines.append("    }")
    for ending in story.endings.values():
        lines.append(f"    {q(ending.id)} [shape=doublecircle, label={q(ending.title)}];")
    for scene in story.scenes.values():
        for choice in scene.choices:
            style = ", style=dashed" if choice.condition is not None else ""
            lines.append(f"    {q(scene.id)} -> {q(choice.next)} [label={q(_clip(choice.label))}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"


def render(story: Story, fmt: str) -> str:
    return to_dot(story) if fmt == "dot" else to_mermaid(story)
