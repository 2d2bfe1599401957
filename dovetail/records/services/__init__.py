"""Learning records: competency evidence, diaries, co-assessment, progress, and the xAPI bridge
to the LRS. The only code that reads or writes the records tables."""

from dovetail.records.services.evidence import best_proficiencies

__all__ = ["best_proficiencies"]
