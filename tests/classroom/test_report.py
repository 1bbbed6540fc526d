"""The class report: counts over real play-throughs, foreign and broken files, HTML and text."""

from __future__ import annotations

import json
import random
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from game.classroom.report import (
    ClassReport,
    Skipped,
    build_report,
    build_report_from_results,
)
from game.classroom.report_html import render_html
from game.classroom.report_text import render_text
from game.classroom.results import Results, results_from_session, write_results
from game.engine import play as engine
from game.engine.fingerprint import story_fingerprint
from game.engine.model import Story
from game.loading import load_story
from game.saves import SaveStore
from game.session import Session
from tests.classroom.conftest import REPO, PlayThroughs, random_session
from tests.engine.conftest import StoryMaker

SVG = "{http://www.w3.org/2000/svg}svg"


def _expected_counts(made: list[Results]) -> Counter[tuple[str, str]]:
    """Counted independently of the report: each playthrough once per decision point, as last answered."""
    counts: Counter[tuple[str, str]] = Counter()
    for results in made:
        answered = {}
        for taken in results.decisions:
            answered[taken.decision] = taken.choice
        counts.update(answered.items())
    return counts


def _report_counts(report: ClassReport) -> Counter[tuple[str, str]]:
    return Counter({(t.decision.id, c.id): c.count for t in report.decisions for c in t.choices if c.count})


@pytest.fixture
def class_folder(play_throughs: PlayThroughs, tmp_path: Path) -> tuple[Path, list[Results]]:
    made = play_throughs(40, 2026)
    folder = tmp_path / "class"
    for results in made:
        write_results(results, folder)
    return folder, made


def test_counts_match_the_play_throughs(story: Story, class_folder: tuple[Path, list[Results]]) -> None:
    folder, made = class_folder
    report = build_report(story, [folder])
    assert report.skipped == () and report.foreign == ()
    assert len(report.counted) == 40
    assert report.finished == sum(r.status == "finished" for r in made)
    assert report.abandoned == sum(r.status == "abandoned" for r in made)
    assert 0 < report.abandoned < 40
    expected = _expected_counts(made)
    assert sum(expected.values()) > 40  # the games really passed decision points
    assert _report_counts(report) == expected
    endings = Counter(r.ending for r in made if r.ending is not None)
    assert {e.ending.id: e.count for e in report.endings if e.count} == dict(endings)
    roles = Counter(story.roles[r.role].name for r in made)
    assert report.roles == dict(roles)
    # every decision point of the story is in the report, in the story's order, each with all its choices
    assert [t.decision.id for t in report.decisions] == list(story.decisions)
    for tally in report.decisions:
        ids = {c.id for s in story.scenes.values() if s.decision == tally.decision.id for c in s.choices}
        assert {c.id for c in tally.choices} == ids
        assert tally.answered == sum(n for (d, _), n in expected.items() if d == tally.decision.id)


def test_choices_worded_differently_by_two_roles_count_together(story: Story) -> None:
    report = build_report_from_results(story, [])
    reworded = 0
    for tally in report.decisions:
        assert len({c.id for c in tally.choices}) == len(tally.choices)
        for choice in tally.choices:
            texts = {
                c.label
                for s in story.scenes.values()
                if s.decision == tally.decision.id
                for c in s.choices
                if c.id == choice.id
            }
            assert {choice.text, *choice.other_texts} == texts
            reworded += bool(choice.other_texts)
    assert reworded, "the shipped story words a shared choice differently for each role"


def test_the_same_file_named_twice_counts_once(
    story: Story, class_folder: tuple[Path, list[Results]]
) -> None:
    folder, made = class_folder
    one = sorted(folder.glob("*.json"))[0]
    report = build_report(story, [folder, one, one])
    assert len(report.counted) == len(made)
    assert report.skipped == ()


def test_a_copy_of_a_file_is_skipped_not_counted_twice(
    story: Story, class_folder: tuple[Path, list[Results]], tmp_path: Path
) -> None:
    folder, made = class_folder
    original = sorted(folder.glob("*.json"))[0]
    copy = tmp_path / "copy.json"
    shutil.copy(original, copy)
    report = build_report(story, [folder, copy])
    assert len(report.counted) == len(made)
    assert _report_counts(report) == _expected_counts(made)
    assert [s.source for s in report.skipped] == [str(copy)]
    assert "a copy of" in report.skipped[0].reason and original.name in report.skipped[0].reason


def test_bad_files_are_listed_with_the_reason_and_skipped(
    story: Story, class_folder: tuple[Path, list[Results]]
) -> None:
    folder, made = class_folder
    good = json.loads(next(iter(sorted(folder.glob("*.json")))).read_text(encoding="utf-8"))
    bad = {
        "not-json.json": "these are my answers",
        "truncated.json": json.dumps(good, indent=2)[:150],
        "wrong-format.json": json.dumps({**good, "format": "something-else"}),
        "newer.json": json.dumps({**good, "version": 99}),
        "no-role.json": json.dumps({k: v for k, v in good.items() if k != "role"}),
        "edited.json": json.dumps(
            {
                **good,
                "decisions": [
                    {
                        "decision": "dp_nep",
                        "scene": "dl_nep",
                        "choice": "storm_the_kremlin",
                        "historical": True,
                    }
                ],
            }
        ),
    }
    for name, text in bad.items():
        (folder / name).write_text(text, encoding="utf-8")
    missing = folder.parent / "absent.json"
    report = build_report(story, [folder, missing])
    reasons = {Path(s.source).name: s.reason for s in report.skipped}
    assert set(reasons) == {*bad, "absent.json"}
    assert "not valid JSON" in reasons["not-json.json"]
    assert "cut short" in reasons["truncated.json"]
    assert "not a Moscow 1921 results file" in reasons["wrong-format.json"]
    assert "newer version" in reasons["newer.json"]
    assert "'role' is missing" in reasons["no-role.json"]
    assert "storm_the_kremlin" in reasons["edited.json"]
    assert "no such file" in reasons["absent.json"]
    # nothing from the bad files is counted
    assert len(report.counted) == len(made)
    assert _report_counts(report) == _expected_counts(made)


@pytest.fixture
def other_version(tmp_path: Path) -> Story:
    """The shipped story as its next version (only the version number raised)."""
    folder = tmp_path / "scenes-v2"
    shutil.copytree(REPO / "scenes", folder)
    story_file = folder / "00-story.yaml"
    text = story_file.read_text(encoding="utf-8")
    raised = re.sub(
        r"^(  version: )(\d+)", lambda m: f"{m.group(1)}{int(m.group(2)) + 1}", text, count=1, flags=re.M
    )
    assert raised != text
    story_file.write_text(raised, encoding="utf-8")
    loaded = load_story(folder)
    assert loaded.story is not None, loaded.problems
    return loaded.story


def test_files_from_another_story_version_are_reported_not_mixed(
    story: Story, other_version: Story, class_folder: tuple[Path, list[Results]], tmp_path: Path
) -> None:
    folder, made = class_folder
    assert story_fingerprint(other_version) != story_fingerprint(story)
    rng = random.Random(99)
    foreign = []
    for number in range(3):
        session = random_session(other_version, rng, SaveStore(tmp_path / "saves2"))
        foreign.append(write_results(results_from_session(session, f"Later {number}"), folder))
    report = build_report(story, [folder])
    assert sorted(f.source for f in report.foreign) == sorted(map(str, foreign))
    assert {(f.title, f.version) for f in report.foreign} == {(other_version.title, other_version.version)}
    assert report.skipped == ()
    assert len(report.counted) == len(made)
    assert _report_counts(report) == _expected_counts(made)
    html = render_html(report)
    assert "From another version of the story (not counted)" in html
    assert all(f.name in html for f in foreign)
    text = render_text(report, 100)
    assert f"story version {other_version.version}" in text
    # ... and the report of the new version counts only the new files
    newer = build_report(other_version, [folder])
    assert len(newer.counted) == 3 and len(newer.foreign) == len(made)


def test_live_class_api_takes_results_and_problems(story: Story, play_throughs: PlayThroughs) -> None:
    made = play_throughs(10, 4)
    problems = [Skipped("student 7", "the browser sent a choice the story does not have")]
    report = build_report_from_results(story, made, problems)
    assert len(report.counted) == 10
    assert report.skipped == tuple(problems)
    assert _report_counts(report) == _expected_counts(made)


# -------------------------------------------------------------- rendering
def _parse_html(html: str) -> ET.Element:
    assert html.startswith("<!DOCTYPE html>\n")
    return ET.fromstring(html.split("\n", 1)[1])  # well-formed: every tag closed, every & escaped


def test_html_is_well_formed_with_one_chart_per_decision(
    story: Story, class_folder: tuple[Path, list[Results]]
) -> None:
    folder, _ = class_folder
    report = build_report(story, [folder])
    root = _parse_html(render_html(report))
    charts = [svg for svg in root.iter(SVG) if svg.get("class") == "decision-chart"]
    assert len(charts) == len(story.decisions)
    assert len([svg for svg in root.iter(SVG) if svg.get("class") == "endings-chart"]) == 1
    for chart, tally in zip(charts, report.decisions, strict=True):
        bars = [r for r in chart.iter("{http://www.w3.org/2000/svg}rect") if "bar" in (r.get("class") or "")]
        assert len(bars) == len(tally.choices)
        widths = [float(r.get("width") or 0) for r in bars]
        counts = [c.count for c in tally.choices]
        if tally.answered:  # bar lengths are proportional to the counts
            longest = max(counts)
            assert widths[counts.index(longest)] == max(widths)
            for width, count in zip(widths, counts, strict=True):
                assert width == pytest.approx(max(widths) * count / longest, abs=0.2)
        historical = [("historical" in (r.get("class") or "")) for r in bars]
        assert historical == [c.historical for c in tally.choices]
    sections = [s for s in root.iter("section") if s.get("class") == "decision"]
    assert len(sections) == len(story.decisions)
    for section, decision in zip(sections, story.decisions.values(), strict=True):
        happened = "".join(next(d for d in section.iter("div") if d.get("class") == "happened").itertext())
        for source in decision.sources:  # what happened, with its quotation, beside the class's choices
            assert source.quote in happened


def test_html_is_self_contained(story: Story, class_folder: tuple[Path, list[Results]]) -> None:
    folder, _ = class_folder
    html = render_html(build_report(story, [folder]))
    assert "<style>" in html
    for outside in ("<script", "<link", "<img", "src=", "@import", "url("):
        assert outside not in html
    assert re.findall(r"https?://[^\"]+", html) == ["http://www.w3.org/2000/svg"] * html.count("<svg ")


STORY_WITH_MARKUP = """\
story: {title: "Tiny <i>& Co</i>", version: 1}
variables:
  hunger: {name: Hunger, default: 1, min: 0, max: 5}
roles:
  - {id: worker, name: "Worker <b>", description: A worker., start: hall}
chapters:
  - {id: one, title: One}
decisions:
  - id: vote
    title: "The <vote> & [[Cheka]]"
    question: "Do you vote <script>alert(1)</script>?"
    happened: "It passed & \\"won\\" <b>."
    sources:
      - {quote: "the resolution was passed", cite: "Pirani <2006>"}
glossary:
  Cheka: The political police.
endings:
  - {id: fed, title: "Fed </section>", epilogue: You eat., history: Many ate.}
scenes:
  - id: hall
    chapter: one
    date: February 1921
    place: A hall
    title: The conference
    decision: vote
    prose: A delegate reads a resolution.
    choices:
      - {id: aye, text: "Vote <aye> & shout", next: fed, historical: true}
      - {id: nay, text: "Vote ]]nay[[", next: fed}
"""


def test_every_text_is_escaped(make_story: StoryMaker, tmp_path: Path) -> None:
    story = make_story(STORY_WITH_MARKUP)
    session = random_session(story, random.Random(1), SaveStore(tmp_path / "saves"))
    results = results_from_session(session, "<img src=x onerror=alert(1)> Anna")
    html = render_html(build_report_from_results(story, [results]))
    root = _parse_html(html)
    text = "".join(root.itertext())
    for raw in ("<script>", "<img", "<aye>", "<vote>", "<b>", "<i>", "<2006>", "Fed </section>"):
        assert raw not in html, raw
    for shown in ("alert(1)", "Worker <b>", "Pirani <2006>", "Fed </section>", "Tiny <i>& Co</i>"):
        assert shown in text, shown
    assert "&lt;img src=x onerror=alert(1)&gt; Anna" in html
    assert "The <vote> & Cheka" in text  # a glossary mark reads as its word
    assert "Vote <aye> & shout" in text
    assert len([s for s in root.iter(SVG) if s.get("class") == "decision-chart"]) == 1


def test_text_report_bars_and_width(story: Story, class_folder: tuple[Path, list[Results]]) -> None:
    folder, _ = class_folder
    report = build_report(story, [folder])
    for width in (60, 100):
        text = render_text(report, width)
        lines = text.splitlines()
        assert max(len(line) for line in lines) <= width
        for tally in report.decisions:
            assert tally.decision.title in text
        bars = [line for line in lines if re.fullmatch(r"\s+[#.]+\s+\d+\s+(\d+|-)%", line)]
        expected_rows = sum(len(t.choices) for t in report.decisions) + len(report.endings)
        assert len(bars) == expected_rows
    # within one decision point, more students means a longer bar
    text = render_text(report, 100)
    tally = max(report.decisions, key=lambda t: t.answered)
    section = text.split(tally.decision.title, 1)[1]
    rows = re.findall(r"^\s+(#*)\.*\s+(\d+)\s+\d+%$", section, flags=re.M)[: len(tally.choices)]
    assert [int(n) for _, n in rows] == [c.count for c in tally.choices]
    for (hashes, _), choice in zip(rows, tally.choices, strict=True):
        assert (len(hashes) > 0) == (choice.count > 0)
    longest = max(tally.choices, key=lambda c: c.count)
    assert len(rows[tally.choices.index(longest)][0]) == max(len(h) for h, _ in rows)


def test_an_empty_report_renders(story: Story) -> None:
    report = build_report_from_results(story, [])
    assert report.counted == ()
    root = _parse_html(render_html(report))
    assert len([s for s in root.iter(SVG) if s.get("class") == "decision-chart"]) == len(story.decisions)
    text = render_text(report, 80)
    assert "0 playthroughs counted" in text


def test_what_happened_keeps_its_paragraphs_and_discussion_questions(story: Story) -> None:
    root = _parse_html(render_html(build_report_from_results(story, [])))
    sections = {s.get("id"): s for s in root.iter("section") if s.get("class") == "decision"}
    checked = 0
    for decision in story.decisions.values():
        happened = next(
            d for d in sections[f"decision-{decision.id}"].iter("div") if d.get("class") == "happened"
        )
        paragraphs = [p for p in happened.findall("p") if p.get("class") is None]
        assert len(paragraphs) == len([c for c in decision.happened.split("\n\n") if c.strip()])
        items = ["".join(li.itertext()) for li in happened.iter("li")]
        assert len(items) == len(decision.discuss)
        checked += len(paragraphs) > 1
    assert checked, "the shipped story has a what-happened of more than one paragraph"


def test_a_game_handed_in_unfinished_then_finished_counts_once(story: Story, tmp_path: Path) -> None:
    rng = random.Random(8)
    store = SaveStore(tmp_path / "saves")
    finished = random_session(story, rng, store)
    path = finished.state.steps
    assert len(finished.state.decisions) >= 3
    # The same game, replayed: left after its second decision point, then after its third.
    cut = [i for i, step in enumerate(path) if step.decision is not None]

    def part(upto: int) -> Session:
        return Session(story, store, engine.replay(story, finished.state.role, path[: cut[upto] + 1]))

    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    first = results_from_session(part(1), "Vera", started=start, now=start + timedelta(minutes=10))
    second = results_from_session(part(2), "vera ", now=start + timedelta(days=2))  # continued: no start
    last = results_from_session(finished, "Vera", now=start + timedelta(days=2, minutes=30))
    again = results_from_session(finished, "Vera", now=start + timedelta(days=2, minutes=31))
    other = results_from_session(part(1), "Ivan", started=start, now=start + timedelta(minutes=10))
    fresh = results_from_session(
        part(1), "Vera", started=start + timedelta(days=5), now=start + timedelta(days=5)
    )
    folder = tmp_path / "class"
    paths = {
        name: write_results(r, folder)
        for name, r in [("first", first), ("second", second), ("last", last), ("again", again)]
    }
    paths["other"] = write_results(other, folder)
    paths["fresh"] = write_results(fresh, folder)
    report = build_report(story, [folder])
    counted = {Path(c.source) for c in report.counted}
    # Vera's game counts once, as its latest file; Ivan's identical path is another student;
    # Vera's game started afresh days later is another game.
    assert counted == {paths["again"], paths["other"], paths["fresh"]}
    reasons = {Path(s.source): s.reason for s in report.skipped}
    assert set(reasons) == {paths["first"], paths["second"], paths["last"]}
    for reason in reasons.values():
        assert f"as {paths['again']}, which goes further" in reason
    assert _report_counts(report) == _expected_counts([again, other, fresh])


def test_folders_are_read_with_their_sub_folders_but_not_hidden_files(
    story: Story, class_folder: tuple[Path, list[Results]]
) -> None:
    folder, made = class_folder
    files = sorted(folder.glob("*.json"))
    for number, file in enumerate(files[:5]):  # as a "download all" gives a folder per student
        student = folder / f"student {number}"
        student.mkdir()
        file.rename(student / file.name)
    hidden = folder / ".trash"
    hidden.mkdir()
    (hidden / "old.json").write_text("not even JSON", encoding="utf-8")
    (folder / ".results-x.tmp").write_text("half a file", encoding="utf-8")
    report = build_report(story, [folder])
    assert len(report.counted) == len(made)
    assert report.skipped == ()
    assert _report_counts(report) == _expected_counts(made)
