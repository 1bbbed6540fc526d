"""The classroom handouts: a teacher's guide, role cards and faction briefs, generated
from the story.

A small inline story (written to a temporary folder and loaded like any other) is
checked exactly; the shipped story is checked for completeness: every decision point,
every quotation, a card for every faction and role, every faction's case outside the
assemblies in its brief, and well-formed print HTML.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game import cli, locations
from game.classroom.handouts import render_handouts, write_handouts
from game.classroom.handouts_facts import decision_points, same_event, timeline
from game.classroom.handouts_markdown import text, to_html
from game.classroom.handouts_plans import plans
from game.engine.model import Story
from game.loading import load_story
from tests.classroom.handouts_helpers import HOSTILE, STORY_YAML, HtmlWalk, flat, markdown_text, section, walk

FILES = (
    "quick-start.md",
    "quick-start.html",
    "teacher-guide.md",
    "teacher-guide.html",
    "teacher-guide-appendix.md",
    "teacher-guide-appendix.html",
    "worksheets.md",
    "worksheets.html",
    "marking-guide.md",
    "marking-guide.html",
    "role-cards.md",
    "role-cards-a4.html",
    "role-cards-letter.html",
    "faction-briefs.md",
    "faction-briefs.html",
)


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
def test_every_file_is_rendered(files: dict[str, str]) -> None:
    assert tuple(files) == FILES
    assert all(files[name].strip() for name in FILES)


def test_guide_overview_has_the_about_text_and_each_role(files: dict[str, str]) -> None:
    quick = section(files["quick-start.md"], "## What the game is")
    assert "A story for the handout tests.\n\nIts second paragraph." in quick
    roles = section(files["teacher-guide.md"], "## The roles")
    assert "**A composite:** Made of many turners." in roles
    assert "**Real people this role meets:** Aleksandr Shliapnikov: led the Workers Opposition." in roles
    assert "### Delegate (`moscow1921 play --role delegate`)" in roles
    delegate = section(roles, "### Delegate (`moscow1921 play --role delegate`)")
    assert "composite" not in delegate  # the delegate has none: nothing is invented for it
    sides = section(files["teacher-guide-appendix.md"], "## The sides at the assemblies")
    assert "- **Anarchists**: Opponents of the state." in sides


def test_guide_decision_point_is_short_and_the_appendix_has_the_rest(files: dict[str, str]) -> None:
    part = section(files["teacher-guide.md"], "#### 1. The vote")
    expected = [
        "**The question:** How do you vote?",
        "**In “The conference”** (February 1921; A hall): Worker (episode 1)",
        "- Vote for it. — ***historical***\n- Vote against it.\n",
        "**In “On the platform”** (February 1921; The platform): Delegate (episode 1)",
        "- Raise your hand. — ***historical***\n- Keep it down.\n",
        "**What happened, in short:** The resolution passed.",  # no summary: the first paragraph
        "> the resolution was passed\n>\n> — Pirani, 2006",
        "**For discussion:**\n\n1. Why did the hall vote so?\n2. Who gained?",
    ]
    positions = [part.index(piece) for piece in expected]
    assert positions == sorted(positions)
    for elsewhere in (
        "**Background**",
        "Each side's case",
        "within days the party took it up",
        "Order is not cause",
    ):
        assert elsewhere not in part
    full = section(files["teacher-guide-appendix.md"], "#### 1. The vote")
    expected = [
        "**Background**\n\nThe hall is cold.\n\nThe trains have not come.",
        "**Each side's case**, in the order heard:\n\n- **The leadership:** Trust the party.\n"
        f"- **Non-party socialists:** {text(HOSTILE)}",
        "**What happened**\n\nThe resolution passed.",
        "> the resolution was passed\n>\n> — Pirani, 2006",
        "> within days the party took it up\n>\n> — Pirani, 2006",
        "**An interpretation, not a fact: Simon Pirani argues:** Order is not cause.",
    ]
    positions = [full.index(piece) for piece in expected]
    assert positions == sorted(positions)


def test_guide_leaves_out_what_the_story_leaves_out(files: dict[str, str]) -> None:
    part = section(files["teacher-guide.md"], "#### 2. The quiet vote")
    assert "- Stay. — ***historical***\n- Leave." in part
    assert "**For discussion:**" not in part and "For the teacher" not in part
    full = section(files["teacher-guide-appendix.md"], "#### 2. The quiet vote")
    assert "**Background**" not in full and "interpretation" not in full


def test_decision_points_follow_chapter_then_timeline_order(story: Story) -> None:
    assert [p.decision.id for p in decision_points(story)] == ["vote", "quiet"]
    assert [p.chapter for p in decision_points(story)] == ["winter", "spring"]


def test_guide_has_timeline_assemblies_and_glossary(files: dict[str, str]) -> None:
    guide = files["teacher-guide.md"]
    timeline = section(guide, "## Timeline")
    assert timeline.endswith(
        "- **January 1921:** The queue grows. — *Worker*\n"  # written second, happened first
        "- **February 1921:** The conference meets. “the conference met” (Pirani) — *Worker, Delegate*\n\n"
    )
    assert guide.count("## Timeline") == 1 and "## Timeline" not in files["teacher-guide-appendix.md"]
    assembly = section(guide, "### The conference, 1921 (`moscow1921 assembly conference`)")
    assert "**Decision point:** The vote. **Sides:** The leadership, Non-party socialists." in assembly
    assert (
        "1. Replace requisitioning with a tax in kind. — **what happened:** *Passed.* It passed." in assembly
    )
    assert "**The real body:** 2,000 in all; Non-party: 500. The rest are not given." in assembly
    assert "Delegates crowd the hall." in files["teacher-guide-appendix.md"]  # the setting
    glossary = section(files["teacher-guide-appendix.md"], "## Glossary")
    assert "- **Cheka**: The political police.\n- **NEP** (also: New Economic Policy): The New" in glossary


def _minutes(plan_markdown: str) -> list[int]:
    return [int(m) for m in re.findall(r"^- \*\*\d:\d\d–\d:\d\d \((\d+) min\)", plan_markdown, re.MULTILINE)]


def test_lesson_plans_fill_45_and_90_minutes_playing_one_episode(files: dict[str, str]) -> None:
    short = section(files["quick-start.md"], "## A 45-minute class")
    long = section(files["teacher-guide.md"], "### A 90-minute class")
    assert short in files["teacher-guide.md"]  # the guide starts with the quick start
    assert sum(_minutes(short)) == 45 and len(_minutes(short)) >= 4
    assert sum(_minutes(long)) == 90 and len(_minutes(long)) >= 5
    for plan in (short, long):  # one episode, named, with its command and what is met there
        # both roles' first episodes meet both decision points; the delegate's reads shorter
        assert "Play: Delegate, episode 1 (chapters 1-2)" in plan
        assert "`moscow1921 play --role delegate`" in plan and "--role worker" not in plan
        assert "meet 2 decision points: *The vote*; *The quiet vote*." in plan
        assert "the worksheet" in plan
    assert "`moscow1921 assembly" not in short
    assert long.count("`moscow1921 assembly conference`") == 1
    # the sides are heard in the decision point's order, and their cards handed out
    assert "Each group puts its case, in this order: The leadership, Non-party socialists." in long
    assert "Hand each group its faction's role card: The leadership, Non-party socialists." in long
    assert "*The vote:* Why did the hall vote so? Who gained?" in short
    assert "0:00–0:05" in short and "1:30" in long
    assert "Walk through the timeline (2 events, January 1921 to February 1921)." in long
    assert "invented composites" in short  # the worker has a composite note


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
    assert [p.play_minutes for p in made] == [15, 20]  # the episode reads in a minute: the least allotted


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


def test_faction_card_has_its_case_at_each_assembly_only(files: dict[str, str]) -> None:
    card = _card(files["role-cards.md"], "Non-party socialists")
    assert "**Who you are:** Workers outside the parties." in card
    assert "**What you want:** Equal rations." in card
    assert "**What you fear:** Arrest." in card
    at_assembly = section(card, "#### The conference, 1921")
    assert "*The question:* How do you vote?" in at_assembly
    assert f"**Your case:** {text(HOSTILE)}" in at_assembly
    assert "Trust the party." not in card  # another faction's case
    # the quiet vote is not argued at an assembly: it is in the brief, the card points there
    assert "Stay and be heard." not in card and "The quiet vote" not in card
    assert (
        "*Your side's case at 1 other decision point is in your faction brief* (`faction-briefs.html`)."
        in card
    )
    leaders = _card(files["role-cards.md"], "The leadership")
    assert "**Your case:** Trust the party." in leaders
    assert "faction brief" not in leaders  # heard only at the assembly: no brief to point to
    anarchists = _card(files["role-cards.md"], "Anarchists")
    assert (
        "Your case" not in anarchists and "faction brief" not in anarchists
    )  # heard nowhere: nothing made up


# ---------------------------------------------------------- faction briefs
def test_briefs_hold_each_faction_case_outside_the_assemblies(files: dict[str, str]) -> None:
    briefs = files["faction-briefs.md"]
    assert briefs.startswith("# Test Moscow: faction briefs\n")
    assert briefs.count("\n## ") == 1  # only the non-party socialists are heard outside the assembly
    brief = section(briefs, "## Non-party socialists")
    assert "your side's case at 1 decision point outside the assemblies" in brief
    quiet = section(brief, "#### The quiet vote")
    assert quiet.startswith(
        "#### The quiet vote\n\n*The question:* Do you stay?\n\n**Your case:** Stay and be heard.\n\n"
        f"**Your case:** {text(HOSTILE)}\n"
    )
    assert "The vote\n" not in brief and "How do you vote?" not in brief  # the assembly's: on the card
    assert "Not heard outside the assemblies, so no brief: The leadership, Anarchists." in briefs


def test_briefs_html_has_a_section_per_faction_each_from_a_new_page(files: dict[str, str]) -> None:
    page = walk(files["faction-briefs.html"])
    assert [s.get("id") for s in page.sections] == ["faction-non_party"]
    assert [s.get("class") for s in page.sections] == ["brief"]
    assert ("div", {"class": "brief-cases"}) in page.tags
    assert "Stay and be heard." in page.text and "Do you stay?" in page.text
    assert re.search(r"\.brief \{[^}]*break-before: page;[^}]*page-break-before: always;", page.style)
    assert re.search(r"\.brief-cases \{[^}]*columns: 2;", page.style)
    assert "@page { margin:" in page.style  # no size: the printer's own paper, as for the guide


def test_briefs_without_any_case_outside_the_assemblies(tmp_path: Path) -> None:
    body = re.sub(r"(    question: Do you stay\?\n)    cases:\n(      - .*\n)+", r"\1", STORY_YAML)
    (tmp_path / "story.yaml").write_text(body, encoding="utf-8")
    story = load_story(tmp_path).story
    assert story is not None and story.decisions["quiet"].cases == ()  # the quiet vote: no sides heard
    made = render_handouts(story)
    assert "No faction is heard outside the assemblies" in made["faction-briefs.md"]
    assert walk(made["faction-briefs.html"]).sections == []
    assert "faction brief" not in made["role-cards.md"]


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
    pages = ("teacher-guide-appendix", "role-cards-a4", "faction-briefs", "marking-guide")
    for name in pages:
        page = walk(files[f"{name}.html"])
        tags = {tag for tag, _ in page.tags}
        assert "script" not in tags and "a" not in tags
        assert flat(HOSTILE) in page.text
    for name in ("teacher-guide-appendix", "role-cards", "faction-briefs", "marking-guide"):
        assert flat(HOSTILE) in markdown_text(files[f"{name}.md"])
    for name in FILES:
        if name.endswith(".html"):
            assert "<script" not in files[name].split("<body", 1)[1]


alphabet = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(
    list("\\`*_[]<>&~|#>-+=0123456789.)( !:/\n")
)


@given(st.text(alphabet, max_size=40))
def test_any_text_renders_as_typed(value: str) -> None:
    parser = HtmlWalk()
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
    printed = capsys.readouterr()
    assert f"wrote {len(FILES)} handouts" in printed.out
    assert [line.strip() for line in printed.out.splitlines() if line.startswith("  ")] == list(FILES)
    assert "one card to a page" in printed.out and "faction-briefs.html" in printed.out
    assert "warning" not in printed.err


def test_command_warns_of_a_card_too_long_for_one_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    long_who = " ".join(["A faction of turners, fitters and smiths."] * 140)
    (tmp_path / "story.yaml").write_text(
        STORY_YAML.replace("who: Workers outside the parties.", f"who: {long_who}"), encoding="utf-8"
    )
    assert cli.main(["handouts", "--out", str(tmp_path / "out"), "--scenes", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "warning: the faction card 'non_party' fills about" in err and "shorten its text" in err
    assert err.count("warning") == 1


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
        .startswith("# Test Moscow: quick start for teachers")
    )


# ------------------------------------------------------- the shipped story
def test_shipped_guide_and_appendix_have_every_decision_point_and_quote(
    shipped: Story, shipped_files: dict[str, str]
) -> None:
    guide = walk(shipped_files["teacher-guide.html"]).text
    appendix = walk(shipped_files["teacher-guide-appendix.html"]).text
    md_text = markdown_text(shipped_files["teacher-guide.md"] + shipped_files["teacher-guide-appendix.md"])
    assert shipped.decisions and shipped.timeline
    for decision in shipped.decisions.values():
        assert flat(decision.title) in guide and flat(decision.title) in appendix
        assert flat(decision.sources[0].quote) in guide  # one quotation in the guide
        for words in (decision.happened, *(s.quote for s in decision.sources)):
            assert flat(words) in appendix, words
            assert flat(words) in md_text, words
        for case in decision.cases:
            assert flat(case.text) in appendix
        for question in decision.discuss:
            assert flat(question) in guide
    events = timeline(shipped)
    assert len(events) < len(shipped.timeline)  # each role's entry for the same event: shown once
    for n, event in enumerate(events):
        assert not any(same_event(event.entry, other.entry) for other in events[n + 1 :])
        assert flat(event.entry.text) in guide
    for entry in shipped.timeline:  # every entry is in the timeline, as itself or as the same event
        assert any(same_event(entry, event.entry) for event in events)
    assert guide.count(" — historical") == sum(
        c.historical for s in shipped.scenes.values() if s.decision for c in s.choices
    )
    assert flat(shipped.content_note) in guide and "14" in shipped.content_note


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


def test_shipped_cases_are_on_the_cards_at_assemblies_and_in_the_briefs_elsewhere(
    shipped: Story, shipped_files: dict[str, str]
) -> None:
    at_assemblies = {a.decision for a in shipped.assemblies.values()}
    briefs_md = shipped_files["faction-briefs.md"]
    cards_md = shipped_files["role-cards.md"]
    page = walk(shipped_files["faction-briefs.html"])
    briefed = [s.get("id") for s in page.sections]
    outside = 0
    for faction in shipped.factions.values():
        card = markdown_text(_card(cards_md, text(faction.name)))
        cases = [(d, c) for d in shipped.decisions.values() for c in d.cases if c.by == faction.id]
        elsewhere = [(d, c) for d, c in cases if d.id not in at_assemblies]
        for decision, case in cases:
            if decision.id in at_assemblies:
                assert flat(case.text) in card, (faction.id, decision.id)
        if not elsewhere:
            assert f"faction-{faction.id}" not in briefed
            continue
        assert f"faction-{faction.id}" in briefed
        brief_md = section(briefs_md, f"## {text(faction.name)}")
        brief_text = markdown_text(brief_md)
        html_text = page.text
        for decision, case in elsewhere:
            outside += 1
            assert flat(case.text) in brief_text, (faction.id, decision.id)
            assert flat(case.text) in html_text, (faction.id, decision.id)
            assert f"#### {text(decision.title)}\n" in brief_md
            assert flat(case.text) not in card  # moved out of the card
    assert outside >= 2 * len(shipped.factions)  # the shipped story argues a good deal outside the assemblies
    assert briefed == [f"faction-{f}" for f in shipped.factions if f"faction-{f}" in briefed]  # story order
