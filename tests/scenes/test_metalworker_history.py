"""The metalworker's history, audited against the talk (issue 10, items 4, 6 and 7).

The game's one source is Simon Pirani's 2006 talk. These tests read the shipped story the
way a historian checking it would:

- every metalworker decision's panel says which choices are marked as what history did,
  and why (or that none is), and scenes that ask the same decision agree on whether
  history answers it, so the panel and the journal can never disagree;
- the talk's points the audit brought in reach a metalworker's playthrough;
- "Saporonov" (the talk's spelling) is glossed as Sapronov wherever it appears;
- the timeline dates only what the talk dates;
- the audit's findings (an error in the talk's facts, dates or order) stay fixed.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from game import locations
from game.engine import play, view
from game.engine.model import Story
from tests.scenes.shipped import shipped_report, shipped_story

pytestmark = pytest.mark.xdist_group("shipped_story")

ROLE = "metalworker"


@pytest.fixture(scope="module")
def story() -> Story:
    return shipped_story()


def _metalworker_scenes(story: Story) -> list[str]:
    (found,) = [r for r in shipped_report().roles if r.role == ROLE]
    return sorted(found.scenes)


def _metalworker_decisions(story: Story) -> set[str]:
    return {d for d in (story.scenes[s].decision for s in _metalworker_scenes(story)) if d}


def _metalworker_texts(story: Story) -> str:
    """Everything a metalworker can be shown: scenes and choices, panels, endings, timeline."""
    scenes = _metalworker_scenes(story)
    decisions = _metalworker_decisions(story)
    (found,) = [r for r in shipped_report().roles if r.role == ROLE]
    out: list[str] = []
    for scene_id in scenes:
        scene = story.scenes[scene_id]
        out.append(scene.prose.source)
        out += [c.text.source + " " + c.aftermath.source for c in scene.choices]
    for decision_id in decisions:
        d = story.decisions[decision_id]
        out += [d.summary or "", d.happened, d.background or "", d.argument.text if d.argument else ""]
        out += [s.quote for s in d.sources] + list(d.discuss) + [c.text for c in d.cases]
    for ending_id in found.endings:
        ending = story.endings[ending_id]
        out += [ending.epilogue.source, ending.history.source, *(f.text.source for f in ending.fates)]
    out += [case.passage.source for text in story.texts.values() for case in text.cases]
    out += [
        f"{e.date}: {e.text} {e.quote or ''}"
        for e in story.timeline
        if e.scene in scenes or e.decision in decisions
    ]
    return " ".join(" ".join(out).split())


def test_every_metalworker_panel_says_what_is_marked_and_why(story: Story) -> None:
    """Item 4: a mark means what the talk says most people did, and the panel says so."""
    silent = []
    for decision_id in sorted(_metalworker_decisions(story)):
        happened = " ".join(story.decisions[decision_id].happened.split())
        if "marked" not in happened:
            silent.append(decision_id)
    assert not silent, f"panels that never say which choice is marked, or that none is: {silent}"


def test_scenes_that_ask_one_decision_agree_whether_history_answers_it(story: Story) -> None:
    """A decision asked in two scenes (the enrolment at the table and upstairs) is judged alike,
    so the journal cannot score a choice as differing where the panel marks nothing."""
    marks: dict[str, set[bool]] = defaultdict(set)
    for scene in story.scenes.values():
        if scene.decision is not None:
            marks[scene.decision].add(any(c.historical for c in scene.choices))
    mixed = sorted(d for d, seen in marks.items() if len(seen) > 1)
    assert not mixed, f"decisions marked in one scene and not in another: {mixed}"


def test_the_lenin_enrolment_gives_no_verdict_in_the_journal(story: Story) -> None:
    """Played for real: taking your place beside Stepan is neither historical nor 'differing'."""
    state = play.new_game(story, ROLE)
    route = {
        "mw_rations": "keep_extra",
        "mw_cell_evening": "join_cell",
        "mw_ration_cut": "go_with_cell",
        "lenin_enrolment": "stand_with_cell",
    }
    for _ in range(200):
        scene = view.scene_view(story, state)
        if scene is None:
            break
        offered = [o.choice.id for o in scene.options if o.available]
        state = play.choose(story, state, route.get(state.at, offered[0]))
    entries = [e for e in view.journal(story, state) if e.decision.id == "dp_lenin_enrolment"]
    assert [e.chosen.id for e in entries] == ["stand_with_cell"]
    assert entries[0].historical == ()
    assert "no choice here is marked" in " ".join(entries[0].decision.happened.split())


COVERAGE = {  # item 6: the talk's points, each as the talk gives it
    "Victor Serge's 1920 warning": "workers' state must be prevented from crystallising",
    "Serge's libertarian spirit": "very little scope for the libertarian spirit in revolutions",
    "Moscow's population fallen by half": "500,000",
    "the state sector's share of industry": "almost the whole of industry",
    "more than 95% in the state sector": "95%",
    "management of the old type": "reminiscent of tsarist Russia",
    "the end of the 1917-18 experiments": "experiments of 1917-18",
    "the proletkult poets": "proletkult",
    "the 1924 survey of white-collar pay": "30 times the minimum wage",
    "illegal enrichment": "illegal earnings",
    "Pirani's concession on the civil war": "very, very limited",
    "Koenker, named": "Koenker",
    "Deutscher, named": "Deutscher",
}


@pytest.mark.parametrize("point", sorted(COVERAGE))
def test_the_talks_point_reaches_a_metalworker(story: Story, point: str) -> None:
    assert COVERAGE[point] in _metalworker_texts(story), f"{point}: not in anything a metalworker reads"


def _units(value: object, glossary: bool = False) -> Iterator[str]:
    """Every text of a story file; a glossary entry is one text (its parts gloss each other)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if glossary:
                yield f"{key} " + " ".join(_units(item))
            else:
                yield from _units(item, glossary=key == "glossary")
    elif isinstance(value, list):
        for item in value:
            yield from _units(item)


def test_saporonov_is_glossed_as_sapronov_wherever_it_appears() -> None:
    unglossed = []
    for path in sorted(Path(locations.default_scenes_dir()).glob("*.yaml")):
        for text in _units(yaml.safe_load(path.read_text(encoding="utf-8"))):
            if "Saporonov" in text and "Sapronov" not in text:
                unglossed.append(f"{path.name}: {text[:80]}")
    assert not unglossed, unglossed


def test_the_timeline_dates_only_what_the_talk_dates(story: Story) -> None:
    for entry in story.timeline:
        text = " ".join(entry.text.split())
        if "1923" in entry.date:
            # The talk dates only the Workers Truth exile (1923), not every group's arrests.
            assert "within weeks" not in text, f"{entry.date}: {text}"
        if "party conference" in text and "endorse" in text:
            assert "does not say when" in text, f"{entry.date}: the talk does not date this conference"
        if "10th" in text:
            assert not re.search(r"after (the )?(Kronshtadt|the New Economic|NEP)", text), text


FIXED = {  # an error the audit found -> why the talk does not allow it
    "fairer pay": "the talk says 'changes to the pay structure', not what they were",
    "against the unions": "the talk reports rank-and-file Bolshevik opposition only to the tax in kind",
    "Half your bench claps": "the same: no Bolshevik bloc against the unions' role",
    "stayed away from the vote": "the talk reports high abstention at most large workplaces",
    "freely elected soviets": "the talk: 'soviets elected on the principles of workers' democracy'",
    "their extra meals and their cars": "the commission's findings were kept secret until 1992",
    "Kronshtadt has been crushed": "the talk does not date the attack on Kronshtadt",
    "March brought": "the same: only NEP is dated to March",
    "Then the news comes that the revolt": "the same",
    "filled factory cells": "the talk says the cells stayed weak until the enrolment, not how many joined",
    "frank about hindsight": "Pirani's words are 'my opinion is that'",
    "The talk gives no verdict": "say what the talk does not give: how the trial ended",
    "elect the officials again": "genuine elections were the late-1923 opposition's demand",
    "an end to privileges": "the talk gives the Workers Group no programme",
}


def test_the_audits_findings_stay_fixed(story: Story) -> None:
    texts = _metalworker_texts(story)
    back = [f"{phrase!r}: {why}" for phrase, why in FIXED.items() if phrase in texts]
    assert not back, back
