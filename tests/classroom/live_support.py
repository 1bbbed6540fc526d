"""Shared by the live-class tests: the story they play and the class database they share."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCENES = Path(os.environ.get("MOSCOW1921_TEST_SCENES") or REPO / "scenes")
"""The shipped story; ``MOSCOW1921_TEST_SCENES`` points the live-class tests at another copy
(for a developer whose working tree holds scenes in the middle of an edit)."""
