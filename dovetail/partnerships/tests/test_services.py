"""Interface rules are enforced from data; bad input names its field and writes nothing."""

from datetime import timedelta

import pytest

from dovetail.core.errors import ServiceError
from dovetail.core.models import AuditEvent, Organisation
from dovetail.partnerships import services
from dovetail.partnerships.models import Clearance, ParticipationRule, Partnership, Zone


def zone_at(partnership, level):
    kind = "restricted" if level >= 2 else "cooperation"
    return Zone.objects.create(
        enterprise=partnership.enterprise, kind=kind, confidentiality_level=level, name=f"L{level}"
    )


@pytest.mark.parametrize(
    "level, participation",
    [(0, "operate"), (1, "assist"), (2, "none"), (3, "none")],
)
def test_participation_follows_the_agreement_rules(
    persona, partnership, agreement, today, level, participation
):
    # the learner holds a level-1 clearance: level 2 needs more, level 3 admits nobody
    decision = services.participation_for(persona("learner"), zone_at(partnership, level), on=today)
    assert decision.participation == participation


def test_participation_rule_change_takes_effect_everywhere(persona, partnership, agreement, today):
    agreement.participation_rules.filter(confidentiality_level=2).update(
        requires_clearance=False, participation="observe"
    )
    decision = services.participation_for(persona("learner"), zone_at(partnership, 2), on=today)
    assert decision.participation == ParticipationRule.Participation.OBSERVE
    assert decision.max_hours_per_week == 16


def test_participation_requires_a_valid_clearance(persona, partnership, agreement, today):
    Clearance.objects.filter(holder=persona("learner")).update(revoked=True)
    decision = services.participation_for(persona("learner"), zone_at(partnership, 1), on=today)
    assert not decision.allowed
    assert "confidentiality agreement" in decision.reason


def test_no_participation_without_a_signed_agreement(persona, partnership, today):
    partnership.agreements.update(signed_on=None)
    decision = services.participation_for(persona("learner"), zone_at(partnership, 0), on=today)
    assert not decision.allowed
    assert "agreement" in decision.reason


def test_prevailing_party_reads_the_temporal_rules(partnership, agreement, today):
    assert services.prevailing_party(partnership, "exam_period", on=today) == ("college", 1)
    assert services.prevailing_party(partnership, "peak_season", on=today) == ("enterprise", 3)
    assert services.prevailing_party(partnership, "holiday", on=today) is None


def test_create_agreement_rejects_end_before_start(persona, partnership, today):
    with pytest.raises(ServiceError) as error:
        services.create_agreement(
            partnership,
            by=persona("coordinator"),
            kind="joint_project",
            title="x",
            starts_on=today,
            ends_on=today - timedelta(days=1),
        )
    assert error.value.field == "ends_on"


def test_create_zone_rejects_an_unprotected_restricted_zone(persona):
    enterprise = persona("hr").memberships.get().organisation
    before = Zone.objects.count()
    with pytest.raises(ServiceError) as error:
        services.create_zone(
            by=persona("hr"),
            enterprise=enterprise,
            name="Assembly",
            kind="restricted",
            confidentiality_level=1,
        )
    assert error.value.field == "confidentiality_level"
    assert Zone.objects.count() == before


def test_update_zone_audits_old_and_new_values(persona):
    zone = Zone.objects.filter(enterprise=persona("hr").memberships.get().organisation).first()
    old = zone.capacity
    services.update_zone(zone, by=persona("hr"), capacity=old + 5)
    event = AuditEvent.objects.filter(action="zone.update").first()
    assert event.changes == {"capacity": [old, old + 5]}
    assert event.actor == persona("hr")


def test_record_clearance_checks_holder_and_dates(
    persona, partnership, other_college, today, next_year
):
    coordinator = persona("coordinator")
    with pytest.raises(ServiceError) as error:
        services.record_clearance(
            by=coordinator,
            holder=other_college["learner"],
            partnership=partnership,
            level=1,
            signed_on=today,
            expires_on=next_year,
        )
    assert error.value.field == "holder"
    with pytest.raises(ServiceError) as error:
        services.record_clearance(
            by=coordinator,
            holder=persona("teacher"),
            partnership=partnership,
            level=2,
            signed_on=today,
            expires_on=today - timedelta(days=1),
        )
    assert error.value.field == "expires_on"
    clearance = services.record_clearance(
        by=coordinator,
        holder=persona("teacher"),
        partnership=partnership,
        level=2,
        signed_on=today,
        expires_on=next_year,
    )
    assert clearance.is_valid(today)


def test_learner_cannot_record_a_clearance(persona, partnership, today, next_year):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.record_clearance(
            by=persona("learner"),
            holder=persona("learner"),
            partnership=partnership,
            level=3,
            signed_on=today,
            expires_on=next_year,
        )


def test_create_partnership_refuses_duplicates_and_wrong_kinds(persona, partnership):
    coordinator = persona("coordinator")
    with pytest.raises(ServiceError) as error:
        services.create_partnership(
            by=coordinator,
            college=partnership.college,
            enterprise=partnership.enterprise,
            started_on=partnership.started_on,
        )
    assert error.value.code == "exists"
    with pytest.raises(ServiceError) as error:
        services.create_partnership(
            by=coordinator,
            college=partnership.college,
            enterprise=partnership.college,
            started_on=partnership.started_on,
        )
    assert error.value.field == "enterprise"


def test_coordinator_agenda_lists_the_expiring_clearance(persona, today):
    items = services.agenda_for(persona("coordinator"), today=today)
    expiring = [item for item in items if item.title == "Confidentiality agreement expires"]
    assert any(str(persona("learner")) in item.detail for item in expiring)


def test_learner_agenda_shows_only_their_own_clearance(persona, today):
    items = services.agenda_for(persona("learner"), today=today)
    details = {item.detail for item in items if item.title == "Confidentiality agreement expires"}
    assert details and all(str(persona("learner")) in detail for detail in details)


def test_region_panel_counts_partnerships(persona, today):
    panel = services.region_panel(persona("officer"), today=today)
    assert panel["partnerships"] == Partnership.objects.count()
    assert panel["colleges"] == Organisation.objects.filter(kind="college").count()


def test_signing_puts_the_agreement_in_force(persona, partnership, today, next_year):
    agreement = services.create_agreement(
        partnership,
        by=persona("coordinator"),
        kind="joint_project",
        title="Joint project",
        starts_on=today,
        ends_on=next_year,
    )
    assert services.agreement_in_force(partnership, today) != agreement
    services.sign_agreement(agreement, by=persona("hr"), signed_on=today)
    assert services.agreement_in_force(partnership, today) == agreement
    with pytest.raises(ServiceError) as error:
        services.sign_agreement(
            agreement, by=persona("hr"), signed_on=next_year + timedelta(days=1)
        )
    assert error.value.field == "signed_on"


def test_interface_rules_edit_changes_what_learners_may_do(persona, partnership, agreement, today):
    participation = {
        level: {
            "participation": "observe",
            "requires_clearance": level > 0,
            "max_hours_per_week": None,
        }
        for level in range(4)
    }
    temporal = {"peak_season": {"prevailing_party": "college", "rank": 1}}
    services.update_interface_rules(
        agreement, by=persona("coordinator"), participation=participation, temporal=temporal
    )
    decision = services.participation_for(persona("learner"), zone_at(partnership, 3), on=today)
    assert decision.participation == "none"  # the learner's clearance is only internal
    assert services.prevailing_party(partnership, "peak_season", on=today) == ("college", 1)
    assert services.prevailing_party(partnership, "exam_period", on=today) is None
    event = AuditEvent.objects.filter(action="agreement.rules").first()
    assert event.changes["level 0"]["participation"] == ["operate", "observe"]


def test_interface_rules_refuse_duplicate_priorities(persona, agreement):
    temporal = {
        "peak_season": {"prevailing_party": "college", "rank": 1},
        "exam_period": {"prevailing_party": "college", "rank": 1},
    }
    with pytest.raises(ServiceError) as error:
        services.update_interface_rules(
            agreement, by=persona("coordinator"), participation={}, temporal=temporal
        )
    assert error.value.field == "temporal"
    assert agreement.temporal_rules.get(conflict_kind="exam_period").rank == 1
    assert agreement.temporal_rules.count() == 4
