"""Assembly mode without the screen: the cases heard, the class's votes, history's outcome, scaling.

A class re-enacts an assembly of the story (``moscow1921 assembly soviet``): it hears each
faction's case, votes on each resolution, and then sees what really happened.  Everything
here is plain Python, so it is tested without Textual; the screens in ``game/ui`` only show
what these functions return and pass back what the teacher typed.

The class votes in one of two ways (:class:`VoteMode`): the teacher types the counts for,
against and abstaining (:func:`tally_from_text` checks them), or each faction whose case was
heard votes in turn from the hot seat (:class:`HotSeat`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from game.engine.model import Assembly, Composition, Decision, Faction, Resolution, Story

MAX_COUNT = 999
"""The most votes a teacher can enter in one box: more than any class, fewer than a typo makes."""


class VoteMode(enum.Enum):
    COUNTS = "counts"  # the teacher types how many voted for, against and abstained
    HOT_SEAT = "hot_seat"  # each faction present votes in turn


class Choice(enum.Enum):
    """One voice's vote in the hot seat."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"
    ABSENT = "absent"  # the faction is not in the room: its vote is not counted


CHOICE_WORDS = {
    Choice.FOR: "For",
    Choice.AGAINST: "Against",
    Choice.ABSTAIN: "Abstains",
    Choice.ABSENT: "Not present",
}
"""A hot-seat vote as the class reads it."""


class Outcome(enum.Enum):
    """What the class's vote did to a resolution."""

    CARRIED = "carried"
    DEFEATED = "defeated"
    TIED = "tied"  # as many for as against: the resolution is not carried
    NO_VOTES = "no votes"  # nobody voted for or against

    @property
    def passed(self) -> bool:
        return self is Outcome.CARRIED


class Agreement(enum.Enum):
    """The class's result against history's."""

    SAME = "same"
    DIFFERENT = "different"
    UNKNOWN = "unknown"  # the talk does not say whether the resolution passed


# ---------------------------------------------------------------------------- the cases heard


@dataclass(frozen=True, slots=True)
class HeardCase:
    """A faction's case as the class hears it: who speaks, who they are, what they argue."""

    faction_id: str
    name: str
    who: str
    text: str


def decision_of(story: Story, assembly: Assembly) -> Decision:
    """The decision point the assembly re-enacts (the loader checks that it exists)."""
    return story.decisions[assembly.decision]


def _faction(story: Story, faction_id: str) -> Faction:
    """The faction by id; an id the story does not declare still gets a readable name."""
    found = story.factions.get(faction_id)
    if found is not None:
        return found
    return Faction(faction_id, faction_id.replace("_", " ").capitalize(), "", "", "")


def heard_cases(story: Story, assembly: Assembly) -> list[HeardCase]:
    """Each faction's case at the assembly, in the order heard."""
    heard = []
    for case in decision_of(story, assembly).cases:
        faction = _faction(story, case.by)
        heard.append(HeardCase(faction.id, faction.name, faction.who, case.text))
    return heard


def voices(story: Story, assembly: Assembly) -> list[Faction]:
    """The factions that vote from the hot seat: each one whose case was heard, once, in order."""
    seen: dict[str, Faction] = {}
    for case in decision_of(story, assembly).cases:
        seen.setdefault(case.by, _faction(story, case.by))
    return list(seen.values())


# ---------------------------------------------------------------------------- counted votes


class VoteError(ValueError):
    """What is wrong with the counts the teacher typed, in words to show them."""


@dataclass(frozen=True, slots=True)
class Tally:
    """The class's vote on one resolution."""

    votes_for: int
    against: int
    abstain: int

    def __post_init__(self) -> None:
        for count in (self.votes_for, self.against, self.abstain):
            if count < 0:
                raise ValueError(f"a tally cannot hold a negative count: {self}")

    @property
    def total(self) -> int:
        """Every vote cast, abstentions included: the students who took part."""
        return self.votes_for + self.against + self.abstain

    @property
    def outcome(self) -> Outcome:
        if self.votes_for == 0 and self.against == 0:
            return Outcome.NO_VOTES
        if self.votes_for > self.against:
            return Outcome.CARRIED
        if self.votes_for < self.against:
            return Outcome.DEFEATED
        return Outcome.TIED

    def describe(self) -> str:
        """``Carried: 17 for, 9 against, 2 abstained.``"""
        counts = f"{self.votes_for} for, {self.against} against, {self.abstain} abstained"
        headline = {
            Outcome.CARRIED: "Carried",
            Outcome.DEFEATED: "Defeated",
            Outcome.TIED: "Tied, so not carried",
            Outcome.NO_VOTES: "No votes for or against",
        }[self.outcome]
        return f"{headline}: {counts}."


COUNT_LABELS = ("For", "Against", "Abstain")


def parse_count(text: str, label: str) -> int:
    """A count the teacher typed: a whole number from 0 to :data:`MAX_COUNT`; an empty box is 0.

    Raises :class:`VoteError` saying which box is wrong and what to type instead.
    """
    cleaned = text.strip()
    if not cleaned:
        return 0
    if not cleaned.isdigit() or not cleaned.isascii():
        raise VoteError(f"{label}: '{cleaned}' is not a whole number; type a number from 0 to {MAX_COUNT}.")
    value = int(cleaned)
    if value > MAX_COUNT:
        raise VoteError(f"{label}: {value} is more than {MAX_COUNT}; type the number of students who voted.")
    return value


def tally_from_text(for_text: str, against_text: str, abstain_text: str) -> Tally:
    """The tally from the three boxes; :class:`VoteError` lists every box that is wrong."""
    counts: list[int] = []
    errors: list[str] = []
    for text, label in zip((for_text, against_text, abstain_text), COUNT_LABELS, strict=True):
        try:
            counts.append(parse_count(text, label))
        except VoteError as err:
            errors.append(str(err))
    if errors:
        raise VoteError(" ".join(errors))
    tally = Tally(*counts)
    if tally.total == 0:
        raise VoteError("No votes entered: type how many voted for, against and abstained.")
    return tally


# ---------------------------------------------------------------------------- the hot seat


@dataclass(frozen=True, slots=True)
class Cast:
    """One faction's vote from the hot seat."""

    faction: Faction
    choice: Choice


@dataclass
class HotSeat:
    """Each faction votes in turn on one resolution; :meth:`undo` takes back the last vote."""

    factions: tuple[Faction, ...]
    cast: list[Cast] = field(default_factory=list)

    @property
    def done(self) -> bool:
        return len(self.cast) == len(self.factions)

    @property
    def current(self) -> Faction | None:
        """The faction whose turn it is, or None once all have voted."""
        return None if self.done else self.factions[len(self.cast)]

    def vote(self, choice: Choice) -> None:
        current = self.current
        if current is None:
            raise ValueError("every faction has voted")
        self.cast.append(Cast(current, choice))

    def undo(self) -> bool:
        """Take back the last vote; False if there was none."""
        if not self.cast:
            return False
        self.cast.pop()
        return True

    def tally(self) -> Tally:
        """The votes cast so far (factions not present are not counted)."""
        choices = [c.choice for c in self.cast]
        return Tally(choices.count(Choice.FOR), choices.count(Choice.AGAINST), choices.count(Choice.ABSTAIN))


# ---------------------------------------------------------------------------- history's outcome


def history_says(resolution: Resolution) -> str:
    """What became of the resolution: ``Passed``, ``Failed`` or that the talk does not say."""
    if resolution.passed is None:
        return "The talk does not say"
    return "Passed" if resolution.passed else "Failed"


def agreement(resolution: Resolution, tally: Tally) -> Agreement:
    if resolution.passed is None:
        return Agreement.UNKNOWN
    return Agreement.SAME if tally.outcome.passed == resolution.passed else Agreement.DIFFERENT


def agreement_text(resolution: Resolution, tally: Tally) -> str:
    """One line comparing the class with history, for the reveal."""
    return {
        Agreement.SAME: "Your class decided as the real assembly did.",
        Agreement.DIFFERENT: "Your class decided differently from the real assembly.",
        Agreement.UNKNOWN: "The talk does not say how the real vote went, so there is nothing to compare.",
    }[agreement(resolution, tally)]


# ---------------------------------------------------------------------------- the real body, scaled


@dataclass(frozen=True, slots=True)
class ScaledGroup:
    """A part of the real body and its share of the class."""

    name: str
    real: int  # seats in the real body
    exact: float  # its share of the class, unrounded
    students: int  # rounded so that the groups add up to the class
    known: bool = True  # False for the seats the source does not divide


DEFAULT_CLASS_SIZE = 30
"""The class the real body is scaled to when the votes do not tell (the hot seat: a voice a faction)."""


def class_size(tallies: list[Tally]) -> int:
    """How many took part: the most votes cast on any one resolution (0 before any vote)."""
    return max((t.total for t in tallies), default=0)


def scale(composition: Composition, size: int) -> list[ScaledGroup]:
    """The real body's groups as shares of a class of ``size``.

    Seats not in any group the source names become one more group, ``Other seats``
    (``known`` False).  Rounding is by largest remainder, so the students add up to ``size``.
    """
    if size < 0:
        raise ValueError("a class cannot have a negative size")
    parts = [(g.name, g.count, True) for g in composition.groups]
    rest = composition.total - sum(g.count for g in composition.groups)
    if rest > 0:
        parts.append(("Other seats", rest, False))
    if composition.total <= 0:
        return [ScaledGroup(name, real, 0.0, 0, known) for name, real, known in parts]
    exact = [real * size / composition.total for _, real, _ in parts]
    students = [int(share) for share in exact]
    left = size - sum(students)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(exact[i] - students[i]), i))
    for i in by_remainder[:left]:
        students[i] += 1
    return [
        ScaledGroup(name, real, exact[i], students[i], known) for i, (name, real, known) in enumerate(parts)
    ]


def _people(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _number(value: float) -> str:
    """``7`` for a whole share, ``7.5`` otherwise (one decimal)."""
    return str(round(value)) if abs(value - round(value)) < 0.05 else f"{value:.1f}"


def scaled_sentence(group: ScaledGroup, total: int, size: int) -> str:
    """``In a class of 28, Non-party socialists (500 of 2000 seats) would be 7 students.``"""
    share = _people(group.students, "student")
    if abs(group.exact - group.students) >= 0.05:
        share = f"about {share} ({_number(group.exact)})"
    return f"In a class of {size}, {group.name} ({group.real} of {total} seats) would be {share}."


# ---------------------------------------------------------------------------- picking an assembly


def unknown_assembly_message(story: Story, which: str) -> str:
    """What to say when the teacher names an assembly the story does not have."""
    valid = ", ".join(story.assemblies) or "(none: this story has no assemblies)"
    return f"moscow1921: there is no assembly '{which}'. Choose one of: {valid}"


# ---------------------------------------------------------------------------- one run with a class


@dataclass(frozen=True, slots=True)
class Vote:
    """The class's recorded vote on a resolution; ``cast`` holds each faction's vote in the hot seat."""

    tally: Tally
    cast: tuple[Cast, ...] = ()


class Step(enum.Enum):
    SETTING = "setting"
    CASE = "case"
    MODE = "mode"
    VOTE = "vote"
    REVEAL = "reveal"


@dataclass(frozen=True, slots=True)
class Stage:
    """A place in the run: a step, and which case or resolution (0 for the others)."""

    step: Step
    index: int = 0


@dataclass
class AssemblyRun:
    """One class's re-enactment of an assembly: the cases heard, then the votes as they are taken."""

    story: Story
    assembly: Assembly
    mode: VoteMode = VoteMode.COUNTS
    votes: dict[str, Vote] = field(default_factory=dict)  # by resolution id

    @property
    def decision(self) -> Decision:
        return decision_of(self.story, self.assembly)

    @property
    def cases(self) -> list[HeardCase]:
        return heard_cases(self.story, self.assembly)

    @property
    def voices(self) -> list[Faction]:
        return voices(self.story, self.assembly)

    @property
    def resolutions(self) -> tuple[Resolution, ...]:
        return self.assembly.resolutions

    def choose_mode(self, mode: VoteMode) -> None:
        """Vote by counts or from the hot seat; changing the way clears the votes taken the other way."""
        if mode is not self.mode:
            self.votes.clear()
        self.mode = mode

    def record(self, resolution: Resolution, vote: Vote) -> None:
        if resolution not in self.assembly.resolutions:
            raise ValueError(f"resolution '{resolution.id}' is not put to this assembly")
        self.votes[resolution.id] = vote

    def vote_on(self, resolution: Resolution) -> Vote | None:
        return self.votes.get(resolution.id)

    @property
    def complete(self) -> bool:
        return all(r.id in self.votes for r in self.assembly.resolutions)

    @property
    def class_size(self) -> int:
        """Students (or, in the hot seat, voices) taking part: the most votes cast on a resolution."""
        return class_size([v.tally for v in self.votes.values()])

    def scale_size(self) -> int:
        """The class size to scale the real body to, until the teacher changes it.

        Counted votes give it (the most cast on a resolution); the hot seat, one voice per
        faction, does not, so :data:`DEFAULT_CLASS_SIZE` stands in.
        """
        if self.mode is VoteMode.COUNTS and self.class_size > 0:
            return self.class_size
        return DEFAULT_CLASS_SIZE

    def stages(self) -> list[Stage]:
        """Every stage in order: the setting, each case, how to vote, each resolution, the reveal."""
        return [
            Stage(Step.SETTING),
            *(Stage(Step.CASE, i) for i in range(len(self.decision.cases))),
            Stage(Step.MODE),
            *(Stage(Step.VOTE, i) for i in range(len(self.assembly.resolutions))),
            Stage(Step.REVEAL),
        ]

    def after(self, stage: Stage) -> Stage | None:
        """The stage that follows ``stage``, or None after the reveal."""
        stages = self.stages()
        position = stages.index(stage)
        return stages[position + 1] if position + 1 < len(stages) else None
