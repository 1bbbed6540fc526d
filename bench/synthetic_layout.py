"""The layout of a synthetic story (bench/synthetic.py): ids, beats, scenes and choices.

:class:`Layout` names every scene, chapter, decision point and early ending of a story
of a given size and writes each beat's scenes as YAML text (the shape is drawn in
bench/synthetic.py's docstring); their prose comes from bench/synthetic_text.py.
"""

from __future__ import annotations

import random

from bench.synthetic_text import MONTHS, PLACES, prose

__all__ = ["BEAT_SCENES", "CALLBACK_DECISION_CHOICE", "CHAPTER_SCENES", "MIN_SCENES", "ROLES", "Layout"]

CHAPTER_SCENES = 50
"""Scenes per chapter, and so per file (the last chapter takes the remainder)."""

BEAT_SCENES = 10
"""Scenes per beat: a fork, two tracks of three, a merge and linear scenes, a decision."""

MIN_SCENES = BEAT_SCENES
"""The smallest story a :class:`Layout` describes."""

ROLES = ("metalworker", "organiser")
CALLBACK_DECISION_CHOICE = "comply"


class Layout:
    """Ids and layout of a story of ``scenes`` scenes: each beat's scenes as YAML text."""

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
        # What the passages in the prose test (two of them call back to the first beat).
        self.conditions = (
            "hunger >= 3",
            "solidarity > 2",
            "leaflets",
            "not leaflets and hunger < 2",
            f"visited({self.callback_scene}) > 0",
            f"chose({self.callback_decision}, {CALLBACK_DECISION_CHOICE})",
            "role(organiser)",
        )

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

    def date(self, index: int) -> str:
        month = index * 12 // self.n
        return f"{MONTHS[month]} 1921"

    # ------------------------------------------------------------------ scenes
    def scene(self, index: int, title: str, choices: list[str], decision: str | None = None) -> str:
        chapter = self.chapter_id(self.chapter_of(index))
        head = (
            f"  - id: {self.scene_id(index)}\n"
            f"    chapter: {chapter}\n"
            f"    date: {self.date(index)}\n"
            f"    place: {PLACES[index % len(PLACES)]}\n"
            f"    title: {title} {index + 1}\n"
        )
        if decision is not None:
            head += f"    decision: {decision}\n"
        return (
            head
            + "    prose: |\n"
            + prose(self.rng, index, self.conditions)
            + "    choices:\n"
            + "".join(choices)
            + "\n"
        )

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
