"""Every kind of authoring mistake gives a located, readable problem (file:line:col: message (hint))."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from game.loading import load_story

GOOD = """\
story: {title: T, version: 1}
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 10}
  card: {name: Card, default: false}
roles:
  - {id: worker, name: Worker, description: A worker., start: one}
chapters:
  - {id: ch, title: Chapter}
glossary:
  Cheka: The political police.
decisions:
  - id: vote
    title: Vote
    question: How?
    happened: It passed.
    sources: [{quote: "It passed", cite: Pirani}]
endings:
  - {id: end, title: End, epilogue: Over., history: So it was.}
scenes:
  - id: one
    chapter: ch
    date: 1921
    place: Here
    title: One
    decision: vote
    prose: The [[Cheka]] watches.
    choices:
      - id: go
        text: Go.
        if: hunger > 2
        add: {hunger: 1}
        next: end
      - id: stay
        text: Stay.
        next: end
"""


def problems_for(tmp_path: Path, text: str, name: str = "s.yaml") -> list[str]:
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    result = load_story(tmp_path)
    assert result.story is None, "expected problems"
    return [str(p) for p in result.problems]


def line_of(text: str, fragment: str) -> int:
    for number, line in enumerate(text.splitlines(), 1):
        if fragment in line:
            return number
    raise AssertionError(fragment)


def test_the_good_story_loads(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_text(GOOD, encoding="utf-8")
    result = load_story(tmp_path)
    assert result.problems == []
    assert result.story is not None and result.story.scenes["one"].decision == "vote"


@pytest.mark.parametrize(
    ("old", "new", "fragment", "expected"),
    [
        (
            "    choices:\n",
            "    choises:\n",
            "choises:",
            "unknown key 'choises' in scene 'one' (did you mean 'choices'?)",
        ),
        ("date: 1921", "date: [1921]", "date: [1921]", "the date of 'one' should be text, not a list"),
        (
            "default: 5,",
            "default: five,",
            "default: five",
            "the default of 'hunger' should be a whole number",
        ),
        (
            "next: end\n      - id: stay",
            "next: ned\n      - id: stay",
            "next: ned",
            "goes to unknown scene or ending 'ned'",
        ),
        ("if: hunger > 2", "if: hungry > 2", "if: hungry", "unknown variable 'hungry'"),
        ("if: hunger > 2", "if: hunger >", "if: hunger >", "in condition 'hunger >'"),
        ("if: hunger > 2", "if: hunger", "if: hunger", "in condition 'hunger'"),
        (
            "add: {hunger: 1}",
            "add: {hunger: 50}",
            "add: {hunger: 50}",
            "adding 50 to 'hunger' is out of range (0..10)",
        ),
        (
            "add: {hunger: 1}",
            "set: {hunger: 11}",
            "set: {hunger: 11}",
            "set hunger: 11 is out of range (0..10)",
        ),
        (
            "add: {hunger: 1}",
            "add: {hungr: 1}",
            "add: {hungr: 1}",
            "unknown variable 'hungr' in add: (did you mean 'hunger'?)",
        ),
        (
            "The [[Cheka]] watches",
            "The [[Chekka]] watches",
            "[[Chekka]]",
            "unknown glossary term 'Chekka' (did you mean 'Cheka'?)",
        ),
        (
            "decision: vote\n",
            "decision: vot\n",
            "decision: vot",
            "unknown decision 'vot' in scene 'one' (did you mean 'vote'?)",
        ),
        ("start: one}", "start: won}", "start: won", "role 'worker' starts at unknown scene 'won'"),
        ("chapter: ch\n", "chapter: chh\n", "chapter: chh", "unknown chapter 'chh'"),
        (
            "      - id: stay\n",
            "      - id: go\n",
            "- id: go\n        text: Stay",
            "two choices in 'one' have the id 'go'",
        ),
        (
            "  - id: one\n",
            "  - id: One Two\n",
            "id: One Two",
            "id 'One Two' is not a valid id (use lower-case",
        ),
        (
            "sources: [{quote",
            "sourcs: [{quote",
            "sourcs:",
            "unknown key 'sourcs' in decision 'vote' (did you mean 'sources'?)",
        ),
    ],
)
def test_each_mistake_is_reported_at_its_line(
    tmp_path: Path, old: str, new: str, fragment: str, expected: str
) -> None:
    assert old in GOOD
    text = GOOD.replace(old, new, 1)
    found = problems_for(tmp_path, text)
    matching = [p for p in found if expected in p]
    assert matching, f"{expected!r} not in {found}"
    if "\n" not in fragment:
        assert matching[0].startswith(f"{tmp_path / 's.yaml'}:{line_of(text, fragment)}:"), matching[0]


def test_duplicate_scene_ids_across_files_name_both_places(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(GOOD, encoding="utf-8")
    extra = (
        "scenes:\n"
        "  - {id: one, chapter: ch, date: x, place: y, title: z, prose: p, choices: [{text: a, next: end}]}\n"
    )
    (tmp_path / "b.yaml").write_text(extra, encoding="utf-8")
    result = load_story(tmp_path)
    messages = [str(p) for p in result.problems]
    assert any(
        m.startswith(f"{tmp_path / 'b.yaml'}:2:5: scene id 'one' is already used (at {tmp_path / 'a.yaml'}:")
        for m in messages
    ), messages


def test_every_problem_in_every_file_is_reported_at_once(tmp_path: Path) -> None:
    bad = GOOD.replace("choices:\n", "choises:\n", 1).replace("if: hunger > 2", "if: hunger >>")
    (tmp_path / "a.yaml").write_text(bad, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("glossary:\n\tNEP: x\n", encoding="utf-8")
    result = load_story(tmp_path)
    files = {p.file for p in result.problems}
    assert files == {str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml")}
    assert len(result.problems) >= 3


def test_top_level_list_is_explained(tmp_path: Path) -> None:
    found = problems_for(tmp_path, "- id: one\n- id: two\n")
    assert any(
        ":1:1: the top level of a story file should be a mapping of sections, not a list" in p for p in found
    )


def test_unknown_section_gets_a_suggestion(tmp_path: Path) -> None:
    found = problems_for(tmp_path, GOOD + "endigns: []\n")
    assert any("unknown section 'endigns' (did you mean 'endings'?)" in p for p in found), found


def test_empty_file_and_missing_story_are_reported(tmp_path: Path) -> None:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    found = problems_for(tmp_path, "glossary: {A: b}\n")
    assert any(p.startswith(f"{tmp_path / 'empty.yaml'}:1:1: file is empty") for p in found), found
    assert any("no file has a 'story:' section" in p for p in found)


def test_non_utf8_file_is_located(tmp_path: Path) -> None:
    (tmp_path / "s.yaml").write_bytes(GOOD.encode() + b"glossary:\n  X: caf\xe9\n")
    result = load_story(tmp_path)
    line = GOOD.count("\n") + 2
    assert any(p.line == line and "UTF-8" in str(p) for p in result.problems), [
        str(p) for p in result.problems
    ]


def test_tabs_python_tags_and_aliases_are_refused(tmp_path: Path) -> None:
    text = GOOD + "timeline:\n  - &a {date: x, text: y, scene: one}\n  - *a\n"
    text = text.replace(
        "glossary:\n  Cheka:", "glossary:\n  Cheka: !!python/object/apply:os.system [echo]\n  Other:"
    )
    found = problems_for(tmp_path, text)
    assert any("anchors and aliases" in p for p in found), found
    assert any("tag" in p for p in found), found


def test_huge_and_deep_files_are_refused_without_a_traceback(tmp_path: Path) -> None:
    with open(tmp_path / "big.yaml", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    (tmp_path / "deep.yaml").write_text("x: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    result = load_story(tmp_path)
    messages = [str(p) for p in result.problems]
    assert any(m.startswith(f"{tmp_path / 'big.yaml'}:1:1:") and "MB" in m for m in messages), messages
    assert any(m.startswith(f"{tmp_path / 'deep.yaml'}:") and "deep" in m for m in messages), messages


def test_missing_folder_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    result = load_story(tmp_path / "nope")
    assert result.story is None and "no such story folder" in str(result.problems[0])
