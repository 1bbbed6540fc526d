"""The teacher's quick start, as Markdown: two printed pages at the front of the guide (and
a file of its own) that say what the game is, what it shows (the content note and the age
it suits), how to set it up, a 45-minute lesson that plays one episode, and what to watch
for in class.  Generated from the story like every handout: the game's own description,
its roles, its episodes and their reading times."""

from __future__ import annotations

from game.classroom.episodes import CLASS_WORDS_PER_MINUTE, PRESETS, EpisodeError, chapter_reading
from game.classroom.handouts_facts import DecisionPoint, main_reference
from game.classroom.handouts_markdown import Document, text
from game.classroom.handouts_plans import WORKSHEET_FILE, Plan, plan_markdown
from game.engine.model import Story
from game.engine.stats import WORDS_PER_MINUTE


def role_minutes(story: Story, role: str) -> tuple[int, int] | None:
    """The fewest and most words a whole playthrough of ``role`` reads, over the presets."""
    try:
        totals = [sum(r.words for r in chapter_reading(story, role, preset)) for preset in PRESETS]
    except EpisodeError:
        return None
    return min(totals), max(totals)


def _span(low: float, high: float) -> str:
    low_r, high_r = round(low), round(high)
    return f"{low_r}" if low_r == high_r else f"{low_r}-{high_r}"


def quick_start(story: Story, points: list[DecisionPoint], plan: Plan) -> Document:
    doc = Document()
    doc.heading(1, f"{text(story.title)}: quick start for teachers")
    doc.extend(_what(story, points))
    if story.content_note:
        doc.heading(2, "Content and age")
        doc.prose(story.content_note)
    doc.extend(_setup(story))
    doc.extend(plan_markdown(plan, heading=2))
    doc.extend(_watch(story))
    return doc


def _what(story: Story, points: list[DecisionPoint]) -> Document:
    doc = Document()
    doc.heading(2, "What the game is")
    if story.about:
        doc.prose(story.about)
    roles = []
    for role in story.roles.values():
        reading = role_minutes(story, role.id)
        if reading is None:
            roles.append(f"**{text(role.name)}**")
            continue
        low, high = reading
        roles.append(
            f"**{text(role.name)}**: a whole game reads in about "
            f"{_span(low / WORDS_PER_MINUTE, high / WORDS_PER_MINUTE)} minutes "
            f"({_span(low / CLASS_WORDS_PER_MINUTE, high / CLASS_WORDS_PER_MINUTE)} for 14-16-year-olds)"
        )
    count = f"{len(points)} decision point{'s' * (len(points) != 1)}"
    doc.para(f"Roles: {'; '.join(roles)}. In all, {count}; a lesson plays one episode of a role (below).")
    return doc


def _setup(story: Story) -> Document:
    doc = Document()
    doc.heading(2, "Set-up")
    doc.numbered(
        [
            "On each computer (one between two students works well), in the game's folder: `make play` "
            "builds the game (about a minute, once) and starts it. Then `. .venv/bin/activate` in a new "
            "terminal puts `moscow1921` on the path.",
            "Print the kit: `moscow1921 handouts --out handouts`, then print "
            f"`handouts/{WORKSHEET_FILE}` (one page or two per episode) and, for an assembly, "
            "the role cards.",
            "A student starts the lesson's episode with the command in the plan below, or from the title "
            "screen (*Start at a chapter*). The game saves after every choice.",
            'Or a live class in the browser: `moscow1921 serve --class "9A" --host 0.0.0.0`; students open '
            'this computer\'s address, and `moscow1921 class "9A"` shows who is where.',
        ]
    )
    return doc


def _watch(story: Story) -> Document:
    doc = Document()
    doc.heading(2, "What to watch for")
    items = []
    if story.content_note:
        items.append("The content note above: the scenes it names come without warning in play.")
    if any(role.composite for role in story.roles.values()):
        items.append(
            "The characters are invented composites; the decision points and the what-happened "
            "panels are history. Ask students which is which."
        )
    reference = main_reference(story)
    if reference:
        items.append(
            f"Every quotation comes from one source ({text(reference)}): one historian's account "
            "and argument. The panels say when something is an interpretation, and whose."
        )
    items.append(
        "“Historical” marks what most people in that position did, not the right answer; the end "
        "screen sets a student's choices beside history's to think about, not as a score."
    )
    items.append(
        "Slow readers fall behind at the long scenes: pair them with a reader, or let them read "
        "the what-happened panels' short account and go on."
    )
    doc.bullets(items)
    return doc
