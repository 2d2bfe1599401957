"""Redaction: find personal data and confidential material in English and Chinese text.

A pure engine: text and a :class:`RedactionPolicy` in, :class:`Span` lists out. The policy
carries what the agreement names (confidential parameters, organisations, people); the engine
adds what every text may hold (names, phone numbers, ID numbers, e-mail, addresses, money and
percentages).

>>> from dovetail.engines.redaction import RedactionPolicy, detect, redact
>>> spans = detect("Call Ms. Chen on 138 0013 8000.", RedactionPolicy())
>>> [(s.kind, s.original) for s in spans]
[('person', 'Ms. Chen'), ('phone', '138 0013 8000')]
>>> redact("Call Ms. Chen on 138 0013 8000.", spans)
'Call [PERSON 1] on [PHONE 1].'
"""

from dovetail.engines.redaction._detect import KINDS, RedactionPolicy, Span, detect
from dovetail.engines.redaction._replace import redact, replacement_labels

__all__ = ["KINDS", "RedactionPolicy", "Span", "detect", "redact", "replacement_labels"]
