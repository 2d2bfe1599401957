"""The partnership pages: coordinators sign agreements and edit their interface rules."""

from datetime import timedelta

from dovetail.partnerships import services
from dovetail.partnerships.models import Clearance


def test_coordinator_records_a_signature_from_the_partnership_page(
    client_as, persona, today, next_year
):
    partnership = Clearance.objects.get(holder=persona("learner")).partnership
    agreement = services.create_agreement(
        partnership,
        by=persona("coordinator"),
        kind="order_class",
        title="Unsigned order class",
        starts_on=today,
        ends_on=next_year,
    )
    client = client_as("coordinator")
    page = client.get(f"/partnerships/{partnership.pk}/").content.decode()
    assert f"/partnerships/agreements/{agreement.pk}/sign/" in page
    response = client.post(
        f"/partnerships/agreements/{agreement.pk}/sign/", {"signed_on": today.isoformat()}
    )
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert agreement.signed_on == today
    assert (
        client_as("learner").get(f"/partnerships/agreements/{agreement.pk}/sign/").status_code
        == 403
    )


def test_coordinator_edits_interface_rules_in_the_form(client_as, persona, today):
    partnership = Clearance.objects.get(holder=persona("learner")).partnership
    agreement = services.create_agreement(
        partnership,
        by=persona("coordinator"),
        kind="order_class",
        title="Rules",
        starts_on=today - timedelta(days=1),
        ends_on=today + timedelta(days=30),
        signed_on=today,
    )
    data = {}
    for level in range(4):
        data[f"participation_{level}"] = "observe"
        data[f"clearance_{level}"] = "on"
    data["party_exam_period"], data["rank_exam_period"] = "college", "1"
    response = client_as("coordinator").post(
        f"/partnerships/agreements/{agreement.pk}/rules/", data
    )
    assert response.status_code == 302
    assert set(agreement.participation_rules.values_list("participation", flat=True)) == {"observe"}
    assert list(agreement.temporal_rules.values_list("conflict_kind", flat=True)) == ["exam_period"]


def test_a_timing_rule_left_without_a_priority_is_settled_last(client_as, agreement):
    data = {f"participation_{level}": "observe" for level in range(4)}
    data["party_exam_period"], data["rank_exam_period"] = "college", "1"
    data["party_holiday"] = "college"  # no priority given
    response = client_as("coordinator").post(
        f"/partnerships/agreements/{agreement.pk}/rules/", data
    )
    assert response.status_code == 302
    assert list(agreement.temporal_rules.values_list("conflict_kind", "rank")) == [
        ("exam_period", 1),
        ("holiday", 99),
    ]
