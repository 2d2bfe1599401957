"""Competency progress: every learner's competencies from all evidence, and the cohort's."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import CHANGE, may, organisations_for, visible
from dovetail.curriculum.services import outcome_skills
from dovetail.records.models import Competency, Rubric
from dovetail.records.policies import FOLLOW_EVERY_COHORT, RECOGNISE_LEARNING
from dovetail.skills.models import Skill
from dovetail.skills.profiles import grouped_levels


@dataclass
class SkillStanding:
    skill: Skill
    best: int
    latest: date
    sources: set = field(default_factory=set)


@dataclass
class GroupStanding:
    group: Skill | None
    mean: float
    skills: list


def _group_of(skill):
    return skill.parent if skill.parent_id else None


def competency_profile(profile):
    """(skill standings by group, evidence newest first) for one learner."""
    evidence = list(
        Competency.objects.filter(learner_id=profile.user_id)
        .select_related("skill__parent", "recorded_by")
        .order_by("-achieved_on", "-created_at")
    )
    standings = {}
    for item in evidence:
        standing = standings.setdefault(
            item.skill_id, SkillStanding(item.skill, item.proficiency, item.achieved_on)
        )
        standing.best = max(standing.best, item.proficiency)
        standing.latest = max(standing.latest, item.achieved_on)
        standing.sources.add(item.get_source_display())
    groups = {}
    for standing in standings.values():
        groups.setdefault(_group_of(standing.skill), []).append(standing)
    return [
        GroupStanding(group, sum(s.best for s in items) / len(items), sorted(items, key=_label))
        for group, items in sorted(groups.items(), key=lambda pair: _label_of(pair[0]))
    ], evidence


def _label(standing):
    return str(standing.skill)


def _label_of(group):
    return str(group) if group else ""


def programme_skill_ids(profile: LearnerProfile) -> list[int]:
    """The skills the learner's programme teaches, those most of its outcomes cover first (what
    a skill picker suggests for the learner)."""
    if profile.programme_id is None:
        return []
    covered = Counter(row.skill_id for row in outcome_skills([profile.programme_id]))
    return [skill_id for skill_id, _count in covered.most_common()]


def cohort_learners(user, *, college_id=None):
    """The learners whose progress the user follows: at the colleges they teach at, by name."""
    profiles = visible(user, LearnerProfile).select_related("user", "programme")
    if not may(user, FOLLOW_EVERY_COHORT, LearnerProfile()):
        # the cohorts of the colleges the user teaches at, not their own record
        profiles = profiles.filter(college__in=organisations_for(user, CHANGE, Rubric))
    if college_id:
        profiles = profiles.filter(college_id=college_id)
    return profiles.order_by("user__full_name", "pk")


def cohort_progress(profiles):
    """(groups, [(learner profile, {group id: mean best proficiency}, evidence count)]) for
    these learners (a page of :func:`cohort_learners`), grouped on the mapping taxonomy."""
    profiles = list(profiles)
    best, counts = {}, Counter()
    for learner_id, skill_id, proficiency in Competency.objects.filter(
        learner_id__in=[p.user_id for p in profiles]
    ).values_list("learner_id", "skill_id", "proficiency"):
        best[learner_id, skill_id] = max(proficiency, best.get((learner_id, skill_id), 0))
        counts[learner_id] += 1
    grouped = grouped_levels(best)
    rows = [
        (profile, grouped.means.get(profile.user_id, {}), counts[profile.user_id])
        for profile in profiles
    ]
    return grouped.groups, rows


def radar(profile, standings: list[GroupStanding]) -> list[tuple[str, float]]:
    """The learner's mean best level in each group of the mapping taxonomy, for the radar."""
    best = {
        (profile.user_id, standing.skill.pk): standing.best
        for group in standings
        for standing in group.skills
    }
    grouped = grouped_levels(best)
    means = grouped.means.get(profile.user_id, {})
    return [(str(group), means.get(group.pk, 0.0)) for group in grouped.groups]


@transaction.atomic
def record_prior_learning(profile, *, by, skill, proficiency, evidence, achieved_on):
    """A teacher recognises learning done before or outside the programme."""
    if not may_recognise(by, profile):
        raise ServiceError(
            "Only the learner's teachers recognise prior learning.", code="forbidden"
        )
    if not 1 <= int(proficiency) <= 5:
        raise ServiceError("Proficiency goes from 1 to 5.", field="proficiency")
    if not evidence.strip():
        raise ServiceError(
            "Describe the evidence (certificate, portfolio, work record).", field="evidence"
        )
    competency = Competency.objects.create(
        learner_id=profile.user_id,
        skill=skill,
        proficiency=int(proficiency),
        source=Competency.Source.PRIOR_LEARNING,
        achieved_on=achieved_on,
        evidence=evidence.strip()[:300],
        recorded_by=by,
    )
    audit.record(by, "competency.prior_learning", competency)
    return competency


def may_recognise(user, profile):
    return may(user, RECOGNISE_LEARNING, profile)
