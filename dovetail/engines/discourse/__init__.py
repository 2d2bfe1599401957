"""Discourse reconstruction: turn an enterprise's demand for a skill into a learning-outcome
statement (English and Chinese) with its industry rationale. Pure: data and templates in,
text out; the verb taxonomy (Bloom's revised) is data in ``data/bloom_revised.json``."""

from dovetail.engines.discourse._outcome import (
    DemandEvidence,
    Level,
    OutcomeDraft,
    VerbTaxonomy,
    draft_outcome,
    verb_taxonomy,
)

__all__ = [
    "DemandEvidence",
    "Level",
    "OutcomeDraft",
    "VerbTaxonomy",
    "draft_outcome",
    "verb_taxonomy",
]
