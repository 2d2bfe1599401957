"""Offers, rounds and results as a coordinator, an enterprise and learners meet them."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from dovetail.core.errors import ServiceError
from dovetail.core.tabular import ImportFailed
from dovetail.partnerships.models import Clearance
from dovetail.placements import services
from dovetail.placements.models import Allocation, Offer, Placement, Round
from dovetail.placements.tests.conftest import open_test_round


def test_approved_offer_joins_open_rounds_and_returned_offer_does_not(
    persona, offer_factory, new_round
):
    approved = offer_factory(title="Approved")
    returned = offer_factory(title="Returned", approve=False)
    assert approved in new_round.offers.all()
    services.review_offer(returned, by=persona("coordinator"), approve=False, note="dates")
    assert returned not in new_round.offers.all()
    assert Offer.objects.get(pk=returned.pk).status == Offer.Status.RETURNED


def test_only_enterprise_managers_post_and_only_partner_coordinators_review(
    persona, enterprise, offer_factory
):
    with pytest.raises(PermissionDenied):
        services.create_offer(
            by=persona("mentor"), enterprise=enterprise, zone=enterprise.zones.first()
        )
    offer = offer_factory(approve=False)
    with pytest.raises(PermissionDenied):
        services.review_offer(offer, by=persona("teacher"), approve=True)


def test_offer_validation_names_the_field(persona, enterprise, today):
    zone = enterprise.zones.first()
    with pytest.raises(ServiceError) as error:
        services.create_offer(
            by=persona("hr"),
            enterprise=enterprise,
            zone=zone,
            title="x",
            seats=2,
            starts_on=today,
            ends_on=today + timedelta(days=5),
            reserved_rural=3,
        )
    assert error.value.field == "reserved_rural"
    with pytest.raises(ServiceError) as error:
        services.create_offer(
            by=persona("hr"),
            enterprise=enterprise,
            zone=zone,
            title="x",
            seats=2,
            starts_on=today,
            ends_on=today + timedelta(days=5),
            mentor=persona("teacher"),
        )
    assert error.value.field == "mentor"


def test_preferences_close_at_the_deadline(persona, new_round, offer_factory):
    offer = offer_factory()
    services.set_preferences(new_round, by=persona("learner"), offer_ids=[offer.pk])
    Round.objects.filter(pk=new_round.pk).update(
        preference_deadline=timezone.now() - timedelta(minutes=1)
    )
    new_round.refresh_from_db()
    with pytest.raises(ServiceError) as error:
        services.set_preferences(new_round, by=persona("learner"), offer_ids=[offer.pk])
    assert error.value.code == "closed"


def test_round_places_by_enterprise_rank_and_explains_the_rest(
    persona, new_round, offer_factory, learners
):
    offer = offer_factory(seats=1)
    a, b = learners[:2]
    for learner in (a, b):
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.rank_applicants(new_round, offer, by=persona("hr"), learner_ids=[b.pk, a.pk])
    summary = services.run_round(new_round, by=persona("coordinator"), early=True)
    assert summary["placed"] == 1
    assert Allocation.objects.get(round=new_round, learner=b).offer == offer
    explanation = Allocation.objects.get(round=new_round, learner=a).explanation
    assert explanation[0]["reason"] == "full"
    assert (explanation[0]["your_rank"], explanation[0]["cutoff_rank"]) == (2, 1)
    assert "ranked you 2" in services.describe(explanation[0])


def test_clearance_rule_makes_a_learner_ineligible(persona, new_round, offer_factory):
    internal = offer_factory(level=1)
    learner = persona("learner")
    Clearance.objects.filter(holder=learner).update(revoked=True)
    services.set_preferences(new_round, by=learner, offer_ids=[internal.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    item = Allocation.objects.get(round=new_round, learner__user=learner).explanation[0]
    assert (item["reason"], item["rule"]) == ("not_eligible", "clearance")
    assert "confidentiality agreement" in services.describe(item)


def test_programme_and_stage_rules_come_from_the_offer(persona, new_round, offer_factory, learners):
    learner = learners[0]
    offer = offer_factory(
        eligible_stages=["graduate"] if learner.career_stage != "graduate" else ["student"]
    )
    services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    assert (
        Allocation.objects.get(round=new_round, learner=learner).explanation[0]["rule"] == "stage"
    )


def test_reserved_seat_goes_to_a_rural_learner(persona, new_round, offer_factory, learners):
    rural = next(x for x in learners if x.rural) if any(x.rural for x in learners) else learners[0]
    others = [x for x in learners if x.pk != rural.pk][:2]
    type(rural).objects.filter(pk__in=[o.pk for o in others]).update(rural=False)
    type(rural).objects.filter(pk=rural.pk).update(rural=True)
    offer = offer_factory(seats=2, reserved_rural=1)
    for learner in [*others, rural]:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.rank_applicants(
        new_round, offer, by=persona("hr"), learner_ids=[o.pk for o in others] + [rural.pk]
    )
    services.run_round(new_round, by=persona("coordinator"), early=True)
    placed = set(
        Allocation.objects.filter(round=new_round, offer=offer).values_list("learner_id", flat=True)
    )
    assert placed == {others[0].pk, rural.pk}
    assert (
        Allocation.objects.get(round=new_round, learner=others[1]).explanation[0]["reason"]
        == "reserved"
    )


def test_same_seed_reproduces_the_round(persona, new_round, offer_factory, learners):
    offer = offer_factory(seats=2)
    for learner in learners:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    first = set(
        Allocation.objects.filter(round=new_round, offer=offer).values_list("learner_id", flat=True)
    )
    services.run_round(new_round, by=persona("coordinator"), early=True)
    again = set(
        Allocation.objects.filter(round=new_round, offer=offer).values_list("learner_id", flat=True)
    )
    assert first == again and len(first) == 2


def test_failed_round_writes_nothing(persona, new_round, offer_factory, learners, monkeypatch):
    offer = offer_factory()
    for learner in learners[:2]:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    kept = list(Allocation.objects.filter(round=new_round).values_list("pk", "offer_id"))

    def broken(*args, **kwargs):
        raise RuntimeError("the database went away")

    # running again writes new allocations, then the round's record fails: all of it is undone
    monkeypatch.setattr(services.audit, "record", broken)
    with pytest.raises(RuntimeError):
        services.run_round(new_round, by=persona("coordinator"), early=True)
    new_round.refresh_from_db()
    assert new_round.status == Round.Status.MATCHED and len(kept) == 2
    assert list(Allocation.objects.filter(round=new_round).values_list("pk", "offer_id")) == kept


def test_publish_creates_placements_once(persona, new_round, offer_factory, learners):
    offer = offer_factory(seats=3)
    for learner in learners[:3]:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    with pytest.raises(ServiceError):
        services.publish_round(new_round, by=persona("coordinator"))
    services.run_round(new_round, by=persona("coordinator"), early=True)
    assert services.publish_round(new_round, by=persona("coordinator")) == 3
    assert Placement.objects.filter(round=new_round, offer=offer).count() == 3
    with pytest.raises(ServiceError):
        services.run_round(new_round, by=persona("coordinator"), early=True)


def test_teacher_cannot_run_a_round(persona, new_round):
    with pytest.raises(PermissionDenied):
        services.run_round(new_round, by=persona("teacher"), early=True)


def test_import_preferences_names_bad_rows_and_writes_nothing(
    persona, new_round, offer_factory, learners
):
    offer = offer_factory()
    good = learners[0].user.username
    content = (
        f"learner,offer,rank\n{good},{offer.pk},1\nnobody,{offer.pk},1\n{good},999999,2\n{good},{offer.pk},x\n"
    ).encode()
    with pytest.raises(ImportFailed) as failure:
        services.import_preferences(new_round, "prefs.csv", content, by=persona("coordinator"))
    text = str(failure.value)
    assert "prefs.csv, row 3, column 'learner'" in text
    assert "prefs.csv, row 4, column 'offer'" in text
    assert "prefs.csv, row 5, column 'rank'" in text
    assert not new_round.preferences.filter(learner=learners[0]).exists()
    result = services.import_preferences(
        new_round,
        "prefs.csv",
        f"learner,offer,rank\n{good},{offer.pk},1\n".encode(),
        by=persona("coordinator"),
    )
    assert result == {"learners": 1, "preferences": 1}


def test_import_applicant_ranks_checks_applicants(persona, new_round, offer_factory, learners):
    offer = offer_factory()
    services.set_preferences(new_round, by=learners[0].user, offer_ids=[offer.pk])
    content = f"offer,learner,rank\n{offer.pk},{learners[1].user.username},1\n".encode()
    with pytest.raises(ImportFailed) as failure:
        services.import_applicant_ranks(new_round, "ranks.csv", content, by=persona("hr"))
    assert "did not apply" in str(failure.value)
    content = f"offer,learner,rank\n{offer.pk},{learners[0].user.username},1\n".encode()
    assert services.import_applicant_ranks(new_round, "ranks.csv", content, by=persona("hr")) == {
        "ranks": 1
    }


def test_learner_sees_eligibility_before_ranking(persona, offer_factory):
    open_offer = offer_factory(level=0, accepts_in_training=True)
    eligibility = services.eligibility_for(persona("learner").learner_profile, [open_offer])
    assert eligibility[open_offer.pk] == ""


def test_editing_an_approved_offer_sends_it_back_to_review_and_out_of_the_round(
    persona, new_round, offer_factory, learners
):
    offer = offer_factory(seats=2)
    services.set_preferences(new_round, by=learners[0].user, offer_ids=[offer.pk])
    services.update_offer(offer, by=persona("hr"), seats=3)
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SUBMITTED
    assert services.run_round(new_round, by=persona("coordinator"), early=True)["offers"] == len(
        new_round.offers.filter(status=Offer.Status.APPROVED)
    )
    with pytest.raises(ServiceError) as error:
        services.update_offer(offer, by=persona("hr"), seats=0)
    assert error.value.field == "seats"


def _second_round(persona):
    return open_test_round(persona, name="Second round", seed=7)


def test_a_learner_placed_in_the_period_is_ineligible_with_the_reason(
    persona, new_round, offer_factory, learners
):
    learner = learners[0]
    first, second = offer_factory(title="First"), offer_factory(title="Second")
    services.set_preferences(new_round, by=learner.user, offer_ids=[first.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    services.publish_round(new_round, by=persona("coordinator"))
    later = _second_round(persona)
    assert "already hold a placement" in services.eligibility_for(learner, [second])[second.pk]
    services.set_preferences(later, by=learner.user, offer_ids=[second.pk])
    summary = services.run_round(later, by=persona("coordinator"), early=True)
    assert summary["placed"] == 0
    item = Allocation.objects.get(round=later, learner=learner).explanation[0]
    assert (item["reason"], item["rule"]) == ("not_eligible", "placed")


def test_publishing_refuses_to_give_a_learner_two_overlapping_placements(
    persona, new_round, offer_factory, learners
):
    learner = learners[0]
    first, second = offer_factory(title="First"), offer_factory(title="Second")
    later = _second_round(persona)
    services.set_preferences(new_round, by=learner.user, offer_ids=[first.pk])
    services.set_preferences(later, by=learner.user, offer_ids=[second.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    services.run_round(later, by=persona("coordinator"), early=True)
    services.publish_round(new_round, by=persona("coordinator"))
    with pytest.raises(ServiceError, match="already hold a placement") as refused:
        services.publish_round(later, by=persona("coordinator"))
    assert refused.value.code == "overlap" and str(learner.user) in refused.value.message
    assert Placement.objects.filter(learner=learner).count() == 1


def test_an_offer_is_not_returned_without_a_note(persona, offer_factory):
    offer = offer_factory(approve=False)
    with pytest.raises(ServiceError) as refused:
        services.review_offer(offer, by=persona("coordinator"), approve=False, note="  ")
    assert refused.value.field == "note"
    assert Offer.objects.get(pk=offer.pk).status == Offer.Status.SUBMITTED


def test_a_round_runs_before_its_deadline_only_on_purpose(persona, new_round, offer_factory):
    services.set_preferences(new_round, by=persona("learner"), offer_ids=[offer_factory().pk])
    with pytest.raises(ServiceError, match="Preferences are open until") as refused:
        services.run_round(new_round, by=persona("coordinator"))
    assert refused.value.code == "before_deadline"
    assert not Allocation.objects.filter(round=new_round).exists()
    assert services.run_round(new_round, by=persona("coordinator"), early=True)["learners"] == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ({"a": "1", "b": "1"}, "Offer A and Offer B are both ranked 1"),
        ({"a": "-1", "b": "2"}, "Offer A: a rank is a whole number from 1 (not -1)"),
        ({"a": "first", "b": ""}, "Offer A: a rank is a whole number from 1 (not first)"),
    ],
)
def test_bad_ranks_are_named_not_renumbered(typed, message):
    entries = [(1, "Offer A", typed["a"]), (2, "Offer B", typed["b"])]
    with pytest.raises(ServiceError, match=re.escape(message)) as refused:
        services.order_by_rank(entries, field="offers")
    assert refused.value.field == "offers"


def test_ranks_keep_their_order_and_blanks_are_left_out():
    entries = [(1, "A", "3"), (2, "B", ""), (3, "C", "1")]
    assert services.order_by_rank(entries, field="offers") == [3, 1]
