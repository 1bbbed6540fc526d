"""Every decision of the shipped story has its own short account (issue 11 item 1).

The what-happened panel shows the summary first; a decision without one would borrow the
first sentences of its full account (``panel.SUMMARY_FALLBACK``), which is written to be
read after the background, not first. Inline test stories may leave it out; the shipped
story may not.
"""

from __future__ import annotations

import re

from game.engine.panel import summary
from tests.scenes.shipped import shipped_story

SENTENCE_END = re.compile(r"[.!?][\"”’)]*(\s|$)")


def test_every_shipped_decision_has_a_short_account_of_a_few_sentences() -> None:
    story = shipped_story()
    missing = [d.id for d in story.decisions.values() if not d.summary.strip()]
    assert missing == [], f"decisions with no summary: (write a few sentences) {missing}"
    for decision in story.decisions.values():
        sentences = len(SENTENCE_END.findall(decision.summary.strip()))
        assert 1 <= sentences <= 6, f"{decision.id}: the summary has {sentences} sentences (a few, please)"
        assert summary(decision) == decision.summary.strip() or decision.summary in summary(decision)
