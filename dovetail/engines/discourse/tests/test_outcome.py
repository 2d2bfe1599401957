"""Drafting learning outcomes: the verb follows the proficiency through Bloom's revised levels,
actions and things are phrased differently, the rationale is written from the evidence."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dovetail.engines.discourse import DemandEvidence, draft_outcome, verb_taxonomy


@pytest.mark.parametrize(
    ("proficiency", "english", "chinese"),
    [
        (
            1,
            "Learners can identify PLC programming in packaging lines.",
            "学习者能够在包装线中识别PLC编程。",
        ),
        (
            3,
            "Learners can apply PLC programming in packaging lines.",
            "学习者能够在包装线中运用PLC编程。",
        ),
        (
            5,
            "Learners can evaluate PLC programming in packaging lines.",
            "学习者能够在包装线中评价PLC编程。",
        ),
    ],
)
def test_a_thing_takes_the_levels_verb(proficiency, english, chinese):
    draft = draft_outcome(
        "PLC programming",
        "PLC编程",
        proficiency=proficiency,
        context="packaging lines",
        context_zh="包装线",
    )
    assert (draft.text, draft.text_zh) == (english, chinese)


def test_an_action_takes_the_levels_frame():
    draft = draft_outcome(
        "install solar panels", "安装太阳能板", proficiency=4, context="", context_zh=""
    )
    assert draft.text == "Learners can install solar panels and diagnose what goes wrong."
    assert draft.text_zh == "学习者能够安装太阳能板并诊断其中的问题。"
    assert draft.level_name == "Analyse"


def test_the_rationale_names_the_evidence():
    evidence = DemandEvidence(
        demands=12,
        enterprises=("Haibin Robotics", "Delta Motors", "Sino Pack", "East Line"),
        first=date(2026, 1, 5),
        last=date(2026, 6, 30),
        headcount=20,
        enterprises_zh=("海滨机器人", "德尔塔电机", "华包", "东线"),
    )
    draft = draft_outcome(
        "weld pipes", "焊接管道", proficiency=3, context="x", context_zh="x", evidence=evidence
    )
    assert draft.rationale == (
        "Asked for in 12 job adverts and requests from 4 enterprises (Haibin Robotics, "
        "Delta Motors, Sino Pack +1) between 2026-01-05 and 2026-06-30, 20 people wanted."
    )
    assert "4家企业（海滨机器人、德尔塔电机、华包 +1）的12条" in draft.rationale_zh


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="proficiency"):
        draft_outcome("x", "", proficiency=9, context="", context_zh="")
    with pytest.raises(ValueError, match="skill"):
        draft_outcome(" ", "", proficiency=3, context="", context_zh="")


labels = st.text(
    alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=20
)


@given(st.lists(labels, min_size=1, max_size=4), st.integers(1, 5))
def test_every_draft_is_a_sentence_with_the_skill_and_a_level_verb(words, proficiency):
    skill = " ".join(words)
    draft = draft_outcome(skill, "", proficiency=proficiency, context="", context_zh="")
    taxonomy = verb_taxonomy()
    level = taxonomy.levels[taxonomy.proficiency_to_level[proficiency]]
    assert draft.text.startswith("Learners can ") and draft.text.endswith(".")
    assert skill in draft.text and skill in draft.text_zh
    assert draft.verb in level.verbs or draft.verb == words[0].lower()
    assert draft == draft_outcome(skill, "", proficiency=proficiency, context="", context_zh="")


def test_higher_proficiency_never_maps_to_a_lower_level():
    mapping = verb_taxonomy().proficiency_to_level
    assert [mapping[p] for p in sorted(mapping)] == sorted(mapping[p] for p in mapping)
