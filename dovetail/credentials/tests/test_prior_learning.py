"""Recognition of prior learning: claim, ask for more, decide; an accepted claim banks the
module's credit and issues its credential; only the learner's college assesses."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dovetail.core.errors import ServiceError
from dovetail.credentials import credit_bank, prior_learning, verification
from dovetail.credentials.models import Credential, CreditEntry, PriorLearningClaim
from dovetail.curriculum.models import Module, Programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(persona, other_module):
    return prior_learning.submit_claim(
        by=persona("learner"),
        module=other_module,
        statement="Three years wiring control cabinets at my uncle's workshop.",
    )


def outcome_ids(module):
    return list(module.outcomes.values_list("pk", flat=True))


def test_an_accepted_claim_banks_the_credit_and_issues_the_credential(persona, claim, other_module):
    learner = persona("learner")
    prior_learning.add_evidence(
        claim, by=learner, kind="employer", text="Workshop owner: she wired 40 cabinets."
    )
    decided = prior_learning.decide(
        claim,
        by=persona("teacher"),
        decision="accepted",
        note="The cabinets shown meet every outcome.",
        outcomes_met=outcome_ids(other_module),
    )
    assert decided.status == PriorLearningClaim.Status.ACCEPTED
    entry = CreditEntry.objects.get(learner=learner.learner_profile, module=other_module)
    assert (
        entry.source == CreditEntry.Source.PRIOR_LEARNING and entry.credits == other_module.credits
    )
    credential = Credential.objects.get(
        learner=learner.learner_profile, achievement__module=other_module
    )
    assert entry.credential == credential == decided.credential
    assert verification.check_issued(credential).valid
    assert [e.kind for e in credential.evidence.all()] == ["claim", "claim"]


def test_the_assessor_asks_for_more_and_the_learner_answers(persona, claim):
    prior_learning.decide(
        claim, by=persona("teacher"), decision="more_evidence", note="Add a photo of your work."
    )
    assert claim.status == "more_evidence"
    prior_learning.add_evidence(
        claim, by=persona("learner"), kind="employer", text="Signed letter."
    )
    prior_learning.resubmit(claim, by=persona("learner"), note="Letter added")
    assert claim.status == "submitted"
    assert [e.status for e in claim.events.all()] == ["submitted", "more_evidence", "submitted"]


def test_accepting_needs_every_outcome_met_and_some_evidence(persona, claim, other_module):
    ids = outcome_ids(other_module)
    with pytest.raises(ServiceError, match="every outcome met"):
        prior_learning.decide(
            claim, by=persona("teacher"), decision="accepted", note="ok", outcomes_met=ids[:-1]
        )
    with pytest.raises(ServiceError, match="no evidence"):
        prior_learning.decide(
            claim, by=persona("teacher"), decision="accepted", note="ok", outcomes_met=ids
        )
    assert not CreditEntry.objects.filter(module=other_module).exists()


def test_only_the_learners_college_staff_assess_and_never_the_learner(
    persona, claim, other_college
):
    for outsider in (persona("learner"), persona("mentor"), other_college["coordinator"]):
        with pytest.raises(PermissionDenied):
            prior_learning.decide(claim, by=outsider, decision="rejected", note="no")


def test_nobody_adds_evidence_to_someone_elses_claim(persona, claim, other_college):
    with pytest.raises(PermissionDenied):
        prior_learning.add_evidence(
            claim, by=other_college["learner"], kind="employer", text="I vouch"
        )


def test_a_statement_must_be_about_the_learner(persona, claim):
    with pytest.raises(ServiceError, match="holds no statement"):
        prior_learning.add_evidence(
            claim,
            by=persona("learner"),
            kind="statement",
            statement_id="00000000-0000-4000-8000-000000000001",
        )


def test_a_module_is_claimed_once_and_only_at_the_learners_college(persona, claim, other_module):
    with pytest.raises(ServiceError, match="not open to a claim"):
        prior_learning.submit_claim(by=persona("learner"), module=other_module, statement="again")


def test_transfer_rules_count_outside_credit_toward_a_qualification(
    persona, learner_profile, module, other_module
):
    coordinator = persona("coordinator")
    college = learner_profile.college
    diploma = credit_bank.add_qualification(
        college,
        by=coordinator,
        modules=[module, other_module],
        name="Diploma",
        kind="academic",
        level=5,
        credits_required=module.credits + other_module.credits,
    )
    # the demo's own outside credit and rule are left out: this test brings its own
    learner_profile.credit_entries.all().delete()
    credit_bank.record_credit(
        learner_profile,
        by=coordinator,
        institution="Open University",
        code="ELEC-101",
        title="Electrical basics",
        credits=Decimal("2.0"),
        level=5,
        earned_on=learner_profile.created_at.date(),
    )
    before = credit_bank.progress(learner_profile, diploma)
    assert before.earned == 0 and len(before.missing) == 2
    credit_bank.add_rule(
        college,
        by=coordinator,
        source_institution="open university",
        source_code="elec-101",
        target_module=module,
        credits=module.credits,
    )
    after = credit_bank.progress(learner_profile, diploma)
    assert after.earned == module.credits and after.missing == [other_module]
    assert after.counted[0].rule is not None


def test_credit_is_recorded_only_by_the_learners_college(persona, learner_profile, other_college):
    with pytest.raises(PermissionDenied):
        credit_bank.record_credit(
            learner_profile,
            by=other_college["coordinator"],
            institution="X",
            code="Y",
            title="Z",
            credits=Decimal(5),
            level=1,
            earned_on=learner_profile.created_at.date(),
        )


def test_the_teacher_finds_claims_to_assess_on_the_home_agenda(client_as, claim):
    page = client_as("teacher").get("/")
    assert b"Prior-learning claim to assess" in page.content
    assert b"Prior-learning claim to assess" not in client_as("learner").get("/").content


def test_another_colleges_staff_change_no_rules_or_qualifications(
    persona, learner_profile, module, other_college
):
    college = learner_profile.college
    with pytest.raises(PermissionDenied):
        credit_bank.add_rule(
            college,
            by=other_college["coordinator"],
            source_institution="X",
            source_code="Y",
            target_module=module,
            credits=Decimal(1),
        )
    with pytest.raises(PermissionDenied):
        credit_bank.add_qualification(
            college,
            by=other_college["coordinator"],
            modules=[module],
            name="Q",
            kind="academic",
            level=5,
            credits_required=Decimal(1),
        )
    # and a college's own rule may not point at another college's module
    programme = Programme.objects.create(
        college=other_college["college"],
        code="p",
        name="P",
        qualification_level=5,
        duration_years=3,
    )
    elsewhere = Module.objects.create(
        programme=programme, code="m", name="M", credits=2, hours=32, semester=1
    )
    with pytest.raises(ServiceError, match="own modules"):
        credit_bank.add_rule(
            college,
            by=persona("coordinator"),
            source_institution="X",
            source_code="Y",
            target_module=elsewhere,
            credits=Decimal(1),
        )
