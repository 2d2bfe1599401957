"""Skills engine: map free text onto a skills taxonomy (pure: no Django, no database)."""

from dovetail.engines.skills.mapper import Concept, Mapping, Match, SkillIndex, Weights
from dovetail.engines.skills.text import Cues, cues

__all__ = ["Concept", "Cues", "Mapping", "Match", "SkillIndex", "Weights", "cues"]
