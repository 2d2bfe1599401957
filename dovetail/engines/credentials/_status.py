"""Bitstring Status List (W3C, 2025): one bit per credential, GZIP-compressed and multibase
base64url-encoded. Bit 0 is the most significant bit of the first byte."""

import base64
import gzip

# 16 KB uncompressed: the specification's minimum, so one list hides which credential is which
MIN_BITS = 131_072


def encode_status_list(set_bits, *, size: int = MIN_BITS) -> str:
    """The ``encodedList`` for a list of ``size`` bits with ``set_bits`` on.

    >>> bit_is_set(encode_status_list({5}), 5), bit_is_set(encode_status_list({5}), 6)
    (True, False)
    """
    if size < MIN_BITS or size % 8:
        raise ValueError(f"a status list holds at least {MIN_BITS} bits, a whole number of bytes")
    bits = bytearray(size // 8)
    for index in set_bits:
        if not 0 <= index < size:
            raise ValueError(f"status index {index} is outside a list of {size} bits")
        bits[index // 8] |= 0x80 >> (index % 8)
    compressed = gzip.compress(bytes(bits), compresslevel=9, mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_status_list(encoded: str) -> bytes:
    """The uncompressed bitstring; ``ValueError`` if it is not a multibase base64url GZIP."""
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise ValueError("encodedList: not multibase base64url (it must start with 'u')")
    body = encoded[1:]
    try:
        return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    except (ValueError, OSError, EOFError) as error:
        raise ValueError(f"encodedList: not a GZIP-compressed bitstring ({error})") from None


def bit_is_set(encoded: str, index: int) -> bool:
    bits = decode_status_list(encoded)
    if not 0 <= index < len(bits) * 8:
        raise ValueError(f"statusListIndex {index} is outside the list ({len(bits) * 8} bits)")
    return bool(bits[index // 8] & (0x80 >> (index % 8)))
