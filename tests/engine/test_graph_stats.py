"""The story map (Mermaid and DOT) and the word-count table."""

from __future__ import annotations

import re

import pytest

from game.engine.graph import render, to_dot, to_mermaid
from game.engine.model import Story
from game.engine.stats import Row, reachable_scenes, scene_words, story_words, table, words

from .conftest import StoryMaker

MAP_STORY = """
story: {title: Map, version: 1}
variables:
  card: {name: Card, default: false}
roles:
  - {id: worker, name: Worker, description: W., start: queue}
  - {id: delegate, name: 'The "red" delegate', description: D., start: hall}
chapters:
  - {id: winter, title: 'Winter "hungry" months'}
  - {id: spring, title: Spring}
decisions:
  - id: vote
    title: Vote
    question: How?
    happened: It passed.
    sources: [{quote: "It passed", cite: Pirani}]
endings:
  - {id: fed, title: 'Fed, "at last"', epilogue: Over., history: So it was.}
  - {id: lost, title: Lost, epilogue: Over., history: So it was.}
scenes:
  - id: queue
    chapter: winter
    date: 1921
    place: Moscow
    title: 'The "queue"'
    prose: Text.
    choices:
      - {id: go, text: 'Say "no" to them', next: hall}
      - {id: slash, text: 'A back\\slash', next: hall}
      - {id: card_way, text: Show the card., if: card, unavailable: No card., next: fed}
  - id: hall
    chapter: winter
    date: 1921
    place: Moscow
    title: Hall
    decision: vote
    prose: Text.
    choices:
      - {id: aye, text: Aye., historical: true, next: market}
      - {id: nay, text: Nay., next: lost}
  - id: market
    chapter: spring
    date: 1921
    place: Moscow
    title: Market
    prose: Text.
    choices:
      - {text: Buy bread with the last coins you have left today., next: fed}
"""

DOT_EDGE = re.compile(
    r'^\s*"((?:[^"\\]|\\.)*)" -> "((?:[^"\\]|\\.)*)" \[label="((?:[^"\\]|\\.)*)"(, style=dashed)?\];$'
)
DOT_NODE = re.compile(r'^\s*"((?:[^"\\]|\\.)*)" \[shape=(\w+), label="((?:[^"\\]|\\.)*)"\];$')


def dot_unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def clip(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"


@pytest.fixture
def story(make_story: StoryMaker) -> Story:
    return make_story(MAP_STORY)


def test_dot_has_every_scene_and_ending_as_a_node(story: Story) -> None:
    nodes = {}
    for line in to_dot(story).splitlines():
        match = DOT_NODE.match(line)
        if match:
            nodes[dot_unescape(match[1])] = (match[2], dot_unescape(match[3]))
    expected = {s.id: ("hexagon" if s.decision else "box", s.title) for s in story.scenes.values()}
    expected |= {e.id: ("doublecircle", e.title) for e in story.endings.values()}
    expected |= {f"role:{r.id}": ("oval", r.name) for r in story.roles.values()}
    # Role nodes are written the same way, so everything is compared at once.
    assert nodes == expected


def test_dot_edges_are_exactly_the_story_choices(story: Story) -> None:
    edges = []
    for line in to_dot(story).splitlines():
        match = DOT_EDGE.match(line)
        if match:
            edges.append(
                (dot_unescape(match[1]), dot_unescape(match[2]), dot_unescape(match[3]), bool(match[4]))
            )
    expected = [
        (scene.id, choice.next, clip(choice.label), choice.condition is not None)
        for scene in story.scenes.values()
        for choice in scene.choices
    ]
    assert edges == expected
    role_edges = re.findall(r'^\s*"role:(\w+)" -> "(\w+)";$', to_dot(story), re.MULTILINE)
    assert sorted(role_edges) == sorted((r.id, r.start) for r in story.roles.values())


def test_dot_escapes_quotes_and_backslashes(story: Story) -> None:
    dot = to_dot(story)
    assert r'label="Say \"no\" to them"' in dot
    assert r'label="A back\\slash"' in dot
    assert r'label="The \"queue\""' in dot
    assert r'subgraph "cluster_winter" { label="Winter \"hungry\" months";' in dot
    # Every line's quotes are balanced once escapes are removed: no label leaks out of its string.
    for line in dot.splitlines():
        assert re.sub(r"\\.", "", line).count('"') % 2 == 0, line
    assert dot.startswith("digraph story {") and dot.rstrip().endswith("}")


def test_long_choice_text_is_clipped_in_labels(story: Story) -> None:
    text = story.scenes["market"].choices[0].label
    assert len(text) > 40
    clipped = text[:39] + "…"
    assert f'label="{clipped}"' in to_dot(story)
    assert f'|"{clipped}"|' in to_mermaid(story)


def test_mermaid_has_every_scene_ending_and_edge(story: Story) -> None:
    mermaid = to_mermaid(story)
    lines = mermaid.splitlines()
    assert lines[0] == "flowchart TD"
    for scene in story.scenes.values():
        open_, close = ('{{"', '"}}') if scene.decision else ('["', '"]')
        title = scene.title.replace('"', "#quot;")
        assert f"        {scene.id}{open_}{title}{close}" in lines
    for ending in story.endings.values():
        assert f'    {ending.id}(("{ending.title.replace(chr(34), "#quot;")}"))' in lines
    edges = re.findall(r'^    (\w+) (-->|-\.->)\|"([^"]*)"\| (\w+)$', mermaid, re.MULTILINE)
    expected = [
        (scene.id, "-.->" if choice.condition is not None else "-->", clip(choice.label), choice.next)
        for scene in story.scenes.values()
        for choice in scene.choices
    ]
    assert [(a, arrow, label.replace("#quot;", '"'), b) for a, arrow, label, b in edges] == expected
    roles = re.findall(r'^    role_(\w+)\(\["[^"]*"\]\) --> (\w+)$', mermaid, re.MULTILINE)
    assert sorted(roles) == sorted((r.id, r.start) for r in story.roles.values())


def test_mermaid_escapes_quotes(story: Story) -> None:
    mermaid = to_mermaid(story)
    assert '|"Say #quot;no#quot; to them"|' in mermaid
    assert 'role_delegate(["The #quot;red#quot; delegate"])' in mermaid
    assert 'subgraph ch_winter["Winter #quot;hungry#quot; months"]' in mermaid
    assert 'fed(("Fed, #quot;at last#quot;"))' in mermaid
    # No raw double quote survives inside a label: each line has its quotes in pairs.
    for line in mermaid.splitlines():
        assert line.count('"') % 2 == 0, line


def test_render_picks_the_format(story: Story) -> None:
    assert render(story, "dot") == to_dot(story)
    assert render(story, "mermaid") == to_mermaid(story)


# Stats: a story whose word counts are known.  Scene words are title + prose + choice
# texts (+ what happened, quotes and argument at a decision point); endings add
# epilogue and history.
STATS_STORY = """
story: {title: Stats, version: 1}
roles:
  - {id: worker, name: Worker, description: W., start: a}
  - {id: delegate, name: Delegate, description: D., start: c}
chapters:
  - {id: one, title: Chapter one}
  - {id: two, title: Chapter two}
glossary:
  NEP: The New Economic Policy.
decisions:
  - id: vote
    title: Vote
    question: How?
    happened: It passed at once.
    sources: [{quote: "the resolution was passed", cite: Pirani}]
    argument: {by: Pirani, text: Order is not cause.}
endings:
  - {id: fin, title: Fin, epilogue: All over now., history: It went on.}
scenes:
  - id: a
    chapter: one
    date: 1921
    place: Moscow
    title: Alpha scene
    prose: One two three four five.
    choices:
      - {text: Go on., next: b}
  - id: b
    chapter: one
    date: 1921
    place: Moscow
    title: Beta
    prose: "The [[NEP|new policy]] comes - or so they say."
    choices:
      - {text: On., next: c}
  - id: c
    chapter: two
    date: 1921
    place: Moscow
    title: Gamma
    decision: vote
    prose: Vote now.
    choices:
      - {id: yes_vote, text: Yes., historical: true, next: d}
      - {id: no_vote, text: No., next: fin}
  - id: d
    chapter: two
    date: 1921
    place: Moscow
    title: Delta
    prose: Last words here.
    choices:
      - {text: End., next: fin}
  - id: z
    chapter: two
    date: 1921
    place: Moscow
    title: Orphan
    prose: Nobody reads this.
    choices:
      - {text: End., next: fin}
"""

# a: "Alpha scene" 2 + 5 + "Go on" 2                                  = 9
# b: "Beta" 1 + "The new policy comes or so they say" 8 + "On" 1      = 10
# c: "Gamma" 1 + "Vote now" 2 + "Yes" 1 + "No" 1
#    + "It passed at once" 4 + quote 4 + argument 4                   = 17
# d: "Delta" 1 + 3 + "End" 1                                          = 5
# z: "Orphan" 1 + 3 + "End" 1                                         = 5
# fin: "Fin" 1 + 3 + 3                                                = 7
KNOWN_WORDS = {"a": 9, "b": 10, "c": 17, "d": 5, "z": 5}


def test_scene_words_count_what_the_reader_reads(make_story: StoryMaker) -> None:
    story = make_story(STATS_STORY)
    assert {s: scene_words(story, story.scenes[s]) for s in story.scenes} == KNOWN_WORDS
    assert story_words(story) == sum(KNOWN_WORDS.values()) + 7


def test_stats_rows_per_role_and_chapter(make_story: StoryMaker) -> None:
    story = make_story(STATS_STORY)
    rows = table(story)
    assert rows == [
        Row("Worker", "Chapter one", 2, 9 + 10),
        Row("Worker", "Chapter two", 2, 17 + 5),
        Row("Delegate", "Chapter two", 2, 17 + 5),
    ]
    assert rows[0].minutes == pytest.approx(19 / 200)


def test_reachable_scenes_ignore_conditions_and_keep_story_order(make_story: StoryMaker) -> None:
    story = make_story(STATS_STORY)
    assert reachable_scenes(story, "a") == ["a", "b", "c", "d"]
    assert reachable_scenes(story, "c") == ["c", "d"]


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Bread, again.", 2),
        ("The workers' council", 3),
        ("non-party delegates", 2),
        ("bread - if any - was cut", 5),
        ("[[Cheka]] men", 2),
        ("[[NEP|the new policy]] came", 4),
        ("[[NEP]]'s plan", 2),
        ("", 0),
    ],
)
def test_words(text: str, count: int) -> None:
    assert words(text) == count


def test_mermaid_keyword_ids_do_not_break_the_chart(make_story: StoryMaker) -> None:
    # Mermaid reads a lower-case 'end' as the end of a subgraph: a node called 'end' breaks the chart.
    story = make_story(
        """
story: {title: Keywords, version: 1}
roles:
  - {id: worker, name: Worker, description: W., start: graph}
chapters:
  - {id: one, title: One}
endings:
  - {id: end, title: The end, epilogue: Over., history: So it was.}
scenes:
  - {id: graph, chapter: one, date: 1921, place: Here, title: Graph, prose: Text.,
     choices: [{text: Stop., next: end}, {text: Style., next: style}]}
  - {id: style, chapter: one, date: 1921, place: Here, title: Style, prose: Text.,
     choices: [{text: Stop., next: end}]}
"""
    )
    lines = to_mermaid(story).splitlines()
    # The only bare 'end' lines close the one subgraph.
    assert [line for line in lines if line.strip() == "end"] == ["    end"]
    starts = {re.split(r"[\s(\[{]", line.strip())[0] for line in lines[1:] if line.strip() != "end"}
    targets = {line.split()[-1] for line in lines if "-->" in line or "-.->" in line}
    ids = (starts | targets) - {"subgraph"}
    assert not ids & {"end", "graph", "style"}
    assert {"End", "Graph", "Style"} <= ids
    assert '    End(("The end"))' in lines
    assert '    Graph -->|"Stop."| End' in lines
    assert '    Graph -->|"Style."| Style' in lines
    assert '    role_worker(["Worker"]) --> Graph' in lines
    # DOT quotes every id, so it keeps them as they are.
    assert '    "graph" -> "end" [label="Stop."];' in to_dot(story).splitlines()
