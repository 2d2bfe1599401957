"""Detectors for each kind of sensitive span, and the overlap resolution that merges them.

Each detector proposes spans; where two overlap, the one of the higher-priority kind wins
(what the agreement names beats what a pattern guesses), then the longer one.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import phonenumbers

from dovetail.engines.redaction import _lexicon as lexicon

KINDS = (
    "parameter",
    "email",
    "id_number",
    "phone",
    "organisation",
    "address",
    "person",
    "number",
)
_PRIORITY = {kind: rank for rank, kind in enumerate(KINDS)}


@dataclass(frozen=True)
class Span:
    """Characters ``start``–``end`` of the text hold ``original``, of kind ``kind``."""

    start: int
    end: int
    kind: str
    original: str


@dataclass(frozen=True)
class RedactionPolicy:
    """What an agreement names as confidential, on top of what is always personal data.

    parameters
        Confidential terms (a process, a product code, a customer). The term is redacted, and
        so is a number that follows it closely ("spindle speed 12,000 rpm").
    organisations, people
        Names to redact wherever they appear.
    money, percentages
        Whether every amount of money and every percentage counts as confidential.
    region
        The country whose phone-number plan reads numbers without a country code.
    """

    parameters: tuple[str, ...] = ()
    organisations: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    money: bool = True
    percentages: bool = True
    region: str = "CN"


def detect(text: str, policy: RedactionPolicy) -> list[Span]:
    """Every sensitive span in ``text``, in order, none overlapping."""
    candidates = [
        *_named(text, policy.parameters, "parameter"),
        *_emails(text),
        *_id_numbers(text),
        *_phones(text, policy.region),
        *_named(text, policy.organisations, "organisation"),
        *_named(text, policy.people, "person"),
        *_organisations(text),
        *_addresses(text),
        *_people(text),
        *_numbers(text, policy),
    ]
    return _resolve(candidates)


def _resolve(candidates: list[Span]) -> list[Span]:
    chosen: list[Span] = []
    taken = bytearray(0)
    for span in sorted(candidates, key=lambda s: (_PRIORITY[s.kind], s.start - s.end, s.start)):
        if span.end > len(taken):
            taken.extend(b"\0" * (span.end - len(taken)))
        if any(taken[span.start : span.end]):
            continue
        taken[span.start : span.end] = b"\1" * (span.end - span.start)
        chosen.append(span)
    return sorted(chosen, key=lambda span: span.start)


def _span(match: re.Match, kind: str, group: int | str = 0) -> Span:
    return Span(match.start(group), match.end(group), kind, match.group(group))


# -- what the agreement names ----------------------------------------------------------------


def _term_pattern(term: str) -> str:
    escaped = re.escape(term.strip())
    # Latin terms must stand as words; Chinese has no spaces to stand between.
    if term.strip()[:1].isascii():
        escaped = rf"(?<![A-Za-z0-9_]){escaped}"
    if term.strip()[-1:].isascii():
        escaped = rf"{escaped}(?![A-Za-z0-9_])"
    return escaped


def _named(text: str, terms: tuple[str, ...], kind: str) -> Iterator[Span]:
    for term in terms:
        if term.strip():
            for match in re.finditer(_term_pattern(term), text, re.IGNORECASE):
                yield _span(match, kind)


# -- always personal data --------------------------------------------------------------------

# starting only where a token starts, so a long run of letters is read once
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)


def _emails(text: str) -> Iterator[Span]:
    for match in _EMAIL.finditer(text):
        yield _span(match, "email")


_RESIDENT_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
_LABELLED_ID = re.compile(
    r"(?:身份证(?:号码?)?|护照(?:号码?)?|工号|学号|证件号码?|passport(?:\s+(?:no\.?|number))?"
    r"|ID\s+(?:no\.?|number)|employee\s+(?:no\.?|number|ID)|student\s+(?:no\.?|number|ID))"
    r"\s*(?:is\s+)?[:：#]?\s*(?P<value>[A-Za-z]{0,2}\d[\dA-Za-z-]{4,17})",
    re.IGNORECASE,
)


def _valid_resident_id(number: str) -> bool:
    total = sum(int(digit) * weight for digit, weight in zip(number, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == number[-1].upper()


def _id_numbers(text: str) -> Iterator[Span]:
    for match in _RESIDENT_ID.finditer(text):
        if _valid_resident_id(match.group()):
            yield _span(match, "id_number")
    for match in _LABELLED_ID.finditer(text):
        yield _span(match, "id_number", "value")


def _phones(text: str, region: str) -> Iterator[Span]:
    for found in phonenumbers.PhoneNumberMatcher(text, region):
        yield Span(found.start, found.end, "phone", found.raw_string)
    # The matcher wants a country code or the region's plan; extensions on a switchboard
    # ("ext. 8021", "转8021") are numbers people are reached on too.
    for match in re.finditer(r"(?:ext\.?|extension|分机|转)\s*(\d{3,6})\b", text, re.I):
        yield _span(match, "phone", 1)


# Chinese company names end in a legal form; their start is the nearest word that cannot
# be part of a name (a preposition, a verb, punctuation), at most 16 characters back.
_ORG_SUFFIX_ZH = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|研究院|研究所|工厂|制造厂|厂)"
)
_ORG_STOP_ZH = set("与和在由向为是给从对跟及同被把将的了等或并且于请按经到让使使用派驻我你他她们")
_ORG_EN = re.compile(
    r"\b(?:[A-Z][A-Za-z0-9&'-]+\s+){1,4}"
    r"(?:Co\.,?\s?Ltd\.?|Co\.|Ltd\.?|Inc\.?|LLC|GmbH|plc|Corp\.?|Corporation|Group"
    r"|Company|Technologies|Industries|Manufacturing|Works|College|University|Institute"
    r"|Bureau|Association)(?![A-Za-z])"
)
_SENTENCE_WORDS = {"The", "A", "An", "Our", "At", "In", "For", "With", "By", "From", "To", "We"}


def _organisations(text: str) -> Iterator[Span]:
    for match in _ORG_SUFFIX_ZH.finditer(text):
        start = match.start()
        while start > 0 and match.start() - start < 16 and _is_han(text[start - 1]):
            if text[start - 1] in _ORG_STOP_ZH:
                break
            start -= 1
        if match.start() - start >= 2:
            yield Span(start, match.end(), "organisation", text[start : match.end()])
    for match in _ORG_EN.finditer(text):
        words = match.group().split()
        skip = 0
        while skip < len(words) and words[skip] in _SENTENCE_WORDS:
            skip += 1
        if len(words) - skip < 2:  # "The Company" names nobody
            continue
        start = match.start() + match.group().index(words[skip])
        yield Span(start, match.end(), "organisation", text[start : match.end()])


def _is_han(character: str) -> bool:
    return "\u4e00" <= character <= "\u9fff"


# A Chinese address is anchored on its road and number (科技园路18号); its name and the
# divisions before it (广东省深圳市南山区) are read leftwards, the building and room after it.
# No nested repetition, so a long run of place names cannot make the match slow.
_ROAD_NUMBER_ZH = re.compile(r"(?:路|街|大道|道|巷|弄)\s?\d{1,5}(?:-\d{1,5})?号")
_UNIT_ZH = re.compile(r"(?:\s?[\dA-Za-z-]{1,6}(?:栋|幢|楼|层|室|单元)){1,4}")
# Characters that lead into an address (寄到, 位于, 地址为) rather than belong to it.
_ADDRESS_STOP_ZH = set("到在于至往从寄送址是为的和与及把")
ADDRESS_REACH = 24
_ADDRESS_EN = re.compile(
    r"\b\d{1,5}[A-Za-z]?\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Lane|Ln\.?|Boulevard|Blvd\.?|Drive|Dr\.?|Way|Park)"
    r"(?:,\s*(?:Unit|Floor|Building|Suite)\s+\w+)?(?:,\s*[A-Z][a-z]+(?:\s[A-Z][a-z]+)?)?"
)


def _addresses(text: str) -> Iterator[Span]:
    for match in _ROAD_NUMBER_ZH.finditer(text):
        start = match.start()
        while (
            start > 0
            and match.start() - start < ADDRESS_REACH
            and _is_han(text[start - 1])
            and text[start - 1] not in _ADDRESS_STOP_ZH
        ):
            start -= 1
        if start == match.start():  # a road needs a name
            continue
        unit = _UNIT_ZH.match(text, match.end())
        end = unit.end() if unit else match.end()
        yield Span(start, end, "address", text[start:end])
    for match in _ADDRESS_EN.finditer(text):
        yield _span(match, "address")


_HONORIFIC = re.compile(
    r"\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Engineer|Master)\.?\s+"
    r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+)?"
)
# A lookahead, so that "Mentor Emily Carter" is tried at "Emily" as well as at "Mentor".
_NAME_EN = re.compile(
    r"\b(?=(?P<first>[A-Z][a-z]+)\s+(?P<last>[A-Z][a-z]+)(?:\s+(?P<third>[A-Z][a-z]+))?)"
)
_GIVEN_STOP_ZH = set("在是的了和与及等说到去从向把被对为也都就将已于跟同让并而但还又")


def _people(text: str) -> Iterator[Span]:
    yield from (_span(match, "person") for match in _HONORIFIC.finditer(text))
    for match in _NAME_EN.finditer(text):
        first, last, third = match.group("first", "last", "third")
        # Either way round: "Zhang Wei", "Wei Zhang", "Emily Carter"; not "Safety Manual".
        if first in lexicon.NOT_NAMES_EN or last in lexicon.NOT_NAMES_EN:
            continue
        surname_first = first in lexicon.PINYIN_SURNAMES and lexicon.is_pinyin(last)
        surname_last = last in lexicon.PINYIN_SURNAMES and lexicon.is_pinyin(first)
        if not (surname_first or surname_last or first in lexicon.GIVEN_NAMES_EN):
            continue
        with_third = third and third in lexicon.PINYIN_SURNAMES
        end = match.end("third") if with_third else match.end("last")
        yield Span(match.start(), end, "person", text[match.start() : end])
    yield from _people_zh(text)


def _people_zh(text: str) -> Iterator[Span]:
    surnames = lexicon.SURNAMES_ZH_PATTERN
    titles = lexicon.TITLES_ZH_PATTERN
    # A surname with a title after it: 张伟经理, 王工, 李师傅 (a title alone after the surname is
    # how colleagues name each other, so the title goes with it).
    titled = rf"(?:{surnames})(?P<given>[\u4e00-\u9fff]{{0,2}}?)(?:{titles})"
    for match in re.finditer(titled, text):
        given = match.group("given")
        if any(character in _GIVEN_STOP_ZH for character in given):
            continue
        end = match.end("given") if given else match.end()
        yield Span(match.start(), end, "person", text[match.start() : end])
    # A name after a word that introduces one: 联系人：张伟, 学徒李明.
    cue = lexicon.CUES_ZH_PATTERN
    pattern = rf"(?:{cue})[:：\s]*(?P<name>(?:{surnames})[\u4e00-\u9fff]{{1,2}})"
    for match in re.finditer(pattern, text):
        name = match.group("name")
        if name[-1] in _GIVEN_STOP_ZH or name[-1] in lexicon.TITLE_START_ZH:
            name = name[:-1]
        if len(name) >= 2:
            start = match.start("name")
            yield Span(start, start + len(name), "person", name)
    # 小王, 老李: a surname after 小/老, standing alone.
    alone = rf"(?![\u4e00-\u9fff])|(?=[{lexicon.AFTER_NAME_ZH}])"
    for match in re.finditer(rf"(?<![\u4e00-\u9fff])[小老](?:{surnames})(?:{alone})", text):
        yield _span(match, "person")


# An amount starts where a number starts and is bounded, so a long run of digits is read once.
_AMOUNT = r"(?<![\d.,])\d[\d,]{0,20}(?:\.\d{1,6})?"
_MONEY = re.compile(
    rf"(?:(?:¥|￥|\$|€|£|RMB|CNY|USD|EUR)\s?{_AMOUNT}(?:\s?(?:万|亿|million|thousand|[kKmM]\b))?"
    rf"|{_AMOUNT}\s?(?:万元|亿元|元|万美元|美元|yuan|dollars|RMB|CNY|USD))"
)
_PERCENT = re.compile(rf"{_AMOUNT}\s?%|百分之[\d一二三四五六七八九十百点.]+")
_UNIT = (
    r"(?:\s?(?:[A-Za-z°μ%]+(?:/[A-Za-z]+)?|"
    + "|".join(sorted(lexicon.UNITS_ZH, key=len, reverse=True))
    + "))?"
)


def _numbers(text: str, policy: RedactionPolicy) -> Iterator[Span]:
    if policy.money:
        yield from (_span(match, "number") for match in _MONEY.finditer(text))
    if policy.percentages:
        yield from (_span(match, "number") for match in _PERCENT.finditer(text))
    # A value right after a confidential parameter: "spindle speed of 12,000 rpm", "良率为98.5%".
    for term in policy.parameters:
        if term.strip():
            after = rf"{_term_pattern(term)}[^\d。;；\n]{{0,14}}?(?P<value>{_AMOUNT}{_UNIT})"
            for match in re.finditer(after, text, re.IGNORECASE):
                yield _span(match, "number", "value")
