"""What the records app tells other apps, without knowing who listens."""

from django.dispatch import Signal

# sent inside the transaction that agrees a co-assessment the learner passed: with
# ``assessment`` (its rubric may belong to a module)
assessment_passed = Signal()
