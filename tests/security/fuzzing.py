"""Shared pieces of the property tests of the saves and results readers.

How many examples each tries is the hypothesis profile's (tests/conftest.py): ``make test``
runs the quick ``dev`` profile; ``HYPOTHESIS_PROFILE=ci`` (what CI runs) tries ten times as
many, e.g. ``HYPOTHESIS_PROFILE=ci .venv/bin/pytest tests/security -k fuzz``.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

FUZZ = settings(
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], database=None
)
"""The settings of every fuzz test: the profile's budget; no example database, so that runs stay
independent; fixtures are module-scoped or emptied by the test itself for each example."""

_text = st.text(st.characters(exclude_categories=()), max_size=12)
"""Any text, lone surrogates and control characters included."""

HOSTILE: list[Any] = [
    "0001-01-01T00:00:00+05:00",
    "9999-12-31T23:59:59-05:00",
    "0001-01-01T00:00:00",
    "abc",
    "\ud800",
    "\x1b]0;TITLE\x07",
    "\u202eevil",
    float("inf"),
    float("nan"),
    -1,
    0,
    10**18,
    10**4000,  # the most digits json.dumps writes; the 5,000 are in the explicit tests
    [],
    {},
    "metalworker",
    "worker",
    "queue",
    "finished",
    "abandoned",
    "moscow1921-save",
    "moscow1921-results",
]
"""Values the attack run found crashing the game or the report, and ids that nearly fit."""

_leaves = st.one_of(
    st.sampled_from(HOSTILE),
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),  # NaN and Infinity included: json.dumps writes them, strict JSON refuses them
    _text,
)

json_values: st.SearchStrategy[Any] = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=12,
)
"""Arbitrary JSON, with the values that crashed the game given a fair chance."""

DELETE = object()
"""A replacement that removes the field instead."""


def paths(doc: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every path into ``doc`` (dict keys and list indices), the document itself first."""
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, (*prefix, key))
    elif isinstance(doc, list):
        for index, value in enumerate(doc):
            yield from paths(value, (*prefix, index))


def replaced(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    """A copy of ``doc`` with the value at ``path`` replaced by ``value`` (or removed: :data:`DELETE`)."""
    if not path:
        return None if value is DELETE else value
    out = copy.deepcopy(doc)
    parent = out
    for step in path[:-1]:
        parent = parent[step]
    if value is DELETE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return out


def encoded(doc: Any) -> bytes:
    """``doc`` as JSON bytes, as a file would hold them (NaN written as NaN; surrogates escaped)."""
    return json.dumps(doc, ensure_ascii=True, allow_nan=True).encode("ascii")


def deep(depth: int) -> bytes:
    """A JSON document nested ``depth`` lists deep."""
    return b"[" * depth + b"]" * depth


def every_field_hostile(doc: Any) -> Iterator[tuple[tuple[Any, ...], Any, Any]]:
    """``(path, value, document)`` for every field of ``doc`` replaced by every :data:`HOSTILE`
    value and removed: the exhaustive companion of the property tests' random draws."""
    for path in paths(doc):
        for value in [*HOSTILE, DELETE]:
            if path or value is not DELETE:
                yield path, value, replaced(doc, path, value)
