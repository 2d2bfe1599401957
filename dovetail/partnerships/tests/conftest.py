"""Governance objects of the persona partnership that several test modules start from."""

from datetime import timedelta

import pytest

from dovetail.partnerships import conflicts


@pytest.fixture
def case(persona, partnership, today):
    return conflicts.raise_conflict(
        partnership,
        by=persona("hr"),
        title="Learners barred from the assembly line",
        trigger="confidentiality_refusal",
        description="A new client contract closes line 2 to outsiders.",
        dimensions=["normative_requirement", "legitimacy"],
        raised_on=today - timedelta(days=3),
    )
