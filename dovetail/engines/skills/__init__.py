"""Skills engine: map free text onto a skills taxonomy (pure: no Django, no database)."""

from dovetail.engines.skills.corrections import Correction, CorrectionMemory
from dovetail.engines.skills.mapper import Concept, Mapping, Match, SkillIndex, Weights
from dovetail.engines.skills.text import Cues, cues

__all__ = [
    "Concept",
    "Correction",
    "CorrectionMemory",
    "Cues",
    "Mapping",
    "Match",
    "SkillIndex",
    "Weights",
    "cues",
]
