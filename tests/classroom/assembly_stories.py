"""Small stories with assemblies, written as YAML to a folder and read by the real loader.

The assembly tests use these instead of the shipped scenes, so they do not change when the
writers do.  One story holds all three kinds of assembly:

- ``conference``: three cases; one resolution that passed, one the talk says nothing of;
- ``soviet``: two cases, a resolution that failed, and the real composition (500 of 2000);
- ``factory``: no cases written yet (so no hot seat).

Its texts carry console markup (``[bold]``, ``[@click=app.quit]``) that must show literally.
"""

from __future__ import annotations

from pathlib import Path

from game.engine.model import Story
from game.loading import load_story

CITE = "Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006"

STORY_YAML = f"""
story:
  title: Moscow 1921
  version: 1
  about: A test story for assembly mode.

variables:
  hunger: {{name: Hunger, default: 6, min: 0, max: 10}}

roles:
  - id: metalworker
    name: Metalworker
    description: A turner at a Moscow metal works.
    start: hall

chapters:
  - id: winter_1921
    title: The winter of 1921

glossary:
  tax in kind: A set share of the harvest handed over, instead of requisitioning.

factions:
  - id: non_party
    name: Non-party worker socialists
    who: Workers who backed the revolution but would join no party.
    wants: Equal rations and elected soviets.
    fears: Being shut out of the soviets.
  - id: sr_supporters
    name: SR supporters
    who: Workers who followed the Socialist Revolutionaries.
    wants: Free speech for the pro-soviet parties.
    fears: Arrest.
  - id: party_leaders
    name: The party leadership
    who: Lenin, the central committee, the Moscow committee.
    wants: To hold power through the crisis.
    fears: Counter-revolution.

scenes:
  - id: hall
    chapter: winter_1921
    date: February 1921
    place: A hall in Moscow
    title: The hall
    decision: dp_conference
    prose: The delegates argue about the [[tax in kind]].
    choices:
      - id: vote_for
        text: Vote for it.
        historical: true
        next: soviet_hall
  - id: soviet_hall
    chapter: winter_1921
    date: April 1921
    place: The Moscow soviet
    title: The soviet
    decision: dp_soviet
    prose: The soviet convenes.
    choices:
      - id: appeal
        text: Support the appeal.
        next: works
  - id: works
    chapter: winter_1921
    date: 1921
    place: The AMO car works
    title: The works
    decision: dp_factory
    prose: The factory committee is elected.
    choices:
      - id: non_party_slate
        text: Vote for the non-party group.
        historical: true
        next: ending_survivor

decisions:
  - id: dp_conference
    title: The tax in kind
    question: Should requisitioning give way to a [[tax in kind]]?
    happened: The resolution passed, and within days the party took up the same theme.
    sources:
      - quote: "Nevertheless, the resolution was passed – and within days, the same theme
          was taken up by the Bolshevik party itself."
        cite: {CITE}
    argument:
      by: Simon Pirani
      text: The talk gives only the order of events, not that one caused the other.
    cases:
      - by: non_party
        text: |
          Equal rations for all. [bold]not bold[/bold] and [@click=app.quit]no link[/]
      - by: sr_supporters
        text: Replace requisitioning with a tax in kind, and let every soviet party speak.
      - by: party_leaders
        text: The state cannot feed the cities without the grain; hold the line.
  - id: dp_soviet
    title: The soviet executive
    question: Should the non-party socialists sit on the executive?
    happened: The Bolshevik majority ignored the appeal.
    sources:
      - quote: "But when the soviet convened, they ignored appeals by the non-party socialists
          to work together on the soviet executive."
        cite: {CITE}
    cases:
      - by: non_party
        text: We won the big factories; give us seats on the executive.
      - by: party_leaders
        text: The majority elects the executive.
  - id: dp_factory
    title: The factory committee
    question: Who should sit on the factory committee?
    happened: The non-party group won a majority.
    sources:
      - quote: "won a majority on the factory committee, repeatedly defeating the Bolshevik cell
          at the factory in elections"
        cite: {CITE}

assemblies:
  - id: conference
    title: The metalworkers' conference, February 1921
    decision: dp_conference
    setting: |
      Two days in February. The hall is cold [b]and loud[/b].
    resolutions:
      - id: equal_rations
        text: Equal rations for all workers.
        passed: true
        happened: The conference passed it.
      - id: union_role
        text: A greater role for the unions in management [red]now[/red].
        happened: The talk names the resolution but not its vote.
  - id: soviet
    title: The Moscow soviet, April 1921
    decision: dp_soviet
    setting: The newly elected soviet convenes.
    resolutions:
      - id: joint_executive
        text: Elect an executive on which the non-party socialists sit too.
        passed: false
        happened: The Bolshevik majority ignored the appeal.
    composition:
      total: 2000
      groups:
        - {{name: Non-party socialists, count: 500}}
      note: The talk does not say how the other 1,500 seats divided.
  - id: factory
    title: The AMO car works
    decision: dp_factory
    setting: The factory committee is elected.
    resolutions:
      - id: non_party_committee
        text: A non-party majority on the factory committee.
        passed: true
        happened: The non-party group won, repeatedly.

endings:
  - id: ending_survivor
    title: You lived through it
    epilogue: Spring came.
    history: Real wages climbed back slowly.
"""


def write_story(folder: Path, text: str = STORY_YAML) -> Path:
    """Write ``text`` as the one file of a story folder and return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "00-story.yaml").write_text(text, encoding="utf-8")
    return folder


def load(folder: Path, text: str = STORY_YAML) -> Story:
    """The story in ``text``, written under ``folder`` and read by the loader (which must accept it)."""
    result = load_story(write_story(folder, text))
    assert result.problems == [], "\n".join(map(str, result.problems))
    assert result.story is not None
    return result.story
