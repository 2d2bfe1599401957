"""Bitstring status lists: what is set reads back set, and nothing else does."""

import base64
import gzip

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dovetail.engines.credentials import (
    MIN_BITS,
    bit_is_set,
    decode_status_list,
    encode_status_list,
)


def test_bit_zero_is_the_first_bytes_most_significant_bit():
    bits = decode_status_list(encode_status_list({0, 9}))
    assert len(bits) == MIN_BITS // 8
    assert bits[0] == 0b1000_0000 and bits[1] == 0b0100_0000


def test_the_list_is_multibase_base64url_gzip_without_padding():
    encoded = encode_status_list(set())
    assert encoded.startswith("u") and "=" not in encoded
    body = encoded[1:]
    raw = gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert raw == bytes(MIN_BITS // 8)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.integers(0, MIN_BITS - 1), max_size=50), st.integers(0, MIN_BITS - 1))
def test_a_bit_reads_set_exactly_when_it_was_set(on, probe):
    assert bit_is_set(encode_status_list(on), probe) is (probe in on)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [("zabc", "must start with 'u'"), ("uAAAA", "not a GZIP"), (None, "must start with 'u'")],
)
def test_a_malformed_list_is_refused_by_name(encoded, message):
    with pytest.raises(ValueError, match=message):
        decode_status_list(encoded)


def test_an_index_outside_the_list_is_refused():
    with pytest.raises(ValueError, match="outside the list"):
        bit_is_set(encode_status_list(set()), MIN_BITS)
    with pytest.raises(ValueError, match="at least"):
        encode_status_list(set(), size=8)
