"""The mapping engine finds the skills a text names, with the span that shows each."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dovetail.engines.skills import Concept, SkillIndex, cues

CONCEPTS = [
    Concept("urn:s:java", "Java (computer programming)", ("Java",), prior=0.2),
    Concept("urn:s:teams", "work in teams", ("teamwork", "team player"), prior=0.9),
    Concept("urn:s:weld", "weld metal parts", ("arc welding",), label_zh="焊接金属零件"),
    Concept("urn:s:cnc", "operate CNC machine tools", ("CNC machining",), label_zh="操作数控机床"),
    Concept("urn:s:customer", "provide customer service", ("customer care",), prior=0.5),
    Concept("urn:s:bake", "bake bread", ()),
    Concept("urn:s:plc", "program PLCs", ("PLC programming",), label_zh="PLC编程"),
]


@pytest.fixture(scope="module")
def index():
    return SkillIndex(CONCEPTS, shortlist=5)


def test_named_skills_come_first_with_the_span_that_names_them(index):
    [mapping] = index.map(["We need a team player with solid Java experience."], top=3)
    uris = [m.uri for m in mapping.matches]
    assert set(uris[:2]) == {"urn:s:java", "urn:s:teams"}
    java = next(m for m in mapping.matches if m.uri == "urn:s:java")
    assert java.span == "Java" and java.proficiency == 3
    team = next(m for m in mapping.matches if m.uri == "urn:s:teams")
    text = "We need a team player with solid Java experience."
    assert text[team.start : team.end] == team.span == "team player"


def test_a_paraphrase_finds_its_skill_without_sharing_the_label(index):
    [mapping] = index.map(["You will look after our clients at the service desk."], top=1)
    assert mapping.matches[0].uri == "urn:s:customer"


def test_a_skill_named_in_passing_is_found_by_its_words():
    # one skill fits in the whole text's shortlist, and bread is what the text is about; the
    # rare word "pigs" still brings the skill whose label holds it to the spans
    farm = [*CONCEPTS, Concept("urn:s:pigs", "handle pigs"), Concept("urn:s:dough", "knead dough")]
    text = "Bake bread, knead dough and bake more bread at dawn; you also like pigs."
    [passing] = SkillIndex(farm, shortlist=1).map([text], top=4)
    [context_only] = SkillIndex(farm, shortlist=1, word_shortlist=0).map([text], top=4)
    assert "urn:s:pigs" in {m.uri for m in passing.matches}
    assert "urn:s:pigs" not in {m.uri for m in context_only.matches}
    pigs = next(m for m in passing.matches if m.uri == "urn:s:pigs")
    assert "pigs" in pigs.span


def test_chinese_text_maps_onto_chinese_labels(index):
    [mapping] = index.map(["招聘数控机床操作工，要求能焊接金属零件，熟悉PLC编程"], top=3)
    assert {m.uri for m in mapping.matches} == {"urn:s:cnc", "urn:s:weld", "urn:s:plc"}
    weld = next(m for m in mapping.matches if m.uri == "urn:s:weld")
    assert weld.span == "焊接金属零件"


def test_level_cues_are_read_from_the_text():
    found = cues("Senior engineer, bachelor's degree and 5+ years of PLC work")
    assert (found.proficiency, found.qualification_level, found.years) == (4, 6, 5)
    assert cues("要求大专学历，熟练掌握焊接").qualification_level == 5
    assert cues("Bake bread.").proficiency is None


def test_min_score_drops_weak_matches(index):
    [mapping] = index.map(["Bake bread every morning"], top=7, min_score=1.2)
    assert [m.uri for m in mapping.matches] == ["urn:s:bake"]


def test_batches_give_the_same_answer_as_one_at_a_time(index):
    texts = ["arc welding", "Java and teamwork", "", "数控机床", "bread"]
    together = index.map(texts, top=3, batch=2)
    alone = [index.map([t], top=3)[0] for t in texts]
    assert together == alone


def test_progress_is_reported_per_batch(index):
    seen = []
    index.map(["a"] * 5, batch=2, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(2, 5), (4, 5), (5, 5)]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200), st.integers(min_value=1, max_value=10))
def test_any_text_maps_to_sorted_matches_whose_spans_are_in_the_text(index, text, top):
    [mapping] = index.map([text], top=top)
    assert len(mapping.matches) <= min(top, len(CONCEPTS))
    scores = [m.score for m in mapping.matches]
    assert scores == sorted(scores, reverse=True)
    assert len({m.uri for m in mapping.matches}) == len(mapping.matches)
    for match in mapping.matches:
        assert text[match.start : match.end] == match.span
        assert np.isfinite(match.score)


def test_an_empty_taxonomy_is_refused():
    with pytest.raises(ValueError):
        SkillIndex([])


def test_anonymised_names_such_as_organization_are_not_words():
    from dovetail.engines.skills.text import words

    assert [w.text for w in words("<ORGANIZATION> needs Java")] == ["needs", "Java"]
