"""Replacing detected spans with numbered labels, so a case stays readable."""

from collections.abc import Sequence

from dovetail.engines.redaction._detect import Span


def replacement_labels(spans: Sequence[Span]) -> list[str]:
    """One replacement label per span: the same original text of a kind gets the same number, so
    "[PERSON 1] told [PERSON 2]" keeps who said what."""
    numbers: dict[tuple[str, str], int] = {}
    counts: dict[str, int] = {}
    names = []
    for span in spans:
        key = (span.kind, span.original.casefold())
        if key not in numbers:
            counts[span.kind] = counts.get(span.kind, 0) + 1
            numbers[key] = counts[span.kind]
        names.append(f"[{span.kind.upper().replace('_', ' ')} {numbers[key]}]")
    return names


def redact(text: str, spans: Sequence[Span]) -> str:
    """``text`` with each span replaced by its label. Spans must not overlap."""
    ordered = sorted(spans, key=lambda span: span.start)
    parts, position = [], 0
    for span, label in zip(ordered, replacement_labels(ordered), strict=True):
        if span.start < position:
            raise ValueError(f"span {span.start}-{span.end} overlaps the one before it")
        parts += [text[position : span.start], label]
        position = span.end
    parts.append(text[position:])
    return "".join(parts)
