"""The what-happened panel's layers and the words that set a choice beside history (game.engine.panel).

Stories are inline YAML loaded by the real loader; every entry comes from a real choice.
"""

from __future__ import annotations

from game.engine import panel, play, view
from game.engine.model import Story
from tests.engine.conftest import StoryMaker

STORY = """
story:
  title: T
  version: 1
  references:
    - cite: Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006
      short: Pirani, 2006 talk
      full: Simon Pirani, "The Russian workers", talk, 24 September 2006
roles:
  - {id: worker, name: Worker, description: A worker., start: hall}
chapters:
  - {id: ch, title: Chapter}
factions:
  - {id: reds, name: The party majority, who: Them., wants: Order., fears: Chaos.}
scenes:
  - id: hall
    chapter: ch
    date: "1921"
    place: A hall
    title: The hall
    decision: dp_vote
    prose: You vote.
    choices:
      - {id: aye, text: Vote for it., historical: true, next: yard}
      - {id: aye_loud, text: Speak then vote for it., historical: true, next: yard}
      - {id: nay, text: Vote against it., next: yard}
  - id: yard
    chapter: ch
    date: "1921"
    place: A yard
    title: The yard
    decision: dp_open
    prose: You stand.
    choices:
      - {id: stay, text: Stay., next: end}
decisions:
  - id: dp_vote
    title: The vote
    question: How do you vote?
    happened: |
      The resolution passed. Within days the party took up the theme. It had
      been argued in the hall for two days, and the delegates from the largest
      works spoke last. The vote was not counted by name, and nobody wrote down
      who raised a hand for what; the talk gives only the outcome and the order.
      Later, the same words came back in the party's own resolutions.
    background: The hall was cold.
    cases:
      - {by: reds, text: The towns must eat.}
    sources:
      - quote: "the resolution was passed"
        cite: Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006
      - quote: "the same theme"
        cite: Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006 (quoting Lenin)
      - quote: "another book"
        cite: Someone Else, 1999
    discuss: [Why then?]
  - id: dp_open
    title: Standing
    question: Do you stay?
    summary: Nobody recorded it.
    happened: Nobody recorded it.
    sources: [{quote: "nobody", cite: "Someone Else, 1999"}]
endings:
  - {id: end, title: End, epilogue: Done., history: Later.}
"""


def entries_after(story: Story, *choices: str) -> list[view.JournalEntry]:
    state = play.new_game(story, "worker")
    for choice in choices:
        state = play.choose(story, state, choice)
    return view.journal(story, state)


def test_the_first_layer_holds_the_choice_history_a_short_account_and_one_short_quotation(
    make_story: StoryMaker,
) -> None:
    story = make_story(STORY)
    layers = panel.panel(story, entries_after(story, "nay")[0])
    first = layers.first
    assert first.title == "The vote"
    assert first.chosen == "Vote against it."
    assert first.verdict == panel.Verdict("other", panel.OTHER, ("Vote for it.", "Speak then vote for it."))
    # no summary written: the first sentences of what happened, whole, within the budget
    assert first.summary.startswith("The resolution passed. Within days the party took up the theme.")
    assert len(first.summary) <= panel.SUMMARY_FALLBACK and first.summary.endswith(".")
    assert "Later, the same words" not in first.summary
    assert first.quotation is not None
    assert first.quotation.source.quote == "the resolution was passed"
    assert first.quotation.cite == "Pirani, 2006 talk"


def test_the_full_account_holds_everything_with_each_full_reference_once(make_story: StoryMaker) -> None:
    story = make_story(STORY)
    full = panel.panel(story, entries_after(story, "aye")[0]).full
    assert full.question == "How do you vote?"
    assert "Later, the same words came back" in full.happened
    assert full.background == "The hall was cold."
    assert full.cases == (panel.Case("The party majority", "The towns must eat."),)
    assert [citation.cite for citation in full.sources] == [
        "Pirani, 2006 talk",
        "Pirani, 2006 talk (quoting Lenin)",
        "Someone Else, 1999",  # no reference matches: shown as written
    ]
    assert full.references == ('Simon Pirani, "The Russian workers", talk, 24 September 2006',)
    assert full.discuss == ("Why then?",)


def test_a_written_summary_is_the_short_account(make_story: StoryMaker) -> None:
    story = make_story(STORY)
    entries = entries_after(story, "aye_loud", "stay")
    assert panel.panel(story, entries[1]).first.summary == "Nobody recorded it."


def test_verdicts_and_the_count_cover_every_decision(make_story: StoryMaker) -> None:
    story = make_story(STORY)
    same = entries_after(story, "aye_loud", "stay")
    assert [panel.verdict(entry).kind for entry in same] == ["same", "open"]
    counted = panel.comparison(same)
    assert (counted.same, counted.other, counted.open, counted.total) == (1, 0, 1, 2)
    assert counted.sentence() == (
        "You took 2 decisions: at 1 history went the same way and at 1 the record gives no single answer."
    )
    other = panel.comparison(entries_after(story, "nay", "stay"))
    assert other.sentence() == (
        "You took 2 decisions: at 1 it went another way and at 1 the record gives no single answer."
    )
    assert panel.comparison([]).sentence() == "No decisions taken yet."
