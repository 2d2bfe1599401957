"""Records' rows many at a time (see :mod:`dovetail.core.bulk`)."""

from dovetail.core.bulk import insert
from dovetail.records.models import Competency

COMPETENCY_SOURCES = Competency.Source.values


def add_competencies(rows) -> list[Competency]:
    return insert(Competency, rows)
