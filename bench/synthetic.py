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

The result loads with no problems and explores with no defects
(``tests/test_bench_synthetic.py`` keeps it so).
"""

from __future__ import annotations

import random
from pathlib import Path

__all__ = ["BEAT_SCENES", "CHAPTER_SCENES", "MIN_SCENES", "PROSE_WORDS", "write_story"]

CHAPTER_SCENES = 50
"""Scenes per chapter, and so per file (the last chapter takes the remainder)."""

BEAT_SCENES = 10
"""Scenes per beat: a fork, two tracks of three, a merge and linear scenes, a decision."""

MIN_SCENES = BEAT_SCENES
"""The smallest story :func:`write_story` writes."""

PROSE_WORDS = 120
"""About this many words of prose per scene."""

ROLES = ("metalworker", "organiser")
CALLBACK_DECISION_CHOICE = "comply"

_SENTENCES = (
    "The trains from the south have not come, and the bread ration is cut again this week.",
    "Frost has split the water pipe in the yard, so the women carry buckets from the pump.",
    "At the factory gate a notice announces that the shift is shortened for want of fuel.",
    "Somebody has pasted a resolution of the metalworkers over last month's decree.",
    "The stove in the corner is fed with floorboards from the empty flat upstairs.",
    "A delegate from the district committee reads figures nobody in the room believes.",
    "Men trade nails and cigarette lighters made at the bench for a few pounds of flour.",
    "The tram stands frozen on the boulevard where it stopped in December.",
    "Rumours run down the queue faster than the queue moves toward the counter.",
    "A boy sells newspapers that are a week old, and people buy them for the paper.",
    "In the canteen the soup is thin, but it is hot, and that is something.",
    "The foreman keeps his voice low when he talks about the sailors at Kronstadt.",
    "Snow has drifted against the doors of the closed bakery on the corner.",
    "A meeting is called for the evening, and nobody is quite sure who called it.",
    "Workers who went to the villages for grain come back with less than they took.",
    "An old comrade says the revolution was made for bread and is now short of it.",
    "The red banner over the works entrance has faded to the colour of brick.",
    "At the station, soldiers check papers and take whatever they like from bundles.",
    "A letter from the countryside says the requisition squads took the seed grain.",
    "The hall smells of wet felt boots, tobacco and the paraffin of the lamps.",
    "Someone at the back shouts a question, and the chairman pretends not to hear.",
    "Children pull a sledge of firewood through the slush toward the courtyard.",
    "The ration card is soft with handling, its stamps smudged by many thumbs.",
    "In the evening the electricity comes on for an hour, then goes out again.",
    "Rumour says the trade unions will be independent, and rumour says they will not.",
    "The speaker promises that the spring will bring grain, fuel and order.",
    "A neighbour's daughter has found work in a Soviet office and brings home sugar.",
    "The committee minutes are written in pencil on the back of old tsarist forms.",
    "A cart loaded with potatoes draws a crowd before it reaches the market.",
    "The night shift walks home in silence along the frozen embankment.",
)
_MARKS = (
    "A man in the queue lowers his voice whenever the [[Cheka]] is mentioned.",
    "People argue about whether the [[NEP|new policy]] will bring bread to the city.",
    "The peasants, they say, would sell grain gladly for a fair [[tax in kind]].",
    "Leaflets of the [[Workers' Opposition]] pass from hand to hand at the bench.",
    "The district [[sovnarkhoz]] has promised coal, again, by the end of the month.",
    "On Saturday there is a [[subbotnik]], and everyone is expected to turn out.",
)
_GLOSSARY = (
    ("Cheka", "The Soviet state's political police.", ()),
    ("NEP", "The New Economic Policy, adopted in March 1921.", ("New Economic Policy",)),
    ("tax in kind", "A set share of the harvest handed over, instead of requisitioning.", ()),
    ("Workers' Opposition", "A group inside the Bolshevik party that wanted the unions to run industry.", ()),
    ("sovnarkhoz", "A regional council of the national economy.", ()),
    ("subbotnik", "A day of unpaid work on a Saturday, for the common good.", ()),
)
_PLACES = (
    "A ration queue, Zamoskvorechye",
    "The Bromley metal works",
    "A communal flat, Presnya",
    "The Moscow soviet",
    "A workers' canteen",
    "The Kursk station",
    "A union meeting hall",
    "The Sukharevka market",
)
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_QUOTE = (
    "Nevertheless, the resolution was passed – and within days, "
    "the same theme was taken up by the Bolshevik party itself."
)
_CITE = "Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006"

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


class _Story:
    """Ids and layout of a story of ``scenes`` scenes; writes its files."""

    def __init__(self, scenes: int, seed: int) -> None:
        if scenes < MIN_SCENES:
            raise ValueError(f"a synthetic story needs at least {MIN_SCENES} scenes, not {scenes}")
        self.n = scenes
        self.rng = random.Random(seed)
        self.chapters = -(-scenes // CHAPTER_SCENES)
        self.width = max(3, len(str(self.chapters)))
        beats = scenes // BEAT_SCENES
        # Beat b covers scenes [starts[b], starts[b + 1]); the last one takes the remainder.
        self.starts = [b * BEAT_SCENES for b in range(beats)] + [scenes]
        # Read by conditions in every later beat: the first decision (remembered for good,
        # doubling the states from there on) and the scene where it is taken (on every path).
        self.callback_scene = self.scene_id(self.starts[1] - 1)
        self.callback_decision = self.decision_id(0)

    # ------------------------------------------------------------------ ids
    def chapter_of(self, index: int) -> int:
        return index // CHAPTER_SCENES

    def chapter_id(self, chapter: int) -> str:
        return f"c{chapter + 1:0{self.width}d}"

    def scene_id(self, index: int) -> str:
        return f"{self.chapter_id(self.chapter_of(index))}_{index % CHAPTER_SCENES:02d}"

    def decision_id(self, beat: int) -> str:
        return f"dp_{beat + 1:04d}"

    def early_ending_id(self, chapter: int) -> str:
        return f"end_{self.chapter_id(chapter)}_left"

    # ------------------------------------------------------------------ text
    def prose(self, index: int) -> str:
        rng = self.rng
        sentences: list[str] = []
        words = 0
        while words < PROSE_WORDS:
            sentence = rng.choice(_SENTENCES)
            sentences.append(sentence)
            words += sentence.count(" ") + 1
        sentences[rng.randrange(len(sentences))] = _MARKS[index % len(_MARKS)]
        lines, line = [], ""
        for sentence in sentences:
            if line and len(line) + len(sentence) > 80:
                lines.append(line)
                line = sentence
            else:
                line = f"{line} {sentence}" if line else sentence
        lines.append(line)
        lines += self.passages()
        return "".join(f"      {text}\n" for text in lines)

    def passages(self) -> list[str]:
        """About half the scenes end with one to three passages that follow the state."""
        rng = self.rng
        if rng.random() < 0.5:
            return []
        conditions = (
            "hunger >= 3",
            "solidarity > 2",
            "leaflets",
            "not leaflets and hunger < 2",
            f"visited({self.callback_scene}) > 0",
            f"chose({self.callback_decision}, {CALLBACK_DECISION_CHOICE})",
            "role(organiser)",
        )
        out: list[str] = []
        for _ in range(rng.randint(1, 3)):
            first, second = rng.sample(conditions, 2)
            kind = rng.randrange(3)
            if kind == 0:
                out.append(f"{{if {first}: The room falls quiet as you come in.}} You feel {{hunger}} today.")
            elif kind == 1:
                out.append(
                    f"{{if {first}: Someone nods to you. | elif {second}: Someone looks away. "
                    "| else: Nobody looks up.}"
                )
            else:
                out += [
                    "",
                    f"{{if {first}}}",
                    "A neighbour remembers what you did.",
                    "{else}",
                    "The neighbours talk of other things.",
                    "{end}",
                ]
        return out

    def date(self, index: int) -> str:
        month = index * 12 // self.n
        return f"{_MONTHS[month]} 1921"

    # ------------------------------------------------------------------ scenes
    def scene(self, index: int, title: str, choices: list[str], decision: str | None = None) -> str:
        chapter = self.chapter_id(self.chapter_of(index))
        head = (
            f"  - id: {self.scene_id(index)}\n"
            f"    chapter: {chapter}\n"
            f"    date: {self.date(index)}\n"
            f"    place: {_PLACES[index % len(_PLACES)]}\n"
            f"    title: {title} {index + 1}\n"
        )
        if decision is not None:
            head += f"    decision: {decision}\n"
        return head + "    prose: |\n" + self.prose(index) + "    choices:\n" + "".join(choices) + "\n"

    @staticmethod
    def choice(
        ident: str,
        text: str,
        nxt: str,
        *,
        cond: str | None = None,
        unavailable: str | None = None,
        add: str | None = None,
        set_: str | None = None,
        historical: bool = False,
    ) -> str:
        out = f"      - id: {ident}\n        text: {text}\n"
        if cond is not None:
            out += f'        if: "{cond}"\n'
            if unavailable is not None:
                out += f"        unavailable: {unavailable}\n"
        if add is not None:
            out += f"        add: {{{add}}}\n"
        if set_ is not None:
            out += f"        set: {{{set_}}}\n"
        if historical:
            out += "        historical: true\n"
        return out + f"        next: {nxt}\n"

    def beat(self, b: int) -> list[tuple[int, str]]:
        """The scenes of beat ``b`` as (index, YAML text)."""
        first, end = self.starts[b], self.starts[b + 1]
        sid, c, scene = self.scene_id, self.choice, self.scene
        fork, a1, b1, merge, last = first, first + 1, first + 4, first + 7, end - 1
        final = b == len(self.starts) - 2

        fork_choices = [
            c("listen", "Stay and listen to the speakers.", sid(a1), add="solidarity: 1"),
            c("queue", "Join the queue for bread.", sid(b1), add="hunger: 1"),
        ]
        if b % 4 == 1:
            fork_choices.append(
                c(
                    "organise",
                    "Call the shop together yourself.",
                    sid(a1),
                    cond="role(organiser)",
                    unavailable="Only the organiser can call the shop together.",
                    set_="leaflets: true",
                    add="trust: 1",
                )
            )
        out = [
            (fork, scene(fork, "A choice of mornings", fork_choices)),
            # Track A: the meeting.
            (
                a1,
                scene(
                    a1,
                    "The meeting",
                    [
                        c("go_on", "Listen to the end.", sid(a1 + 1)),
                        c("share", "Share your bread with a delegate.", sid(a1 + 1), add="ration: -1"),
                    ],
                ),
            ),
            (
                a1 + 1,
                scene(
                    a1 + 1,
                    "The resolution",
                    [
                        c("go_on", "Stay for the vote.", sid(a1 + 2)),
                        c("slip_away", "Slip away before the vote.", sid(merge)),
                    ],
                ),
            ),
            (
                a1 + 2,
                scene(
                    a1 + 2,
                    "After the meeting",
                    [
                        c("go_on", "Go back to the works.", sid(merge)),
                        c(
                            "hand_out",
                            "Hand out leaflets at the gate.",
                            sid(merge),
                            cond="leaflets and trust >= 2",
                            unavailable="You have nothing to hand out, or nobody trusts you yet.",
                            add="solidarity: 1",
                        )
                        if b % 4 == 1  # a beat where the organiser can get leaflets
                        else c(
                            "argue",
                            "Argue with the speaker on the way out.",
                            sid(merge),
                            cond="solidarity >= 3",
                            unavailable="You do not feel sure enough to argue.",
                            set_="trust: 2",
                        ),
                    ],
                ),
            ),
            # Track B: the queue.
            (
                b1,
                scene(
                    b1,
                    "The queue",
                    [
                        c("go_on", "Wait your turn.", sid(b1 + 1)),
                        c(
                            "barter",
                            "Trade a ration card for flour.",
                            sid(b1 + 1),
                            cond="ration > 0",
                            unavailable="You have no card left to trade.",
                            add="ration: -1, hunger: -1",
                        ),
                    ],
                ),
            ),
            (
                b1 + 1,
                scene(
                    b1 + 1,
                    "The counter",
                    [
                        c("go_on", "Take what is given.", sid(b1 + 2)),
                        c("give_up", "Give up and go straight to the works.", sid(merge)),
                    ],
                ),
            ),
            (
                b1 + 2,
                scene(
                    b1 + 2,
                    "Home with bread",
                    [
                        c("go_on", "Go to the works.", sid(merge)),
                        c(
                            "feed",
                            "Feed the neighbour's children first.",
                            sid(merge),
                            cond="hunger <= 2 or role(metalworker)",
                            add="hunger: 1",
                        ),
                    ],
                ),
            ),
        ]
        # The merge and the linear scenes, up to the decision.
        for i in range(merge, last):
            after = i + 1
            variant = (b + i) % 4
            choices = [c("go_on", "Get on with the day.", sid(after))]
            if i == merge and b > 0:
                choices.append(
                    c(
                        "remember",
                        "Remind the shop how you voted in the first days.",
                        sid(after),
                        cond=(
                            f"visited({self.callback_scene}) > 0 and "
                            f"chose({self.callback_decision}, {CALLBACK_DECISION_CHOICE})"
                        ),
                        unavailable="You were not on the side that won.",
                        set_="trust: 2",
                    )
                )
            elif variant == 0:
                choices.append(
                    c(
                        "help",
                        "Help a comrade who has fallen behind.",
                        sid(after),
                        cond="solidarity >= 2",
                        unavailable="You have no strength to spare for others.",
                        set_="trust: 3",
                    )
                )
            elif variant == 1 and i + 2 < last:
                choices.append(c("hurry", "Hurry past without stopping.", sid(i + 2)))
            elif variant == 2:
                choices.append(
                    c(
                        "eat",
                        "Eat the bread you were saving.",
                        sid(after),
                        cond="ration > 0 and hunger >= 2",
                        unavailable="There is nothing to eat, or you can still wait.",
                        set_="hunger: hunger / 2, ration: 0",
                    )
                )
            else:
                choices.append(c("talk", "Talk with the others at the bench.", sid(after), set_="trust: 2"))
            out.append((i, scene(i, "At the works", choices)))

        # The decision point: whatever the vote, the next beat starts from the same numbers
        # (only the first vote is remembered for good), so the state space stays linear.
        reset = "hunger: 2, solidarity: 2, ration: 2, trust: 1, leaflets: false"
        if final:
            comply, resist = "end_spring", "end_kronstadt"
        else:
            comply, resist = sid(end), sid(end + 4)  # the next fork, or straight to its queue
        choices = [
            c("comply", "Vote with the majority.", comply, set_=reset, historical=True),
            c("resist", "Vote against, and say why.", resist, set_=reset),
        ]
        chapter = self.chapter_of(last)
        if final:
            choices.append(
                c(
                    "leave",
                    "Leave Moscow for the village.",
                    "end_village",
                    cond="hunger >= 3 or not leaflets",
                    unavailable="You cannot leave now.",
                )
            )
        elif self.chapter_of(end) != chapter:  # the last decision of a chapter
            choices.append(
                c(
                    "leave",
                    "Give up and leave Moscow.",
                    self.early_ending_id(chapter),
                    cond="hunger >= 3",
                    unavailable="You are not yet hungry enough to give up.",
                )
            )
        out.append((last, scene(last, "The vote", choices, self.decision_id(b))))
        return out

    def decision(self, b: int) -> str:
        return (
            f"  - id: {self.decision_id(b)}\n"
            f"    title: Vote number {b + 1}\n"
            f"    question: Should the shop back resolution number {b + 1}?\n"
            "    happened: |\n"
            "      The resolution passed, and within days the party took up the same theme\n"
            "      in its own [[NEP|new policy]].\n"
            "    sources:\n"
            f'      - quote: "{_QUOTE}"\n'
            f"        cite: {_CITE}\n"
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
            out += f'    sources:\n      - quote: "back to the 1913 level in 1925"\n        cite: {_CITE}\n'
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
        for term, definition, also in _GLOSSARY:
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
                f'    quote: "{_QUOTE}"\n'
                f"    cite: {_CITE}\n"
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
