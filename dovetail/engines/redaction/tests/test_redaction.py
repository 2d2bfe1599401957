"""The redaction engine: each kind of span in English and Chinese, the policy's terms, overlap
resolution, and replacement labels that keep who said what."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dovetail.engines.redaction import (
    KINDS,
    RedactionPolicy,
    Span,
    detect,
    redact,
    replacement_labels,
)


def found(text, policy=None):
    spans = detect(text, policy or RedactionPolicy())
    return [(span.kind, span.original) for span in spans]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to li.na@example.cn today.", ("email", "li.na@example.cn")),
        ("手机13912345678找我", ("phone", "13912345678")),
        ("Call +44 20 7946 0958 after six.", ("phone", "+44 20 7946 0958")),
        ("身份证11010519491231002X已核验", ("id_number", "11010519491231002X")),
        ("Passport no. E12345678 was copied.", ("id_number", "E12345678")),
        ("联系人：张伟，请回电", ("person", "张伟")),
        ("王经理同意了", ("person", "王经理")),
        ("Mentor Emily Carter agreed.", ("person", "Emily Carter")),
        ("Zhang Wei signed it.", ("person", "Zhang Wei")),
        ("我们与华盛精密机械有限公司签约", ("organisation", "华盛精密机械有限公司")),
        ("The Acme Precision Co., Ltd. plant", ("organisation", "Acme Precision Co., Ltd.")),
        ("寄到海滨市滨江区望海路16号2楼", ("address", "海滨市滨江区望海路16号2楼")),
        ("We met at 42 Harbour Road, Haibin.", ("address", "42 Harbour Road, Haibin")),
        ("The budget is RMB 350,000 this year.", ("number", "RMB 350,000")),
        ("毛利率只有8.5%。", ("number", "8.5%")),
    ],
)
def test_detect_finds_each_kind(text, expected):
    assert expected in found(text)


def test_a_resident_id_with_a_wrong_check_digit_is_not_an_id():
    # 11010519491231002X is valid; the same digits ending in 3 fail the ISO 7064 check.
    assert ("id_number", "110105194912310023") not in found("编号110105194912310023")


def test_ordinary_capitalised_words_are_not_people():
    assert found("The Safety Manual covers Line Three.") == []


def test_the_agreements_parameters_and_the_values_after_them_are_confidential():
    policy = RedactionPolicy(parameters=("spindle speed", "良品率"))
    assert found("Set the spindle speed to 12,000 rpm.", policy) == [
        ("parameter", "spindle speed"),
        ("number", "12,000 rpm"),
    ]
    assert found("良品率为98.5%", policy) == [("parameter", "良品率"), ("number", "98.5%")]


def test_a_latin_parameter_matches_whole_words_only():
    policy = RedactionPolicy(parameters=("HX",))
    assert found("The HX line, not the HXA line.", policy) == [("parameter", "HX")]


def test_money_and_percentages_stay_when_the_agreement_allows_them():
    policy = RedactionPolicy(money=False, percentages=False)
    assert found("Sales rose 12% to ¥3,000.", policy) == []


def test_named_people_and_organisations_are_found_wherever_they_appear():
    policy = RedactionPolicy(people=("Ada Quist",), organisations=("Blue Harbour",))
    assert found("ada quist joined Blue Harbour.", policy) == [
        ("person", "ada quist"),
        ("organisation", "Blue Harbour"),
    ]


def test_the_same_person_keeps_one_label():
    text = "Ms. Chen told Mr. Ross, then Ms. Chen left."
    assert redact(text, detect(text, RedactionPolicy())) == (
        "[PERSON 1] told [PERSON 2], then [PERSON 1] left."
    )


def test_redact_refuses_overlapping_spans():
    spans = [Span(0, 4, "person", "abcd"), Span(2, 6, "phone", "cdef")]
    with pytest.raises(ValueError, match="overlaps"):
        redact("abcdefgh", spans)


def test_replacement_labels_number_each_kind_separately():
    spans = [Span(0, 1, "person", "a"), Span(2, 3, "phone", "b"), Span(4, 5, "person", "c")]
    assert replacement_labels(spans) == ["[PERSON 1]", "[PHONE 1]", "[PERSON 2]"]


TEXT = st.text(
    alphabet=st.sampled_from(list("abcXYZ 0123456789@.,-+%¥张王李经理有限公司路号 \n:：")),
    max_size=80,
)


@given(TEXT, st.lists(st.sampled_from(["Line", "参数", "X-1"]), max_size=3))
def test_detected_spans_are_ordered_disjoint_and_true_to_the_text(text, parameters):
    spans = detect(text, RedactionPolicy(parameters=tuple(parameters)))
    for before, after in zip(spans, spans[1:], strict=False):
        assert before.end <= after.start
    for span in spans:
        assert span.kind in KINDS
        assert text[span.start : span.end] == span.original
        assert span.end > span.start
    # what lies between the spans is kept as it was
    redacted = redact(text, spans)
    kept = [text[a.end : b.start] for a, b in zip(spans, spans[1:], strict=False)]
    assert all(part in redacted for part in kept)
