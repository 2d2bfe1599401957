"""Words, candidate spans and level cues in job-advert and learning-outcome text."""

import re
from dataclasses import dataclass

WORD = re.compile(r"[A-Za-z0-9#+]+(?:[.\-/'][A-Za-z0-9#+]+)*")
CJK = re.compile(r"[\u3400-\u9fff]")
CLAUSE_BREAK = re.compile(r"[,;:()\[\]!?•|]|\.\s|\s[-–]\s")
_STOPWORDS = """a an the and or of to in on for with at by from as is are be been being
    your our you we
    will this that these those it its into who which what their they them us i my me
    other such etc e.g eg ie i.e must should can would could may also all any some more most very
    well good great new strong excellent ability able experience experienced knowledge skills skill
    proven plus years year"""
STOPWORDS = frozenset(_STOPWORDS.split())
_STEM_KEEP = ("ss", "us", "is")


@dataclass(frozen=True)
class Word:
    text: str
    start: int
    end: int
    clause: int


def words(text: str) -> list[Word]:
    breaks = [m.start() for m in CLAUSE_BREAK.finditer(text)]
    found, clause, next_break = [], 0, 0
    for match in WORD.finditer(text):
        if (
            text[match.start() - 1 : match.start()] == "<"
            and text[match.end() : match.end() + 1] == ">"
        ):
            continue  # an anonymised name such as <ORGANIZATION> is not the advert's own word
        while next_break < len(breaks) and breaks[next_break] < match.start():
            clause += 1
            next_break += 1
        found.append(Word(match.group(), match.start(), match.end(), clause))
    return found


def stem(word: str) -> str:
    """A light English stemmer, enough to let 'teams' find 'team' and 'policies' 'policy'."""
    word = word.lower()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(_STEM_KEEP):
        return word[:-1]
    return word


def phrase_key(text: str) -> tuple[str, ...]:
    """The normalised words of a label, for exact phrase look-up (a parenthesis is a gloss)."""
    return tuple(stem(w.text) for w in words(re.sub(r"\(.*?\)", " ", text)))


def spans(found: list[Word], longest: int = 4) -> list[tuple[int, int]]:
    """Word ranges [i, j) that could name a skill: within one clause, not starting or ending with
    a stopword, at most ``longest`` words."""
    result = []
    for i, first in enumerate(found):
        if first.text.lower() in STOPWORDS:
            continue
        for j in range(i + 1, min(i + longest, len(found)) + 1):
            last = found[j - 1]
            if last.clause != first.clause:
                break
            if last.text.lower() not in STOPWORDS:
                result.append((i, j))
    return result


def is_chinese(text: str) -> bool:
    return bool(CJK.search(text))


def bigrams(text: str) -> set[str]:
    chars = [c for c in text if not c.isspace()]
    if len(chars) == 1:
        return {chars[0]}
    return {a + b for a, b in zip(chars, chars[1:], strict=False)}


# Cues ----------------------------------------------------------------------------------------

PROFICIENCY_CUES = [
    (5, r"expert|mastery|authority on|deep expertise|精通"),
    (4, r"advanced|senior|extensive|in-depth|proficien\w*|highly skilled|熟练"),
    (3, r"solid|working knowledge|hands-on|competent|good command|independently|掌握"),
    (2, r"basic|familiar\w*|some experience|exposure to|junior|了解|熟悉"),
    (
        1,
        r"willing(?:ness)? to learn|no experience (?:is )?(?:needed|required)"
        r"|entry[- ]level|trainee",
    ),
]
LEVEL_CUES = [
    (8, r"ph\.?\s?d|doctora\w+|博士"),
    (7, r"master'?s?(?: degree)?|m\.?sc|mba|硕士|研究生"),
    (6, r"bachelor'?s?|b\.?sc|b\.?eng|\bbs\b|\bba\b|university degree|本科|学士"),
    (5, r"associate degree|higher vocational|advanced diploma|高职|大专|专科|技师"),
    (4, r"vocational (?:certificate|diploma|qualification)|secondary vocational|中专|中职|高级工"),
    (3, r"high school|apprenticeship|中级工"),
]
YEARS = re.compile(r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?years?", re.IGNORECASE)
_COMPILED = {
    "proficiency": [(v, re.compile(p, re.IGNORECASE)) for v, p in PROFICIENCY_CUES],
    "level": [(v, re.compile(p, re.IGNORECASE)) for v, p in LEVEL_CUES],
}


@dataclass(frozen=True)
class Cues:
    """What a text says about the level it asks for: proficiency 1–5, an EQF-style qualification
    level 1–8, and years of experience."""

    proficiency: int | None = None
    qualification_level: int | None = None
    years: int | None = None


def _first(kind, text):
    for value, pattern in _COMPILED[kind]:
        if pattern.search(text):
            return value
    return None


def cues(text: str) -> Cues:
    years = [int(m.group(1)) for m in YEARS.finditer(text)]
    proficiency = _first("proficiency", text)
    if proficiency is None and years:
        proficiency = 4 if max(years) >= 5 else 3 if max(years) >= 2 else 2
    return Cues(proficiency, _first("level", text), max(years) if years else None)


def states_proficiency(text: str) -> bool:
    """Whether the text holds any proficiency cue at all."""
    return _first("proficiency", text) is not None


def proficiency_near(text: str, start: int, window: int = 40) -> int | None:
    """The proficiency a cue states just before a span (``expert in Java``), if any."""
    return _first("proficiency", text[max(0, start - window) : start])
