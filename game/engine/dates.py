"""Put the story's free-text dates in order: "Early 1923", "Middle of January 1921",
"End of February - March 1921", "After 1921", "1922".

A story's timeline entries may be written in several files; the loader puts them in
date order with :func:`date_key`, so the game, the debrief and the handouts show them
in the order things happened.  A date is placed by its first year and
its first month; a season or a word such as "early" or "end of" moves it within that
year or month.  A bare year sorts before that year's months (it usually introduces
the year); "after" puts it after everything else of that year.  Text with no year
sorts last.  Sorting is stable, so equal dates keep the story's order.
"""

from __future__ import annotations

import re

MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
BARE_YEAR = -1.0
"""The months-into-the-year of a date that gives only its year."""
_YEAR = re.compile(r"\b(\d{4})\b")
_MONTH = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")
_SEASONS = {"winter": 0.5, "spring": 3.5, "summer": 6.5, "autumn": 9.5, "fall": 9.5}
_WITHIN_MONTH = {"early": -0.3, "beginning": -0.3, "middle": 0.0, "mid": 0.0, "late": 0.3, "end": 0.3}
_WITHIN_YEAR = {"early": 1.5, "beginning": 1.5, "middle": 5.5, "mid": 5.5, "late": 10.0, "end": 10.5}


def date_key(date: str) -> tuple[float, float]:
    """(year, months into the year) for sorting; (inf, 0) when the text names no year."""
    folded = date.casefold()
    year = _YEAR.search(folded)
    if year is None:
        return float("inf"), 0.0
    words = set(re.findall(r"[a-z]+", folded[: year.start()]))
    month = _MONTH.search(folded)
    if month is not None and month.start() < year.start():
        shift = next((v for w, v in _WITHIN_MONTH.items() if w in words), 0.0)
        return float(year.group(1)), MONTHS.index(month.group(1)) + 0.5 + shift
    if "after" in words:
        return float(year.group(1)), 12.0
    for word, months in (*_SEASONS.items(), *_WITHIN_YEAR.items()):
        if word in words:
            return float(year.group(1)), months
    return float(year.group(1)), BARE_YEAR  # before that year's months
