"""The lints explore finds by reading every passage in every state: text that never varies, or never shows."""

from __future__ import annotations

from game.engine.explore_probes import Probe
from game.engine.lints import Lint
from game.engine.passage import Alternatives


def text_lints(probes: list[Probe], shown: dict[int, set[object]], reached: set[str]) -> list[Lint]:
    """Passages that read the same in every state they are reached in, and branches never shown.

    A probe inside a named text is read wherever the text is printed: it is judged over all
    of those places together."""
    seen: dict[int, set[object]] = {}
    first: dict[int, Probe] = {}
    for probe in probes:
        if probe.where not in reached:
            continue  # an unreachable scene is reported on its own
        # A named text's cases are judged over every place it is printed; anything else by its place.
        key = id(probe.named) if probe.named is not None else id(probe.target)
        seen.setdefault(key, set()).update(shown[probe.number])
        first.setdefault(key, probe)
    lints = []
    for key, outcomes in seen.items():
        probe = first[key]
        if not outcomes:
            continue  # never shown at all: the branch that holds it is reported
        lints.extend(_lints_for(probe, outcomes))
    return sorted(
        lints, key=lambda lint: (lint.pos.file, lint.pos.line, lint.pos.col) if lint.pos else ("", 0, 0)
    )


def _lints_for(probe: Probe, outcomes: set[object]) -> list[Lint]:
    target = probe.target
    if isinstance(target, Alternatives):
        branches = target.branches
        if len(outcomes) == 1:
            (only,) = outcomes
            what = "shows nothing" if only == -1 else f"always shows its branch '{_name(target, only)}'"
            return [
                Lint(
                    "never-varies",
                    target.pos,
                    f"this {{if ...}} in {probe.label} {what} in every state where it is read",
                    "its condition never changes there: test something the player can change before this "
                    "point, or write the text plainly",
                )
            ]
        out = []
        for number, branch in enumerate(branches):
            if number not in outcomes:
                out.append(
                    Lint(
                        "dead-text",
                        branch.pos or target.pos,
                        f"the branch '{_name(target, number)}' of this {{if ...}} in {probe.label} "
                        "never shows",
                        "no state that reaches it makes its condition hold while the ones before it fail",
                    )
                )
        return out
    if probe.named is not None:
        cases = probe.named.cases
        out = []
        for number, case in enumerate(cases):
            if number not in outcomes:
                out.append(
                    Lint(
                        "dead-text",
                        case.pos or target.pos,
                        f"the case '{case.condition_text or 'otherwise'}' of the text '{probe.named.id}' "
                        "never shows where it is printed",
                        "no state that prints it makes this case the first that holds",
                    )
                )
        return out
    if len(outcomes) == 1:
        (only,) = outcomes
        return [
            Lint(
                "never-varies",
                target.pos,
                f"{{{target.name}}} in {probe.label} always prints '{only}'",
                "write the word plainly, or let the player change it before this point",
            )
        ]
    return []


def _name(alternative: Alternatives, number: object) -> str:
    assert isinstance(number, int)
    return alternative.branches[number].condition_text
