"""What :func:`game.engine.explore.explore` reports: per role, and for the whole story."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from game.engine.lints import Lint

__all__ = ["ExploreReport", "RoleReport"]


@dataclass
class RoleReport:
    role: str
    states: int = 0
    endings: dict[str, int | None] = field(default_factory=dict)  # ending -> distinct paths (None: unbounded)
    dead_ends: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # scene -> example path
    ending_paths: Mapping[str, list[tuple[str, str]]] = field(
        default_factory=dict
    )  # ending -> a shortest path
    reading: dict[str, tuple[int, int]] = field(default_factory=dict)  # ending -> fewest, most words read
    scenes: set[str] = field(default_factory=set)  # the scenes this role can reach
    varying: set[str] = field(default_factory=set)  # reached scenes and endings whose text varies by state
    cyclic: bool = False
    truncated: bool = False
    limited: bool = False  # another role used up the state limit before this one started


@dataclass
class ExploreReport:
    roles: list[RoleReport]
    unreachable_scenes: list[str]
    unreached_endings: list[str]
    never_available: list[tuple[str, str]]  # (scene, choice) never available in any reached state
    approximate_visits: list[str] = field(default_factory=list)  # see explore_live.loose_visits
    text_lints: list[Lint] = field(default_factory=list)  # passages that never vary, or never show
    kept_for_text: int = 0  # probes whose facts the states had to keep (their groups too large to pack)

    @property
    def defects(self) -> list[str]:
        out = [f"unreachable scene '{s}'" for s in self.unreachable_scenes]
        out += [f"ending '{e}' is never reached" for e in self.unreached_endings]
        out += [f"choice '{c}' in scene '{s}' is never available" for s, c in self.never_available]
        for role in self.roles:
            out += [f"dead end in scene '{s}' (role {role.role})" for s in sorted(role.dead_ends)]
            if role.limited:
                out.append(f"role {role.role}: not explored: the roles before it used up the state limit")
            elif role.truncated:
                out.append(f"role {role.role}: exploration stopped at the state limit ({role.states} states)")
        return out

    @property
    def states(self) -> int:
        return sum(role.states for role in self.roles)
