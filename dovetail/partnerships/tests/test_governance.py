"""Governance: a conflict settles into an enforced interface rule; contradictions, bad ledger
entries and unreviewed redactions are refused by name; each party sees only what is theirs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from dovetail.core.errors import ServiceError
from dovetail.core.models import AuditEvent
from dovetail.partnerships import case_library, conflicts, exchanges, ledger, services
from dovetail.partnerships.models import (
    Clearance,
    Commitment,
    ConfidentialTerm,
    ConflictCase,
    RedactionSpan,
    RuleVersion,
    TeachingCase,
    Zone,
)
from dovetail.partnerships.tests.helpers import appoint_industry_professor, promise

pytestmark = pytest.mark.django_db


def peak_season_to_college():
    return conflicts.ProposedRule(
        "temporal", "peak_season", {"prevailing_party": "college", "rank": 3}
    )


def test_a_settled_rule_is_versioned_and_enforced(persona, partnership, agreement, case, today):
    # given the agreement lets the enterprise's peak season win
    assert services.prevailing_party(partnership, "peak_season", on=today) == ("enterprise", 3)
    conflicts.add_step(
        case,
        by=persona("coordinator"),
        strategy="rule_adaptation",
        note="Exam weeks stay; peak season yields",
        taken_on=today,
    )
    # when the partners settle on a changed rule
    conflicts.settle(
        case,
        by=persona("hr"),
        outcome="changed_rule",
        settlement="Peak season yields to teaching",
        on=today,
        rule=peak_season_to_college(),
    )
    # then scheduling reads the new rule, and the version names the case that made it
    assert services.prevailing_party(partnership, "peak_season", on=today) == ("college", 3)
    version = RuleVersion.objects.get(agreement=agreement, key="peak_season")
    assert (version.version, version.source_case, version.previous["prevailing_party"]) == (
        2,
        case,
        "enterprise",
    )
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("settled", "changed_rule")


def test_a_new_rule_that_contradicts_one_in_force_is_refused_naming_both(
    persona,
    agreement,
    case,
    today,
):
    with pytest.raises(ServiceError) as error:
        conflicts.settle(
            case,
            by=persona("hr"),
            outcome="new_rule",
            settlement="x",
            on=today,
            rule=peak_season_to_college(),
        )
    assert error.value.code == "contradiction"
    assert "Enterprise peak season → College" in error.value.message
    assert "Enterprise peak season → Enterprise" in error.value.message
    assert agreement.title in error.value.message
    case.refresh_from_db()
    assert case.status == "open"  # nothing written


def test_a_rule_taking_another_rules_priority_is_refused(persona, agreement, case, today):
    rule = conflicts.ProposedRule(
        "temporal", "new_order", {"prevailing_party": "enterprise", "rank": 1}
    )
    with pytest.raises(ServiceError, match="Exam period → College"):
        conflicts.settle(
            case, by=persona("hr"), outcome="new_rule", settlement="x", on=today, rule=rule
        )


def test_more_access_at_a_more_confidential_level_is_a_contradiction(
    persona, agreement, case, today
):
    rule = conflicts.ProposedRule("participation", "2", {"participation": "operate"})
    with pytest.raises(ServiceError, match="Internal: Assist under supervision"):
        conflicts.settle(
            case, by=persona("hr"), outcome="changed_rule", settlement="x", on=today, rule=rule
        )


def test_a_participation_rule_from_a_case_changes_what_learners_may_do(
    persona,
    partnership,
    agreement,
    case,
    today,
):
    zone = Zone.objects.create(
        enterprise=partnership.enterprise, kind="cooperation", confidentiality_level=1, name="L1"
    )
    assert services.participation_for(persona("learner"), zone, on=today).participation == "assist"
    rule = conflicts.ProposedRule("participation", "1", {"participation": "observe"})
    conflicts.settle(
        case,
        by=persona("coordinator"),
        outcome="changed_rule",
        settlement="Observe only on line 2",
        on=today,
        rule=rule,
    )
    assert services.participation_for(persona("learner"), zone, on=today).participation == "observe"


def test_an_accepted_contradiction_needs_its_boundary(persona, case, today):
    with pytest.raises(ServiceError) as error:
        conflicts.settle(
            case,
            by=persona("hr"),
            outcome="accepted_contradiction",
            settlement="We differ",
            on=today,
        )
    assert error.value.field == "boundary"


def test_escalation_lets_the_regions_officer_mediate_and_settle(persona, case, today):
    officer = persona("officer")
    with pytest.raises(PermissionDenied):
        conflicts.add_step(
            case, by=officer, strategy="discourse_reconstruction", note="x", taken_on=today
        )
    conflicts.escalate(case, by=persona("coordinator"), on=today)
    waiting = [item.title for item in conflicts.agenda_for(officer, today=today, limit=100)]
    assert "Conflict to mediate" in waiting
    step = conflicts.add_step(
        case,
        by=officer,
        strategy="discourse_reconstruction",
        note="Frame line 2 as an observation zone",
        taken_on=today,
    )
    assert step.party == "mediator"
    conflicts.settle(
        case,
        by=officer,
        outcome="marginal_adjustment",
        settlement="Observation from the gallery",
        on=today,
    )
    assert ConflictCase.objects.get(pk=case.pk).settled_by == officer
    assert case.title not in [
        i.detail.split(" · ")[0] for i in conflicts.agenda_for(officer, today=today)
    ]


def test_learners_and_other_organisations_do_not_see_conflicts(persona, case):
    assert not conflicts.case_rows(persona("learner")).exists()
    assert conflicts.case_rows(persona("mentor")).filter(pk=case.pk).exists()


def test_a_case_is_coded_by_at_least_one_dimension(persona, partnership, today):
    with pytest.raises(ServiceError) as error:
        conflicts.raise_conflict(
            partnership,
            by=persona("coordinator"),
            title="t",
            trigger="schedule_clash",
            description="d",
            dimensions=[],
            raised_on=today,
        )
    assert error.value.field == "dimensions"


def test_flows_count_each_case_by_its_deciding_strategy(persona, case, today):
    conflicts.add_step(
        case, by=persona("hr"), strategy="resource_exchange", note="a", taken_on=today
    )
    conflicts.add_step(
        case, by=persona("coordinator"), strategy="situational_exemption", note="b", taken_on=today
    )
    conflicts.settle(
        case, by=persona("hr"), outcome="marginal_adjustment", settlement="s", on=today
    )
    flows = conflicts.conflict_flows(ConflictCase.objects.filter(pk=case.pk))
    assert [(f.trigger, f.strategy, f.outcome, f.count) for f in flows] == [
        ("confidentiality_refusal", "situational_exemption", "marginal_adjustment", 1)
    ]


# -- ledger -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "overrides, field",
    [({"quantity": Decimal(-1)}, "quantity"), ({"due_on": "before"}, "due_on")],
)
def test_a_bad_ledger_entry_is_refused_naming_the_field(
    persona, partnership, agreement, overrides, field
):
    if overrides.get("due_on") == "before":
        overrides = {"due_on": agreement.starts_on - timedelta(days=1)}
    with pytest.raises(ServiceError) as error:
        promise(persona, partnership, agreement, **overrides)
    assert error.value.field == field
    assert not Commitment.objects.filter(agreement=agreement).exists()


def test_deliveries_fulfil_a_commitment_and_the_balance_shows_it(
    persona, partnership, agreement, today
):
    def enterprise_balance():
        view = ledger.ledger(persona("coordinator"), partnership, today=today)
        balance = next(b for b in view["balances"] if b.side == "Enterprise")
        return balance.promised, balance.fulfilled, balance.on_time

    before = enterprise_balance()
    promised = promise(persona, partnership, agreement, due_on=today + timedelta(days=5))
    ledger.record_fulfilment(promised, by=persona("hr"), quantity=Decimal(25), delivered_on=today)
    assert Commitment.objects.get(pk=promised.pk).status == "open"
    ledger.record_fulfilment(promised, by=persona("hr"), quantity=Decimal(15), delivered_on=today)
    assert Commitment.objects.get(pk=promised.pk).status == "fulfilled"
    after = enterprise_balance()
    assert [a - b for a, b in zip(after, before, strict=True)] == [1, 1, 1]


def test_an_overdue_commitment_is_on_the_agenda(persona, partnership, agreement, today):
    promise(persona, partnership, agreement, due_on=today - timedelta(days=1))
    items = ledger.agenda_for(persona("coordinator"), today=today, limit=100)
    assert "Commitment overdue" in [item.title for item in items if item.urgent]


def test_a_mentor_cannot_write_the_ledger(persona, partnership, agreement):
    with pytest.raises(PermissionDenied):
        promise(persona, partnership, agreement, by="mentor")


# -- exchanges ----------------------------------------------------------------------------


def test_an_industry_professor_comes_from_the_enterprise_and_logs_outputs(
    persona, partnership, today
):
    with pytest.raises(ServiceError) as error:
        exchanges.appoint(
            partnership,
            by=persona("coordinator"),
            kind="industry_professor",
            person=persona("teacher"),
            starts_on=today,
            ends_on=today + timedelta(days=365),
            hours_committed=60,
        )
    assert error.value.field == "person"
    appointment = appoint_industry_professor(persona, partnership, today, hours=60)
    exchanges.record_output(
        appointment,
        by=persona("pm"),
        kind="course_taught",
        title="PLC fault finding",
        hours=Decimal(24),
        delivered_on=today,
    )
    [row] = exchanges.exchange_rows(persona("officer"), partnership=partnership)
    assert (row.hours_delivered, row.share_delivered) == (Decimal(24), 0.4)


# -- case library -------------------------------------------------------------------------

CASE_TEXT = (
    "王芳经理 asked Sun Qiang to cut the HX-7 housing at a spindle speed of 9,500 rpm. "
    "Call 13912345678 with questions."
)


@pytest.fixture
def teaching_case(persona, partnership, agreement):
    ConfidentialTerm.objects.create(agreement=agreement, term="spindle speed")
    ConfidentialTerm.objects.create(agreement=agreement, term="HX-7")
    return case_library.submit_case(
        partnership,
        by=persona("pm"),
        title="Cutting a housing",
        original=CASE_TEXT,
        confidentiality_level=0,
    )


def test_submitted_cases_carry_the_spans_the_agreement_and_the_people_imply(teaching_case):
    found = set(teaching_case.spans.values_list("kind", "original"))
    assert {
        ("person", "Sun Qiang"),
        ("parameter", "HX-7"),
        ("parameter", "spindle speed"),
        ("number", "9,500 rpm"),
        ("phone", "13912345678"),
    } <= found
    assert ("person", "王芳") in found or ("person", "王芳经理") in found


def test_a_case_cannot_be_published_while_a_span_is_unreviewed(persona, teaching_case):
    with pytest.raises(ServiceError) as error:
        case_library.sign_off(teaching_case, by=persona("hr"))
    assert "not reviewed" in error.value.message
    assert TeachingCase.objects.get(pk=teaching_case.pk).status == "in_review"


def test_learners_read_the_signed_off_text_only(persona, teaching_case):
    assert not case_library.case_rows(persona("learner")).filter(pk=teaching_case.pk).exists()
    spans = teaching_case.spans.all()
    decisions = {span.pk: "redact" for span in spans}
    case_library.decide(teaching_case, by=persona("hr"), decisions=decisions)
    case_library.mark(teaching_case, by=persona("hr"), text="questions", kind="parameter")
    case_library.sign_off(teaching_case, by=persona("hr"))
    published = case_library.case_rows(persona("learner")).get(pk=teaching_case.pk)
    assert "9,500" not in published.redacted and "Sun Qiang" not in published.redacted
    assert "[PARAMETER 3]" in published.redacted  # the word the reviewer marked
    view = case_library.case_view(persona("learner"), published)
    assert not view["may_see_original"] and view["segments"] == []


def test_only_the_enterprise_reviews_and_restricted_cases_follow_clearances(
    persona,
    partnership,
    teaching_case,
    today,
):
    with pytest.raises(PermissionDenied):
        case_library.sign_off(teaching_case, by=persona("coordinator"))
    secret = case_library.submit_case(
        partnership,
        by=persona("hr"),
        title="Line 2",
        original="Nothing personal here.",
        confidentiality_level=2,
    )
    case_library.sign_off(secret, by=persona("hr"))
    assert not case_library.case_rows(persona("teacher")).filter(pk=secret.pk).exists()
    Clearance.objects.create(
        holder=persona("teacher"),
        partnership=partnership,
        level=2,
        signed_on=today,
        expires_on=today + timedelta(days=30),
    )
    assert case_library.case_rows(persona("teacher")).filter(pk=secret.pk).exists()


def test_reviewing_is_audited(persona, teaching_case):
    span = teaching_case.spans.first()
    case_library.decide(teaching_case, by=persona("hr"), decisions={span.pk: "keep"})
    assert RedactionSpan.objects.get(pk=span.pk).decision == "keep"
    assert AuditEvent.objects.filter(action="case.review").exists()


def test_the_agreements_confidential_terms_are_named_by_its_editors_and_redacted(
    persona, partnership, agreement
):
    services.set_confidential_terms(
        agreement, by=persona("hr"), terms=["HX-7 housing", " ", "HX-7 housing", "Northwind"]
    )
    assert sorted(agreement.confidential_terms.values_list("term", flat=True)) == [
        "HX-7 housing",
        "Northwind",
    ]
    case = case_library.submit_case(
        partnership,
        by=persona("pm"),
        title="Housing",
        original="The HX-7 housing for Northwind.",
        confidentiality_level=0,
    )
    assert {("parameter", "HX-7 housing"), ("parameter", "Northwind")} <= set(
        case.spans.values_list("kind", "original")
    )
    with pytest.raises(PermissionDenied):
        services.set_confidential_terms(agreement, by=persona("teacher"), terms=["x"])
    with pytest.raises(ServiceError) as error:
        services.set_confidential_terms(agreement, by=persona("hr"), terms=["x" * 121])
    assert error.value.field == "terms"
    assert agreement.confidential_terms.count() == 2  # the refused list wrote nothing
