"""Benchmarks for Moscow 1921: ``python -m bench`` (or ``make bench``) prints them as a table.

Each benchmark is a function that takes the :class:`Options` and returns
:class:`Row` objects; ``bench/__main__.py`` lists them.  A row may name a floor, the
value of the same measure for the least a Textual app can do, and the table
shows the ratio, so a number means something on any machine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Options:
    """What the command line asked for."""

    runs: int = 5
    """Counted runs per timed command (after one warm-up)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the results table."""

    name: str
    value: float
    unit: str
    floor: float | None = None
    """The same measure for the floor (e.g. the bare app); the table prints ``value / floor``."""
    detail: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.value / self.floor


Benchmark = Callable[[Options], list[Row]]


def _number(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_table(rows: Sequence[Row]) -> str:
    """The rows as an aligned plain-text table."""
    header = ("benchmark", "value", "unit", "× floor", "detail")
    cells = [
        (
            row.name,
            _number(row.value),
            row.unit,
            "—" if row.ratio is None else f"{row.ratio:.2f}",
            row.detail,
        )
        for row in rows
    ]
    widths = [max(len(line[i]) for line in [header, *cells]) for i in range(len(header))]
    right = {1, 3}

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if i in right else v.ljust(w)
            for i, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(header), rule, *(line(c) for c in cells)])
