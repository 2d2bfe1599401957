"""Discourse reconstruction: an enterprise's need, written as a learning outcome a teaching
committee can adopt, in English and Chinese.

The statement is built from data and templates only: the action verb comes from the level of
Bloom's revised taxonomy that the demanded proficiency maps to; the skill and its context follow;
the industry rationale is written from the demand evidence. A skill named as an action ("write
ladder logic") takes the level's action frame; a skill named as a thing ("PLC programming") takes
the level's verb.
"""

import json
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

TAXONOMY = Path(__file__).with_name("data") / "bloom_revised.json"


@dataclass(frozen=True)
class Level:
    level: int
    name: str
    name_zh: str
    verbs: tuple[str, ...]
    verbs_zh: tuple[str, ...]
    action_frame: str
    action_frame_zh: str


@dataclass(frozen=True)
class VerbTaxonomy:
    levels: dict[int, Level]
    proficiency_to_level: dict[int, int]
    action_verbs: frozenset[str]


@lru_cache(maxsize=1)
def verb_taxonomy(path: Path = TAXONOMY) -> VerbTaxonomy:
    raw = json.loads(path.read_text(encoding="utf-8"))
    levels = {
        row["level"]: Level(
            row["level"],
            row["name"],
            row["name_zh"],
            tuple(row["verbs"]),
            tuple(row["verbs_zh"]),
            row["action_frame"],
            row["action_frame_zh"],
        )
        for row in raw["levels"]
    }
    return VerbTaxonomy(
        levels,
        {int(k): v for k, v in raw["proficiency_to_level"].items()},
        frozenset(raw["action_verbs"]),
    )


@dataclass(frozen=True)
class DemandEvidence:
    """What the enterprises asked: adverts (and requests) naming the skill, who, when, how many."""

    demands: int
    enterprises: tuple[str, ...]
    first: date
    last: date
    headcount: int = 0
    enterprises_zh: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class OutcomeDraft:
    level: int
    level_name: str
    verb: str
    text: str
    text_zh: str
    rationale: str
    rationale_zh: str


def _names(names, limit=3, joiner=", "):
    shown = list(names[:limit])
    more = len(names) - len(shown)
    return joiner.join(shown) + (f" +{more}" if more > 0 else "")


def _rationale(evidence: DemandEvidence) -> tuple[str, str]:
    people = f", {evidence.headcount} people wanted" if evidence.headcount else ""
    english = (
        f"Asked for in {evidence.demands} job adverts and requests from "
        f"{len(evidence.enterprises)} enterprises ({_names(evidence.enterprises)}) between "
        f"{evidence.first.isoformat()} and {evidence.last.isoformat()}{people}."
    )
    names_zh = evidence.enterprises_zh or evidence.enterprises
    people_zh = f"，需求人数{evidence.headcount}人" if evidence.headcount else ""
    chinese = (
        f"依据：{evidence.first.isoformat()}至{evidence.last.isoformat()}期间，"
        f"{len(names_zh)}家企业（{_names(names_zh, joiner='、')}）的{evidence.demands}条"
        f"招聘与用人需求提出该技能{people_zh}。"
    )
    return english, chinese


def _is_action(label: str, taxonomy: VerbTaxonomy) -> bool:
    first = label.strip().split(" ", 1)[0].lower()
    return first in taxonomy.action_verbs


def draft_outcome(
    skill: str,
    skill_zh: str,
    *,
    proficiency: int,
    context: str,
    context_zh: str,
    evidence: DemandEvidence | None = None,
    taxonomy: VerbTaxonomy | None = None,
) -> OutcomeDraft:
    """A learning-outcome statement for a demanded skill.

    >>> from datetime import date
    >>> draft = draft_outcome("write ladder logic", "编写梯形图程序", proficiency=3,
    ...     context="automated production lines", context_zh="自动化生产线")
    >>> draft.text
    'Learners can write ladder logic independently in automated production lines.'
    >>> draft.text_zh
    '学习者能够在自动化生产线中独立编写梯形图程序。'
    """
    taxonomy = taxonomy or verb_taxonomy()
    if not skill.strip():
        raise ValueError("skill: give the skill's name")
    if proficiency not in taxonomy.proficiency_to_level:
        raise ValueError(f"proficiency: {proficiency} is not a level from 1 to 5")
    level = taxonomy.levels[taxonomy.proficiency_to_level[proficiency]]
    skill_zh = skill_zh.strip() or skill.strip()
    if _is_action(skill, taxonomy):
        verb = skill.strip().split(" ", 1)[0].lower()
        body = level.action_frame.format(skill=skill.strip())
        body_zh = level.action_frame_zh.format(skill=skill_zh)
    else:
        verb = level.verbs[0]
        body = f"{verb} {skill.strip()}"
        body_zh = f"{level.verbs_zh[0]}{skill_zh}"
    where = f" in {context.strip()}" if context.strip() else ""
    where_zh = f"在{context_zh.strip()}中" if context_zh.strip() else ""
    rationale, rationale_zh = _rationale(evidence) if evidence else ("", "")
    return OutcomeDraft(
        level=level.level,
        level_name=level.name,
        verb=verb,
        text=f"Learners can {body}{where}.",
        text_zh=f"学习者能够{where_zh}{body_zh}。",
        rationale=rationale,
        rationale_zh=rationale_zh,
    )
