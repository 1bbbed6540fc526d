"""The words of the synthetic stories (bench/synthetic.py): sentences, passages, names.

:func:`prose` writes a scene's prose (about :data:`PROSE_WORDS` words, one glossary mark,
then the passages that follow the state); everything else here is fixed text the story
layout (bench/synthetic_layout.py) and the story files (bench/synthetic.py) put in place.
Random draws come from the story's one ``random.Random``, in the order the scenes are
written, so a seed gives the same story byte for byte.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

__all__ = ["CITE", "GLOSSARY", "MONTHS", "PLACES", "PROSE_WORDS", "QUOTE", "prose"]

PROSE_WORDS = 120
"""About this many words of prose per scene."""

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
GLOSSARY = (
    ("Cheka", "The Soviet state's political police.", ()),
    ("NEP", "The New Economic Policy, adopted in March 1921.", ("New Economic Policy",)),
    ("tax in kind", "A set share of the harvest handed over, instead of requisitioning.", ()),
    ("Workers' Opposition", "A group inside the Bolshevik party that wanted the unions to run industry.", ()),
    ("sovnarkhoz", "A regional council of the national economy.", ()),
    ("subbotnik", "A day of unpaid work on a Saturday, for the common good.", ()),
)
PLACES = (
    "A ration queue, Zamoskvorechye",
    "The Bromley metal works",
    "A communal flat, Presnya",
    "The Moscow soviet",
    "A workers' canteen",
    "The Kursk station",
    "A union meeting hall",
    "The Sukharevka market",
)
MONTHS = (
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
QUOTE = (
    "Nevertheless, the resolution was passed – and within days, "
    "the same theme was taken up by the Bolshevik party itself."
)
CITE = "Simon Pirani, talk to the Iranian Socialist Forum, 24 September 2006"


def prose(rng: random.Random, index: int, conditions: Sequence[str]) -> str:
    """A scene's prose, indented for a block scalar; ``conditions`` are the passages' conditions."""
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
    lines += _passages(rng, conditions)
    return "".join(f"      {text}\n" for text in lines)


def _passages(rng: random.Random, conditions: Sequence[str]) -> list[str]:
    """About half the scenes end with one to three passages that follow the state."""
    if rng.random() < 0.5:
        return []
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
