"""Synthetic stories of any size, for the engine benchmarks: ``write_story(folder, scenes)``.

The story is written in the documented format (docs/scene-format.md) the way an author
would: ``00-story.yaml`` with the story, variables, roles, chapters, glossary and
timeline, then one file per chapter of :data:`CHAPTER_SCENES` scenes holding its scenes,
decision points and endings.  About :data:`PROSE_WORDS` words of prose per scene, with
glossary marks; every choice has an id; conditions use variables, ``visited()``,
``chose()`` and ``role()``; effects ``add`` and ``set`` (constants and expressions).

The shape keeps the reachable state space a small multiple of the scene count (about
11 states per scene per role), so the explorer's work grows linearly with the story.
Scenes come in *beats* of :data:`BEAT_SCENES` (the last beat takes the remainder)::

    fork ─┬─ A1 ─ A2 ─ A3 ─┬─ merge ─ linear … ─ decision ─┬→ next beat's fork
          └─ B1 ─ B2 ─ B3 ─┘                               └→ next beat's B1
    (A2 and B2 may skip to the merge; some linear scenes may skip one)

* Numbers have small ranges and diverge only within a beat: both choices at a beat's
  decision point ``set`` every variable to the same values (one goes to the next
  fork, the other straight to its queue), so each beat starts from a handful of states.
* What the explorer must remember for good (visit counts and decisions that some
  condition reads) is one decision of the first beat, and the scene where it is taken
  (on every path), which later conditions call back to however long the story is.
* The second role starts inside the first beat; ``role()`` gates some choices, and
  every scene keeps one unconditional choice, so there are no dead ends.
* Each chapter but the last has an early ending, reached from its last decision point
  when hunger is high; the story's last decision point leads to three final endings.

The layout of the beats is bench/synthetic_layout.py, the prose and its passages
bench/synthetic_text.py; this module writes the story's files.

The result loads with no problems and explores with no defects
(``tests/test_bench_synthetic.py`` keeps it so).
"""

from __future__ import annotations

from pathlib import Path

from bench.synthetic_layout import BEAT_SCENES, CHAPTER_SCENES, MIN_SCENES, Layout
from bench.synthetic_text import CITE, GLOSSARY, PROSE_WORDS, QUOTE

__all__ = ["BEAT_SCENES", "CHAPTER_SCENES", "MIN_SCENES", "PROSE_WORDS", "write_story"]

_HEADER = """\
# A synthetic story written by bench/synthetic.py for the engine benchmarks.
story:
  title: Moscow 1921 (synthetic, {scenes} scenes)
  version: 1
  about: |
    A story generated for benchmarks: {scenes} scenes in {chapters} chapters.
    Every "what happened" panel quotes Simon Pirani's 2006 talk.

variables:
  hunger:
    name: Hunger
    default: 2
    min: 0
    max: 4
    words: {{0: fed, 2: hungry, 4: starving}}
  solidarity: {{name: Solidarity, default: 2, min: 0, max: 4}}
  ration: {{name: Ration cards, default: 2, min: 0, max: 3}}
  trust: {{name: Trust, default: 1, min: 0, max: 3, hidden: true}}
  leaflets: {{name: Carrying leaflets, default: false}}

roles:
  - id: metalworker
    name: Metalworker
    description: A turner at a Moscow metal works, feeding a family on rations.
    start: {start_a}
  - id: organiser
    name: Union organiser
    description: A union organiser sent to the works to win the shop floor.
    start: {start_b}

"""


class _Story(Layout):
    """A :class:`Layout` that writes its files: the story file, then one file per chapter."""

    def decision(self, b: int) -> str:
        return (
            f"  - id: {self.decision_id(b)}\n"
            f"    title: Vote number {b + 1}\n"
            f"    question: Should the shop back resolution number {b + 1}?\n"
            "    happened: |\n"
            "      The resolution passed, and within days the party took up the same theme\n"
            "      in its own [[NEP|new policy]].\n"
            "    sources:\n"
            f'      - quote: "{QUOTE}"\n'
            f"        cite: {CITE}\n"
            + (
                "    argument:\n"
                "      by: Simon Pirani\n"
                "      text: The talk gives only the order of events, not that one caused the other.\n"
                if b % 3 == 0
                else ""
            )
            + "\n"
        )

    @staticmethod
    def ending(ident: str, title: str, epilogue: str, sources: bool = False) -> str:
        out = (
            f"  - id: {ident}\n"
            f"    title: {title}\n"
            "    epilogue: |\n"
            f"      {epilogue}\n"
            "    history: |\n"
            "      Real wages climbed back slowly through the [[NEP]] years.\n"
        )
        if sources:
            out += f'    sources:\n      - quote: "back to the 1913 level in 1925"\n        cite: {CITE}\n'
        return out + "\n"

    # ------------------------------------------------------------------ files
    def header(self) -> str:
        text = _HEADER.format(
            scenes=self.n, chapters=self.chapters, start_a=self.scene_id(0), start_b=self.scene_id(7)
        )
        text += "chapters:\n" + "".join(
            f"  - id: {self.chapter_id(ch)}\n    title: Part {ch + 1}\n" for ch in range(self.chapters)
        )
        text += "\nglossary:\n"
        for term, definition, also in GLOSSARY:
            if also:
                text += f"  {term}:\n    definition: {definition}\n    also: [{', '.join(also)}]\n"
            else:
                text += f"  {term}: {definition}\n"
        text += "\ntimeline:\n"
        for ch in range(self.chapters):
            text += (
                f"  - date: {self.date(ch * CHAPTER_SCENES)}\n"
                f"    text: Part {ch + 1} begins.\n"
                f"    scene: {self.scene_id(ch * CHAPTER_SCENES)}\n"
            )
        for b in range(0, len(self.starts) - 1, 5):
            text += (
                f"  - date: {self.date(self.starts[b + 1] - 1)}\n"
                f"    text: Vote number {b + 1} is held.\n"
                f"    decision: {self.decision_id(b)}\n"
                f'    quote: "{QUOTE}"\n'
                f"    cite: {CITE}\n"
            )
        return text

    def write(self, folder: Path) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths = [folder / "00-story.yaml"]
        paths[0].write_text(self.header(), encoding="utf-8")
        scenes: dict[int, list[tuple[int, str]]] = {ch: [] for ch in range(self.chapters)}
        decisions: dict[int, list[str]] = {ch: [] for ch in range(self.chapters)}
        for b in range(len(self.starts) - 1):
            for index, text in self.beat(b):
                scenes[self.chapter_of(index)].append((index, text))
            decisions[self.chapter_of(self.starts[b + 1] - 1)].append(self.decision(b))
        for ch in range(self.chapters):
            endings: list[str] = []
            last_chapter = ch == self.chapters - 1
            if not last_chapter:
                endings.append(
                    self.ending(
                        self.early_ending_id(ch),
                        f"Gone before part {ch + 2}",
                        "You take the first train south and do not look back.",
                    )
                )
            else:
                endings += [
                    self.ending(
                        "end_spring", "You lived through it", "Spring came, and the trains with it.", True
                    ),
                    self.ending("end_kronstadt", "Against the tide", "You said what you thought, and paid."),
                    self.ending(
                        "end_village", "Back to the village", "The village is hungry too, but quiet."
                    ),
                ]
            ordered = [text for _, text in sorted(scenes[ch])]
            body = "scenes:\n" + "".join(ordered)
            if decisions[ch]:
                body += "decisions:\n" + "".join(decisions[ch])
            body += "endings:\n" + "".join(endings)
            path = folder / f"{ch + 1:0{self.width}d}-{self.chapter_id(ch)}.yaml"
            path.write_text(body, encoding="utf-8")
            paths.append(path)
        return paths


def write_story(folder: Path, scenes: int, seed: int = 0) -> list[Path]:
    """Write a valid synthetic story of ``scenes`` scenes (at least :data:`MIN_SCENES`) into ``folder``.

    ``seed`` varies only the prose; the structure depends on ``scenes`` alone.
    Returns the files written, the story file first.
    """
    return _Story(scenes, seed).write(folder)
