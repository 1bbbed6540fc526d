"""What a plain (unquoted, untagged) YAML scalar means, as PyYAML's safe resolver reads it.

``3`` is an int, ``true`` and ``yes`` are bools, ``~`` and an empty value are None,
``1.5`` is a float, but a timestamp such as ``1921-02-01`` stays the string it was
written as. Both readers of :mod:`game.loading.yaml_nodes` (PyYAML's events, and the
quick reader of :mod:`game.loading.yaml_fast`) resolve scalars with :func:`resolve_plain`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypeAlias

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import ScalarNode

from game.loading.yaml_tree import ScalarValue

TAG_PREFIX = "tag:yaml.org,2002:"
_CONSTRUCTOR = SafeConstructor()
_CONSTRUCTORS: dict[str, Callable[[ScalarNode], Any]] = {
    TAG_PREFIX + "null": _CONSTRUCTOR.construct_yaml_null,
    TAG_PREFIX + "bool": _CONSTRUCTOR.construct_yaml_bool,
    TAG_PREFIX + "int": _CONSTRUCTOR.construct_yaml_int,
    TAG_PREFIX + "float": _CONSTRUCTOR.construct_yaml_float,
}
"""Tags a plain scalar may resolve to that become something other than a string.
Timestamps (and the merge ``<<`` and value ``=`` tags) deliberately stay strings."""

_Resolvers: TypeAlias = tuple[tuple[str, "re.Pattern[str]"], ...]


def _implicit_resolvers() -> tuple[dict[str | None, _Resolvers], _Resolvers]:
    """PyYAML's implicit resolvers by first character, each list followed by the wildcards."""
    table: dict[str | None, list[tuple[str, re.Pattern[str]]]] = yaml.SafeLoader.yaml_implicit_resolvers
    wildcards = tuple(table.get(None, ()))
    return {first: tuple(rs) + wildcards for first, rs in table.items() if first is not None}, wildcards


_RESOLVERS, _WILDCARD_RESOLVERS = _implicit_resolvers()


def resolve_plain(value: str) -> ScalarValue:
    """What a plain (unquoted, untagged) scalar means, as PyYAML's safe resolver reads it."""
    resolvers = _RESOLVERS.get(value[0] if value else "", _WILDCARD_RESOLVERS)
    for tag, regexp in resolvers:
        if regexp.match(value):
            construct = _CONSTRUCTORS.get(tag)
            if construct is None:
                return value
            try:
                result: ScalarValue = construct(ScalarNode(tag, value))
            except Exception:
                return value
            return result
    return value
