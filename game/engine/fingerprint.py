"""A story's fingerprint: a short hash of the structure that results files depend on.

Two stories with the same fingerprint count choices the same way: the same title and
version, the same roles, the same decision points, and at each decision point the same
choice ids (over every scene that answers it).  Prose is left out, so authors may reword
any scene, choice or "what happened" and old results still count; adding, removing or
renaming a role, decision point or choice id changes the fingerprint, and a class report
then lists the old files apart instead of mixing them in.
"""

from __future__ import annotations

import hashlib
import json
import weakref

from game.engine.model import Story

FINGERPRINT_CHARS = 16
"""Hex digits kept from the SHA-256 digest (64 bits: ample to tell story versions apart)."""


def fingerprint_data(story: Story) -> dict[str, object]:
    """What the fingerprint is computed from, as plain data (sorted, so order never matters)."""
    answers: dict[str, set[str]] = {decision: set() for decision in story.decisions}
    for scene in story.scenes.values():
        if scene.decision is not None:
            answers.setdefault(scene.decision, set()).update(choice.id for choice in scene.choices)
    return {
        "title": story.title,
        "version": story.version,
        "roles": sorted(story.roles),
        "decisions": {decision: sorted(choices) for decision, choices in sorted(answers.items())},
    }


def story_fingerprint(story: Story) -> str:
    """A short, stable hex hash of :func:`fingerprint_data` (the same on every machine and run).

    Worked out once per story (a story is immutable; a live class records it with every change
    of every student's game)."""
    known = _KNOWN.get(id(story))
    if known is None:
        text = json.dumps(fingerprint_data(story), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        known = hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_CHARS]
        _KNOWN[id(story)] = known
        weakref.finalize(story, _KNOWN.pop, id(story), None)  # its id may name another story after
    return known


_KNOWN: dict[int, str] = {}
"""Each living story's fingerprint, by ``id``."""
