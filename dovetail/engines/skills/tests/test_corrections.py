"""People's corrections: the mapper does not repeat a mistake on the text it was corrected on, and
a correction does not reach texts unlike the one corrected."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dovetail.engines.skills import Correction, CorrectionMemory, SkillIndex
from dovetail.engines.skills.tests.test_mapper import CONCEPTS

TEXT = "We need a team player with solid Java experience."


@pytest.fixture(scope="module")
def index():
    return SkillIndex(CONCEPTS, shortlist=5)


def _uris(index, text, memory=None, top=2):
    [mapping] = index.map([text], top=top, memory=memory)
    return [m.uri for m in mapping.matches]


def test_a_corrected_text_maps_as_the_person_corrected_it(index):
    # given the engine's answer for an advert, which a person corrects
    before = _uris(index, TEXT)
    assert "urn:s:teams" in before and "urn:s:plc" not in before
    memory = CorrectionMemory(
        [Correction(TEXT, taken_off=("urn:s:teams",), added=("urn:s:plc",))], index.embedder
    )
    # when the same advert is mapped again
    after = _uris(index, TEXT, memory)
    # then the skill taken off is gone and the one added is found, with the text as its span
    assert "urn:s:teams" not in after and "urn:s:plc" in after


def test_a_correction_leaves_unlike_texts_alone(index):
    memory = CorrectionMemory(
        [Correction(TEXT, taken_off=("urn:s:teams",), added=("urn:s:plc",))], index.embedder
    )
    other = "Bake bread every morning and weld metal parts."
    [plain] = index.map([other], top=5)
    [remembered] = index.map([other], top=5, memory=memory)
    assert remembered == plain


def test_people_who_disagree_cancel_out(index):
    memory = CorrectionMemory(
        [Correction(TEXT, taken_off=("urn:s:java",)), Correction(TEXT, added=("urn:s:java",))],
        index.embedder,
    )
    assert memory.adjustments(index.embedder.embed([TEXT])) == [{}]


@settings(max_examples=25, deadline=None)
@given(
    text=st.sampled_from(
        [
            TEXT,
            "Look after clients at the service desk",
            "数控机床操作工，熟悉PLC编程",
            "Bake bread",
        ]
    ),
    taken_off=st.sets(st.sampled_from([c.uri for c in CONCEPTS]), max_size=3),
    added=st.sets(st.sampled_from([c.uri for c in CONCEPTS]), max_size=3),
)
def test_a_correction_moves_only_the_skills_it_names_and_only_their_way(
    index, text, taken_off, added
):
    added -= taken_off
    [plain] = index.map([text], top=len(CONCEPTS))
    memory = CorrectionMemory(
        [Correction(text, tuple(sorted(taken_off)), tuple(sorted(added)))], index.embedder
    )
    [fixed] = index.map([text], top=len(CONCEPTS), memory=memory)
    before = {m.uri: m.score for m in plain.matches}
    after = {m.uri: m.score for m in fixed.matches}
    for uri, score in after.items():
        if uri in taken_off:
            assert score < before[uri]
        elif uri in added:
            assert uri not in before or score > before[uri]
        else:
            assert score == before[uri]
    assert added <= set(after)
