"""Curriculum's rows many at a time (see :mod:`dovetail.core.bulk`): programmes, modules,
learning outcomes (mapped onto the skills taxonomy as they are added) and graduate plans."""

from dovetail.core.bulk import insert
from dovetail.curriculum.models import GraduatePlan, LearningOutcome, Module, Programme
from dovetail.curriculum.services import map_outcomes


def add_programmes(rows) -> list[Programme]:
    return insert(Programme, rows)


def add_modules(rows) -> list[Module]:
    return insert(Module, rows)


def add_outcomes(rows) -> list[LearningOutcome]:
    outcomes = insert(LearningOutcome, rows)
    map_outcomes([outcome.pk for outcome in outcomes])
    return outcomes


def add_graduate_plans(rows) -> list[GraduatePlan]:
    return insert(GraduatePlan, rows)
