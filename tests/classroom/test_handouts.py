"""The classroom handouts: a teacher's guide and role cards, generated from the story.

A small inline story (written to a temporary folder and loaded like any other) is
checked exactly; the shipped story is checked for completeness: every decision point,
every quotation, a card for every faction and role, and well-formed print HTML.
"""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from game import cli, locations
from game.classroom.handouts import render_handouts, write_handouts
from game.classroom.handouts_cards import Card, role_cards
from game.classroom.handouts_facts import decision_points
from game.classroom.handouts_html import PAPER, cards_html
from game.classroom.handouts_layout import CARD_PAGE, MORE_PAGE, layout
from game.classroom.handouts_markdown import text, to_html
from game.classroom.handouts_plans import plans
from game.engine.model import Story, plain_prose
from game.loading import load_story

FILES = (
    "teacher-guide.md",
    "teacher-guide.html",
    "role-cards.md",
    "role-cards-a4.html",
    "role-cards-letter.html",
)
HOSTILE = "<script>alert(1)</script> *not bold* [a link](javascript:alert(2)) &amp; `code`"

STORY_YAML = """
story:
  title: Test Moscow
  version: 3
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


# ----------------------------------------------------------------- helpers
class _Walk(HTMLParser):
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


def walk(html: str) -> _Walk:
    """Parse ``html`` and assert it is well formed: a doctype, one html element, every tag closed."""
    assert html.startswith("<!DOCTYPE html>\n")
    parser = _Walk()
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
    parser = _Walk()
    parser.feed(MarkdownIt("commonmark", {"html": False}).render(markdown))
    return parser.text


def section(markdown: str, heading: str) -> str:
    """The Markdown from ``heading`` to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    start = markdown.index(heading + "\n")
    rest = markdown[start + len(heading) :]
    following = re.search(rf"^#{{1,{level}}} ", rest, re.MULTILINE)
    return heading + (rest[: following.start()] if following else rest)


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Story:
    folder = tmp_path_factory.mktemp("story")
    (folder / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    result = load_story(folder)
    assert result.story is not None, "\n".join(map(str, result.problems))
    return result.story


@pytest.fixture(scope="module")
def files(story: Story) -> dict[str, str]:
    return render_handouts(story)


@pytest.fixture(scope="module")
def shipped() -> Story:
    result = load_story(locations.default_scenes_dir())
    assert result.story is not None, "\n".join(map(str, result.problems))
    return result.story


@pytest.fixture(scope="module")
def shipped_files(shipped: Story) -> dict[str, str]:
    return render_handouts(shipped)


# ------------------------------------------------------ the teacher's guide
def test_the_five_files_are_rendered(files: dict[str, str]) -> None:
    assert tuple(files) == FILES
    assert all(files[name].strip() for name in FILES)


def test_guide_overview_has_the_about_text_and_each_role(files: dict[str, str]) -> None:
    overview = section(files["teacher-guide.md"], "## Overview")
    assert "A story for the handout tests.\n\nIts second paragraph." in overview
    assert "**A composite:** Made of many turners." in overview
    assert "- Aleksandr Shliapnikov: led the Workers Opposition" in overview
    assert "#### Delegate (`moscow1921 play --role delegate`)" in overview
    delegate = section(overview, "#### Delegate (`moscow1921 play --role delegate`)")
    assert "composite" not in delegate  # the delegate has none: nothing is invented for it
    assert "- **Anarchists**: Opponents of the state." in overview


def test_guide_decision_point_has_every_part_in_order(files: dict[str, str]) -> None:
    part = section(files["teacher-guide.md"], "#### 1. The vote")
    expected = [
        "**The question:** How do you vote?",
        "- “The conference” (February 1921; A hall): Worker",
        "- “On the platform” (February 1921; The platform): Delegate",
        "**Background**\n\nThe hall is cold.\n\nThe trains have not come.",
        "In “The conference” (Worker):\n\n- Vote for it. — ***historical***\n- Vote against it.\n",
        "In “On the platform” (Delegate):\n\n- Raise your hand. — ***historical***\n- Keep it down.\n",
        "**Each side's case**, in the order heard:\n\n- **The leadership:** Trust the party.\n"
        f"- **Non-party socialists:** {text(HOSTILE)}",
        "**For discussion:**\n\n1. Why did the hall vote so?\n2. Who gained?",
        "**What happened**\n\nThe resolution passed.",
        "> the resolution was passed\n>\n> — Simon Pirani, 2006",
        "> within days the party took it up\n>\n> — Simon Pirani, 2006",
        "**An interpretation, not a fact: Simon Pirani argues:** Order is not cause.",
    ]
    positions = [part.index(piece) for piece in expected]
    assert positions == sorted(positions)


def test_guide_leaves_out_what_the_story_leaves_out(files: dict[str, str]) -> None:
    part = section(files["teacher-guide.md"], "#### 2. The quiet vote")
    assert "- Stay. — ***historical***\n- Leave." in part
    for absent in ("**Background**", "**For discussion:**", "interpretation", "In “"):
        assert absent not in part


def test_decision_points_follow_chapter_then_timeline_order(story: Story) -> None:
    assert [p.decision.id for p in decision_points(story)] == ["vote", "quiet"]
    assert [p.chapter for p in decision_points(story)] == ["winter", "spring"]


def test_guide_has_timeline_assemblies_and_glossary(files: dict[str, str]) -> None:
    guide = files["teacher-guide.md"]
    timeline = section(guide, "## Timeline")
    assert "- **February 1921:** The conference meets. “the conference met” (Pirani)" in timeline
    assert "- **January 1921:** The queue grows.\n" in timeline
    assembly = section(guide, "### The conference, 1921 (`moscow1921 assembly conference`)")
    assert "**Decision point:** The vote" in assembly
    assert (
        "1. Replace requisitioning with a tax in kind. — **what happened:** *Passed.* It passed." in assembly
    )
    assert "**The real body:** 2,000 in all; Non-party: 500. The rest are not given." in assembly
    glossary = section(guide, "## Glossary")
    assert "- **Cheka**: The political police.\n- **NEP** (also: New Economic Policy): The New" in glossary


def _minutes(plan_markdown: str) -> list[int]:
    return [int(m) for m in re.findall(r"^- \*\*\d:\d\d–\d:\d\d \((\d+) min\)", plan_markdown, re.MULTILINE)]


def test_lesson_plans_fill_45_and_90_minutes_from_the_assemblies(files: dict[str, str]) -> None:
    guide = files["teacher-guide.md"]
    short = section(guide, "### A 45-minute class")
    long = section(guide, "### A 90-minute class")
    assert sum(_minutes(short)) == 45 and len(_minutes(short)) >= 4
    assert sum(_minutes(long)) == 90 and len(_minutes(long)) >= 4
    assert short.count("`moscow1921 assembly conference`") == 1
    # the sides are heard in the decision point's order, and their cards handed out
    assert "Each group puts its case, in this order: The leadership, Non-party socialists." in short
    assert "Hand each group its faction's role card: The leadership, Non-party socialists." in long
    assert "*The vote:* Why did the hall vote so? Who gained?" in short
    assert "`moscow1921 play --role worker`" in long and "`moscow1921 play --role delegate`" in long
    assert "0:00–0:05" in short and "1:30" in long


def test_without_assemblies_the_plans_still_fill_the_time(tmp_path: Path) -> None:
    body = re.sub(r"\nassemblies:.*?\nendings:", "\nendings:", STORY_YAML, flags=re.DOTALL)
    assert "assemblies:" not in body
    (tmp_path / "story.yaml").write_text(body, encoding="utf-8")
    story = load_story(tmp_path).story
    assert story is not None and not story.assemblies
    made = plans(story, decision_points(story))
    assert [sum(s.minutes for s in p.steps) for p in made] == [45, 90]
    guide = render_handouts(story)["teacher-guide.md"]
    assert "moscow1921 assembly" not in guide and "## The assemblies" not in guide


# -------------------------------------------------------------- role cards
def test_a_card_per_faction_then_per_role(files: dict[str, str]) -> None:
    for name in ("role-cards-a4.html", "role-cards-letter.html"):
        ids = [s.get("id") for s in walk(files[name]).sections]
        assert ids == [
            "faction-non_party",
            "faction-party_leaders",
            "faction-anarchists",
            "role-worker",
            "role-delegate",
        ]
    assert files["role-cards.md"].count("\n---\n") == 5


def _card(markdown: str, name: str) -> str:
    return section(markdown, f"## {name}")


def test_faction_card_has_its_own_case_at_each_assembly_and_elsewhere(files: dict[str, str]) -> None:
    card = _card(files["role-cards.md"], "Non-party socialists")
    assert "**Who you are:** Workers outside the parties." in card
    assert "**What you want:** Equal rations." in card
    assert "**What you fear:** Arrest." in card
    at_assembly = section(card, "#### The conference, 1921")
    assert "*The question:* How do you vote?" in at_assembly
    assert f"**Your case:** {text(HOSTILE)}" in at_assembly
    assert "Trust the party." not in card  # another faction's case
    elsewhere = section(card, "### Your case at other decision points")
    assert "**The quiet vote.** Stay and be heard." in elsewhere
    leaders = _card(files["role-cards.md"], "The leadership")
    assert "**Your case:** Trust the party." in leaders
    assert "other decision points" not in leaders
    anarchists = _card(files["role-cards.md"], "Anarchists")
    assert "Your case" not in anarchists  # heard nowhere: nothing is made up


def test_role_card_has_who_wants_fears_and_real_people(files: dict[str, str]) -> None:
    card = _card(files["role-cards.md"], "Worker")
    for piece in (
        "**Who you are:** A turner at a metal works.",
        "**Who this character is made of:** Made of many turners.",
        "**What you want:** Bread for the family.",
        "**What you fear:** The winter.",
        "- Aleksandr Shliapnikov: led the Workers Opposition",
        "### Decisions you may face\n\n- **The vote**: How do you vote?",
        "- **The quiet vote**: Do you stay?",
    ):
        assert piece in card
    delegate = _card(files["role-cards.md"], "Delegate")
    assert "made of" not in delegate and "Real people" not in delegate


def test_card_editions_differ_only_in_paper_size(files: dict[str, str]) -> None:
    a4, letter = files["role-cards-a4.html"], files["role-cards-letter.html"]
    assert "@page { size: A4;" in a4 and "@page { size: letter;" in letter
    assert a4.replace("size: A4;", "size: letter;") == letter
    style = walk(a4).style
    assert re.search(r"\.card \{[^}]*break-after: page;[^}]*page-break-after: always;", style)
    assert re.search(r"\.card:last-child \{[^}]*break-after: auto;", style)


# ------------------------------------------------------- HTML and escaping
@pytest.mark.parametrize("name", [n for n in FILES if n.endswith(".html")])
def test_html_is_well_formed_and_prints(files: dict[str, str], name: str) -> None:
    page = walk(files[name])
    assert "@page" in page.style and "@media print" in page.style
    assert ("meta", {"charset": "utf-8"}) in page.tags


def test_story_text_is_never_markup(files: dict[str, str]) -> None:
    for name in ("teacher-guide.html", "role-cards-a4.html"):
        page = walk(files[name])
        tags = {tag for tag, _ in page.tags}
        assert "script" not in tags and "a" not in tags
        assert flat(HOSTILE) in page.text
    assert flat(HOSTILE) in markdown_text(files["teacher-guide.md"])


alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("\\`*_[]<>&~|#>-+=0123456789.)( !:/\n")
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet, max_size=40))
def test_any_text_renders_as_typed(value: str) -> None:
    parser = _Walk()
    parser.feed(to_html(text(value)))
    assert parser.text == flat(value)
    assert {tag for tag, _ in parser.tags} <= {"p"}


# ------------------------------------------------------------- the command
def test_command_writes_every_file(story: Story, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "story"
    folder.mkdir()
    (folder / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    out = tmp_path / "out" / "handouts"
    assert cli.main(["handouts", "--out", str(out), "--scenes", str(folder)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(FILES)  # no temporary files left behind
    assert (out / "teacher-guide.md").read_text(encoding="utf-8") == render_handouts(story)[
        "teacher-guide.md"
    ]
    assert "wrote 5 handouts" in capsys.readouterr().out


def test_command_reports_a_broken_story(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "story.yaml").write_text(
        STORY_YAML.replace("decision: vote\n    setting", "decision: vot\n    setting")
    )
    assert cli.main(["handouts", "--out", str(tmp_path / "out"), "--scenes", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "story.yaml:" in err and "vot" in err and "has problems" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_command_reports_an_unwritable_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "story.yaml").write_text(STORY_YAML, encoding="utf-8")
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "inside"):
        assert cli.main(["handouts", "--out", str(out), "--scenes", str(tmp_path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("moscow1921 handouts: ") and str(out) in err
        assert "Traceback" not in err
    assert blocker.read_text() == "not a folder"


def test_rewriting_replaces_old_handouts(story: Story, tmp_path: Path) -> None:
    (tmp_path / "teacher-guide.md").write_text("stale")
    write_handouts(story, tmp_path)
    assert (
        (tmp_path / "teacher-guide.md")
        .read_text(encoding="utf-8")
        .startswith("# Test Moscow: teacher's guide")
    )


# ------------------------------------------------------- the shipped story
def test_shipped_guide_has_every_decision_point_and_quote(
    shipped: Story, shipped_files: dict[str, str]
) -> None:
    html_text = walk(shipped_files["teacher-guide.html"]).text
    md_text = markdown_text(shipped_files["teacher-guide.md"])
    assert shipped.decisions and shipped.timeline
    for decision in shipped.decisions.values():
        for words in (decision.title, decision.happened, *(s.quote for s in decision.sources)):
            assert flat(words) in html_text, words
            assert flat(words) in md_text, words
        for case in decision.cases:
            assert flat(case.text) in html_text
        for question in decision.discuss:
            assert flat(question) in html_text
    for entry in shipped.timeline:
        if entry.quote:
            assert flat(entry.quote) in html_text
    assert html_text.count(" — historical") == sum(
        c.historical for s in shipped.scenes.values() if s.decision for c in s.choices
    )


def test_shipped_cards_one_per_faction_and_role(shipped: Story, shipped_files: dict[str, str]) -> None:
    expected = [f"faction-{f}" for f in shipped.factions] + [f"role-{r}" for r in shipped.roles]
    assert len(shipped.roles) >= 2
    for name in ("role-cards-a4.html", "role-cards-letter.html"):
        page = walk(shipped_files[name])
        assert [s.get("id") for s in page.sections] == expected
        for faction in shipped.factions.values():
            assert flat(faction.who) in page.text
    for plan in plans(shipped, decision_points(shipped)):
        assert sum(step.minutes for step in plan.steps) == plan.minutes


# ---------------------------------------------------------- print layout
FILLER = """In the winter the trains from the south did not come, and the bread ration was cut again.
At the works meeting the turners demanded equal rations for all, and the party secretary answered
that the army came first. Some of the older workers remembered the soviets of 1917, when every
shop elected its own deputy and could recall him; the younger ones had come from the villages and
wanted their families fed before anything else was argued about."""


def _long_card(cases: int, words: int = 70) -> Card:
    """A faction card with ``cases`` cases at other decision points, in the story's own words."""
    source = itertools.cycle(FILLER.split())

    def para(n: int) -> str:
        return text(" ".join(next(source) for _ in range(n)))

    main = f"## Long\n\n**Who you are:** {para(60)}\n\n**What you want:** {para(35)}\n\n"
    main += f"**What you fear:** {para(35)}\n\n### Your case at the assemblies\n\n"
    main += "".join(f"#### Assembly {n}\n\n**Your case:** {para(words)}\n\n" for n in range(3))
    more = "### Your case at other decision points\n\n"
    more += "".join(f"**Decision {n}.** {para(words)}\n\n" for n in range(cases))
    return Card("faction", f"long_{cases}", "Long", main, more if cases else "")


def test_a_long_card_is_set_smaller_then_continued() -> None:
    fits = [layout(_long_card(cases)) for cases in range(0, 27, 2)]
    continued = [f.continued for f in fits]
    first = continued.index(True)  # from here on every card continues on pages of its own
    assert first >= 2 and all(continued[first:])
    single = [f.density for f in fits[:first]]
    assert single == sorted(single) and single[0] < single[-1] == len(CARD_PAGE) - 1
    pages = [f.continued_pages for f in fits[first:]]
    assert pages == sorted(pages) and pages[0] == 1 and pages[-1] == 2
    for count in (1, 2):  # on as many pages, the type gets smaller as the cases grow
        steps = [f.more_density for f in fits[first:] if f.continued_pages == count]
        assert steps == sorted(steps) and steps[-1] > 0
    assert max(f.more_density for f in fits) == len(MORE_PAGE) - 1
    short, long = _long_card(0), _long_card(18)
    page = walk(cards_html("t", [short, long], "A4"))
    assert [s.get("class") for s in page.sections] == [
        f"card card-faction card-dense-{layout(short).density}",
        f"card card-faction card-dense-{layout(long).density}",
    ]
    assert page.text.count("Long (continued)") == 1
    assert [a.get("class") for t, a in page.tags if t == "div"] == [
        f"more more-continued more-dense-{layout(long).more_density}"
    ]


def _chromium() -> str | None:
    override = os.environ.get("CHROMIUM")
    if override:
        return override
    names = (
        "chromium-headless-shell",
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    )
    return next(filter(None, map(shutil.which, names)), None)


def _print(html: str, folder: Path, name: str) -> tuple[int, tuple[float, float]]:
    """Print ``html`` to PDF with headless Chromium: its page count and first page size in points."""
    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium to print with (set CHROMIUM to one)")
    page, pdf = folder / f"{name}.html", folder / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            f"--user-data-dir={folder / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    data = pdf.read_bytes()
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    return pages, (float(box.group(1)), float(box.group(2)))


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_printed_cards_take_one_page_each_unless_continued(
    shipped: Story, shipped_files: dict[str, str], tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    cards = role_cards(shipped)
    pages, box = _print(shipped_files[f"role-cards-{paper}.html"], tmp_path, paper)
    assert (round(box[0]), round(box[1])) == size
    assert pages == sum(layout(card).pages for card in cards)
    long = [_long_card(cases) for cases in (0, 3, 5, 7, 9, 11, 14, 24)]
    assert max(layout(card).pages for card in long) == 3
    pages, _ = _print(cards_html("t", long, PAPER[paper]), tmp_path, f"long-{paper}")
    assert pages == sum(layout(card).pages for card in long)
