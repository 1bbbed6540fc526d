"""A small story and HTML helpers shared by the handouts tests."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from markdown_it import MarkdownIt

from game.engine.model import plain_prose

HOSTILE = "<script>alert(1)</script> *not bold* [a link](javascript:alert(2)) &amp; `code`"

STORY_YAML = """
story:
  title: Test Moscow
  version: 3
  references:
    - {cite: "Simon Pirani, 2006", short: "Pirani, 2006", full: "Simon Pirani, a talk, 2006"}
  about: |
    A story for the handout tests.

    Its second paragraph.
variables:
  hunger: {name: Hunger, default: 5, min: 0, max: 10}
roles:
  - id: worker
    name: Worker
    description: A turner at a metal works.
    start: queue
    composite: Made of many turners.
    real_people: ["Aleksandr Shliapnikov: led the Workers Opposition"]
    wants: Bread for the family.
    fears: The winter.
  - id: delegate
    name: Delegate
    description: A party delegate.
    start: hall_delegate
factions:
  - id: non_party
    name: Non-party socialists
    who: Workers outside the parties.
    wants: Equal rations.
    fears: Arrest.
  - {id: party_leaders, name: The leadership, who: Lenin and the committee., wants: Order., fears: Famine.}
  - {id: anarchists, name: Anarchists, who: Opponents of the state., wants: Free soviets., fears: The Cheka.}
chapters:
  - {id: winter, title: Winter}
  - {id: spring, title: Spring}
glossary:
  Cheka: The political police.
  NEP: {definition: The New Economic Policy., also: [New Economic Policy]}
timeline:
  - date: February 1921
    text: The conference meets.
    decision: vote
    quote: the conference met
    cite: Pirani
  - {date: January 1921, text: The queue grows., scene: queue}
decisions:
  - id: vote
    title: The vote
    question: How do you vote?
    background: |
      The hall is cold.

      The trains have not come.
    discuss: [Why did the hall vote so?, Who gained?]
    cases:
      - {by: party_leaders, text: Trust the party.}
      - {by: non_party, text: "HOSTILE_TEXT"}
    happened: The resolution passed.
    sources:
      - {quote: the resolution was passed, cite: "Simon Pirani, 2006"}
      - {quote: within days the party took it up, cite: "Simon Pirani, 2006"}
    argument: {by: Simon Pirani, text: Order is not cause.}
  - id: quiet
    title: The quiet vote
    question: Do you stay?
    cases:
      - {by: non_party, text: Stay and be heard.}
      - {by: non_party, text: "HOSTILE_TEXT"}
    happened: Most stayed.
    sources:
      - {quote: most stayed, cite: "Simon Pirani, 2006"}
assemblies:
  - id: conference
    title: The conference, 1921
    decision: vote
    setting: Delegates crowd the hall.
    resolutions:
      - {id: tax, text: Replace requisitioning with a tax in kind., passed: true, happened: It passed.}
    composition:
      total: 2000
      groups: [{name: Non-party, count: 500}]
      note: The rest are not given.
endings:
  - {id: ending_fed, title: Fed, epilogue: You eat., history: Many ate.}
scenes:
  - id: queue
    chapter: winter
    date: January 1921
    place: A ration queue
    title: Half a ration
    prose: The [[Cheka]] watches.
    choices:
      - {text: Go to the hall., next: hall}
  - id: hall
    chapter: winter
    date: February 1921
    place: A hall
    title: The conference
    decision: vote
    prose: A delegate reads.
    choices:
      - {id: aye, text: Vote for it., historical: true, next: spring_meeting}
      - {id: nay, text: Vote against it., next: spring_meeting}
  - id: hall_delegate
    chapter: winter
    date: February 1921
    place: The platform
    title: On the platform
    decision: vote
    prose: You face the hall.
    choices:
      - {id: yes_vote, text: Raise your hand., historical: true, next: spring_meeting}
      - {id: no_vote, text: Keep it down., next: spring_meeting}
  - id: spring_meeting
    chapter: spring
    date: April 1921
    place: The yard
    title: Spring
    decision: quiet
    prose: Quiet now.
    choices:
      - {id: stay, text: Stay., historical: true, next: ending_fed}
      - {id: go, text: Leave., next: ending_fed}
""".replace("HOSTILE_TEXT", HOSTILE.replace('"', '\\"'))


class HtmlWalk(HTMLParser):
    """Every element opened is closed in order; collects the text and the tags seen."""

    VOID = frozenset({"meta", "br", "hr", "img", "link", "input"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: list[str] = []
        self.style = ""
        self.sections: list[dict[str, str | None]] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "section":
            self.sections.append(dict(attrs))
        if tag not in self.VOID:
            self.stack.append(tag)
        self._in_style = tag == "style"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in self.VOID:
            self.errors.append(f"<{tag} /> is not a void element")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
        else:
            self.data.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.data).split())


def walk(html: str) -> HtmlWalk:
    """Parse ``html`` and assert it is well formed: a doctype, one html element, every tag closed."""
    assert html.startswith("<!DOCTYPE html>\n")
    parser = HtmlWalk()
    parser.feed(html)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    assert [t for t, _ in parser.tags].count("html") == 1
    assert [t for t, _ in parser.tags].count("body") == 1
    return parser


def flat(value: str) -> str:
    """Story text as a reader sees it in the handouts: glossary marks resolved, spaces collapsed."""
    return " ".join(plain_prose(value).split())


def markdown_text(markdown: str) -> str:
    """The words a reader of the Markdown sees, rendered by a fresh CommonMark parser."""
    parser = HtmlWalk()
    parser.feed(MarkdownIt("commonmark", {"html": False}).render(markdown))
    return parser.text


def section(markdown: str, heading: str) -> str:
    """The Markdown from ``heading`` to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = markdown.index(heading + "\n")
    rest = markdown[start + len(heading) :]
    following = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return heading + (rest[: following.start()] if following else rest)
