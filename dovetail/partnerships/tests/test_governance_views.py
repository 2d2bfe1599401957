"""Governance pages and API: the forms reach the services, refusals show on the field, the
conflict flow and the ledger render, and people of other organisations are kept out."""

from datetime import timedelta
from decimal import Decimal

import pytest

from dovetail.core.tests.files import html_upload, png_upload
from dovetail.partnerships import case_library, conflicts
from dovetail.partnerships.models import Commitment, ConflictCase, Fulfilment, TeachingCase
from dovetail.partnerships.tests.helpers import promise

pytestmark = pytest.mark.django_db


def test_raising_a_conflict_from_the_page_opens_it(client_as, partnership, today):
    response = client_as("coordinator").post(
        f"/partnerships/{partnership.pk}/conflicts/new/",
        {
            "title": "Exam clash",
            "trigger": "schedule_clash",
            "description": "Peak season",
            "dimensions": ["temporal_horizon", "attention"],
            "raised_on": today.isoformat(),
        },
    )
    case = ConflictCase.objects.get(title="Exam clash")
    assert response.status_code == 302 and response.url == f"/partnerships/conflicts/{case.pk}/"
    assert case.dimensions == ["temporal_horizon", "attention"] and case.raised_by_side == "college"


def test_a_contradicting_settlement_is_shown_on_the_form(client_as, agreement, case, today):
    response = client_as("hr").post(
        f"/partnerships/conflicts/{case.pk}/",
        {
            "action": "settle",
            "settle-outcome": "new_rule",
            "settle-settlement": "Yield",
            "settle-settled_on": today.isoformat(),
            "settle-rule_key": "temporal:peak_season",
            "settle-prevailing_party": "college",
            "settle-rank": "3",
        },
    )
    assert response.status_code == 200
    assert "contradicts the rule in force" in response.content.decode()
    assert ConflictCase.objects.get(pk=case.pk).status == "open"


def test_the_conflict_list_draws_the_flow(client_as, partnership, case):
    page = client_as("officer").get(f"/partnerships/conflicts/?partnership={partnership.pk}")
    html = page.content.decode()
    assert "data-conflict-flow" in html and "Confidentiality refusal" in html


def test_learners_and_other_colleges_cannot_open_governance(
    client_as, other_college, partnership, case
):
    for who in ("learner",):
        assert client_as(who).get(f"/partnerships/conflicts/{case.pk}/").status_code == 404
        assert client_as(who).get(f"/partnerships/{partnership.pk}/ledger/").status_code == 404
    assert (
        client_as("learner").get(f"/partnerships/{partnership.pk}/conflicts/new/").status_code
        == 404
    )


def test_a_delivery_with_evidence_fulfils_and_serves_the_file_safely(
    client_as, persona, partnership, agreement, today
):
    client = client_as("hr")
    client.post(
        f"/partnerships/{partnership.pk}/commitments/new/",
        {
            "agreement": agreement.pk,
            "promised_by": "enterprise",
            "kind": "equipment",
            "description": "Two CNC machines",
            "quantity": "2",
            "due_on": today.isoformat(),
        },
    )
    commitment = Commitment.objects.get(description="Two CNC machines")
    refused = client.post(
        f"/partnerships/commitments/{commitment.pk}/deliveries/new/",
        {"quantity": "2", "delivered_on": today.isoformat(), "evidence": html_upload("note.png")},
    )
    assert (
        refused.status_code == 200 and not Fulfilment.objects.filter(commitment=commitment).exists()
    )
    client.post(
        f"/partnerships/commitments/{commitment.pk}/deliveries/new/",
        {"quantity": "2", "delivered_on": today.isoformat(), "evidence": png_upload()},
    )
    fulfilment = Fulfilment.objects.get(commitment=commitment)
    assert Commitment.objects.get(pk=commitment.pk).status == "fulfilled"
    served = client_as("coordinator").get(f"/partnerships/evidence/{fulfilment.pk}/")
    assert served["Content-Type"] == "image/png"
    assert client_as("learner").get(f"/partnerships/evidence/{fulfilment.pk}/").status_code == 404


def test_a_negative_amount_on_the_page_names_the_field(client_as, partnership, agreement, today):
    response = client_as("hr").post(
        f"/partnerships/{partnership.pk}/commitments/new/",
        {
            "agreement": agreement.pk,
            "promised_by": "enterprise",
            "kind": "money",
            "description": "Fund",
            "quantity": "-5",
            "due_on": today.isoformat(),
        },
    )
    assert "The amount cannot be negative." in response.content.decode()


def test_the_enterprise_reviews_and_signs_off_a_case_on_its_page(client_as, persona, partnership):
    case = case_library.submit_case(
        partnership,
        by=persona("pm"),
        title="Stops",
        original="Ms. Chen logged 3 stops.",
        confidentiality_level=0,
    )
    client = client_as("hr")
    refused = client.post(f"/partnerships/cases/{case.pk}/", {"action": "sign_off"}, follow=True)
    assert "not reviewed yet" in refused.content.decode()
    decisions = {f"span-{span.pk}": "redact" for span in case.spans.all()}
    client.post(f"/partnerships/cases/{case.pk}/", {"action": "decide", **decisions})
    client.post(f"/partnerships/cases/{case.pk}/", {"action": "sign_off"})
    assert TeachingCase.objects.get(pk=case.pk).status == "published"
    learner_view = client_as("learner").get(f"/partnerships/cases/{case.pk}/").content.decode()
    assert "[PERSON 1] logged 3 stops." in learner_view and "Ms. Chen" not in learner_view
    assert (
        client_as("coordinator")
        .post(f"/partnerships/cases/{case.pk}/", {"action": "sign_off"})
        .status_code
        == 403
    )


def test_api_settles_a_conflict_into_a_rule_and_refuses_a_contradiction(
    client_as, agreement, case, today
):
    client = client_as("hr")
    body = {
        "outcome": "new_rule",
        "settlement": "Yield",
        "settled_on": today.isoformat(),
        "rule": {
            "kind": "temporal",
            "key": "peak_season",
            "prevailing_party": "college",
            "rank": 3,
        },
    }
    refused = client.post(f"/api/conflicts/{case.pk}/settle", body, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "contradiction"
    body["outcome"] = "changed_rule"
    settled = client.post(f"/api/conflicts/{case.pk}/settle", body, content_type="application/json")
    assert settled.status_code == 200 and settled.json()["outcome"] == "changed_rule"
    assert client_as("learner").get(f"/api/conflicts/{case.pk}").status_code == 404


def test_api_redacts_texts(client_as):
    response = client_as("teacher").post(
        "/api/redact", {"texts": ["Mail li.na@example.cn"]}, content_type="application/json"
    )
    assert response.json() == [
        {
            "text": "Mail [EMAIL 1]",
            "spans": [{"start": 5, "end": 21, "kind": "email", "original": "li.na@example.cn"}],
        }
    ]


def test_api_ledger_refuses_a_due_date_before_the_agreement(client_as, partnership, agreement):
    response = client_as("hr").post(
        f"/api/partnerships/{partnership.pk}/commitments",
        {
            "agreement_id": agreement.pk,
            "promised_by": "college",
            "kind": "money",
            "description": "Fund",
            "quantity": "10",
            "due_on": (agreement.starts_on - timedelta(days=1)).isoformat(),
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and response.json()["field"] == "due_on"


def test_api_records_a_delivery_and_answers_with_the_ledger_row(
    client_as, persona, partnership, agreement, today
):
    promised = promise(persona, partnership, agreement, quantity=Decimal(10))
    response = client_as("hr").post(
        f"/api/commitments/{promised.pk}/fulfilments",
        {"quantity": "10", "delivered_on": today.isoformat()},
        content_type="application/json",
    )
    row = response.json()
    assert response.status_code == 201
    assert (Decimal(row["delivered"]), row["status"], row["overdue"]) == (10, "fulfilled", False)


def test_another_college_cannot_touch_this_partnerships_governance(
    client_as, other_college, persona, partnership, agreement, case, today
):
    promised = promise(persona, partnership, agreement)
    teaching = case_library.submit_case(
        partnership,
        by=persona("pm"),
        title="Stops",
        original="Ms. Chen logged it.",
        confidentiality_level=0,
    )
    outsider = client_as("other-coordinator")
    json_post = {"content_type": "application/json"}
    settle = {"outcome": "unresolved", "settlement": "x", "settled_on": today.isoformat()}
    assert outsider.post(f"/api/conflicts/{case.pk}/settle", settle, **json_post).status_code == 404
    delivery = {"quantity": "1", "delivered_on": today.isoformat()}
    assert (
        outsider.post(
            f"/api/commitments/{promised.pk}/fulfilments", delivery, **json_post
        ).status_code
        == 404
    )
    assert (
        outsider.post(f"/partnerships/cases/{teaching.pk}/", {"action": "sign_off"}).status_code
        == 404
    )
    assert outsider.post(f"/partnerships/{partnership.pk}/conflicts/new/", {}).status_code == 404
    assert ConflictCase.objects.get(pk=case.pk).status == "open"
    assert not Fulfilment.objects.filter(commitment=promised).exists()
    assert TeachingCase.objects.get(pk=teaching.pk).status == "in_review"


def test_confidential_terms_are_edited_one_a_line(client_as, agreement):
    url = f"/partnerships/agreements/{agreement.pk}/confidential-terms/"
    response = client_as("coordinator").post(url, {"terms": "film tension\r\nNorthwind\r\n"})
    assert response.status_code == 302
    assert sorted(agreement.confidential_terms.values_list("term", flat=True)) == [
        "Northwind",
        "film tension",
    ]
    assert client_as("learner").get(url).status_code == 403
    page = client_as("learner").get(f"/partnerships/{agreement.partnership_id}/").content.decode()
    assert "Northwind" not in page
    assert (
        "Northwind"
        in client_as("hr").get(f"/partnerships/{agreement.partnership_id}/").content.decode()
    )


def test_escalating_a_settled_case_from_its_page_says_why_not(client_as, persona, case, today):
    conflicts.settle(case, by=persona("hr"), outcome="unresolved", settlement="No", on=today)
    response = client_as("coordinator").post(
        f"/partnerships/conflicts/{case.pk}/", {"action": "escalate"}, follow=True
    )
    assert "already settled" in response.content.decode()
    assert ConflictCase.objects.get(pk=case.pk).status == "settled"


def test_the_formula_page_shows_the_officers_region_and_lets_them_change_it(client_as, persona):
    page = client_as("officer").get("/evaluation/depth/formula/").content.decode()
    assert "Change the region" in page
    assert (
        "Change the region"
        not in client_as("coordinator").get("/evaluation/depth/formula/").content.decode()
    )
