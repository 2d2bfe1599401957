"""Round pages: import with row errors shown, exports, and who may open what."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from dovetail.placements import services
from dovetail.placements.models import Round


def test_import_page_shows_row_errors_and_writes_nothing(client_as, new_round, offer_factory):
    offer = offer_factory()
    upload = SimpleUploadedFile("prefs.csv", f"learner,offer,rank\nnobody,{offer.pk},1\n".encode())
    response = client_as("coordinator").post(
        f"/placements/rounds/{new_round.pk}/import/", {"kind": "preferences", "file": upload}
    )
    assert response.status_code == 200
    assert "prefs.csv, row 2, column &#x27;learner&#x27;" in response.content.decode()
    assert not new_round.preferences.exists()


def test_results_export_as_csv_and_excel(client_as, persona, new_round, offer_factory, learners):
    offer = offer_factory(seats=1)
    for learner in learners[:2]:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    client = client_as("coordinator")
    csv = client.get(f"/placements/rounds/{new_round.pk}/export/").content.decode()
    assert csv.splitlines()[0] == "learner,name,offer,enterprise,choice,explanation"
    assert "Full: the enterprise ranked you" in csv or "lottery" in csv
    xlsx = client.get(f"/placements/rounds/{new_round.pk}/export/?format=xlsx").content
    rows = list(load_workbook(io.BytesIO(xlsx)).active.values)
    assert len(rows) == 3


def test_round_page_explains_outcomes_to_the_coordinator(
    client_as, persona, new_round, offer_factory, learners
):
    offer = offer_factory(seats=1)
    for learner in learners[:2]:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    page = client_as("coordinator").get(f"/placements/rounds/{new_round.pk}/").content.decode()
    assert "Results and explanations" in page and "Publish the placements" in page


def test_round_results_page_and_filter_instead_of_listing_everyone(
    client_as, persona, new_round, offer_factory, learners, monkeypatch
):
    from dovetail.placements import views

    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 2)
    offer = offer_factory(seats=1)
    first, *others = learners
    for learner in learners:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.rank_applicants(
        new_round, offer, by=persona("hr"), learner_ids=[first.pk, *[o.pk for o in others]]
    )
    services.run_round(new_round, by=persona("coordinator"), early=True)
    client = client_as("coordinator")
    url = f"/placements/rounds/{new_round.pk}/"

    everyone = client.get(url).text
    assert f"{len(learners)} learners" in everyone and "Page 1 of 3" in everyone
    assert everyone.split('id="results-h"')[1].count("<tr><td>") == 2

    placed = client.get(url, {"outcome": "placed"}).text
    assert "1 learner" in placed and str(first.user) in placed
    unplaced = client.get(url, {"outcome": "unplaced", "page": 2}).text
    assert f"{len(learners) - 1} learners" in unplaced and "Page 2 of 2" in unplaced
    # the pager keeps the filter
    assert "outcome=unplaced" in client.get(url, {"outcome": "unplaced"}).text
    found = client.get(url, {"q": first.user.username}).text
    assert "1 learner" in found and str(first.user) in found


def test_learner_page_marks_offers_they_cannot_take(client_as, new_round, offer_factory):
    offer_factory(title="Graduates only", eligible_stages=["graduate"])
    page = client_as("learner").get("/placements/").content.decode()
    assert "not open to your career stage" in page


def test_other_college_cannot_open_the_round(client_as, new_round, other_college):
    from django.test import Client

    client = Client()
    client.force_login(other_college["coordinator"])
    assert client.get(f"/placements/rounds/{new_round.pk}/").status_code == 404
    assert client_as("learner").post(f"/placements/rounds/{new_round.pk}/run/").status_code == 403


def test_enterprise_edits_its_offer_through_the_form(client_as, offer_factory, today):
    offer = offer_factory(title="Before")
    client = client_as("hr")
    page = client.get(f"/placements/offers/{offer.pk}/edit/").content.decode()
    assert 'value="Before"' in page
    response = client.post(
        f"/placements/offers/{offer.pk}/edit/",
        {
            "title": "After",
            "zone": offer.zone_id,
            "seats": 2,
            "starts_on": offer.starts_on,
            "ends_on": offer.ends_on,
            "mode": "remote",
            "min_proficiency": 2,
            "reserved_rural": 0,
            "reserved_disadvantaged": 0,
            "reserved_disability": 0,
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert (offer.title, offer.mode, offer.status) == ("After", "remote", "submitted")
    assert client_as("mentor").get(f"/placements/offers/{offer.pk}/edit/").status_code == 403


def test_run_and_publish_ask_first_and_warn_before_the_deadline(client_as, new_round):
    client = client_as("coordinator")
    run_url = f"/placements/rounds/{new_round.pk}/run/"
    page = client.get(run_url).content.decode()
    assert "Preferences are still open until" in page and "Run the round now" in page
    # a bare post (no confirmation) changes nothing
    assert client.post(run_url).status_code == 200
    assert Round.objects.get(pk=new_round.pk).status == Round.Status.OPEN
    started = client.post(run_url, {"confirmed": "1"})
    assert started.status_code == 302 and "/tasks/" in started["Location"]
    assert Round.objects.get(pk=new_round.pk).status == Round.Status.MATCHED
    publish_url = f"/placements/rounds/{new_round.pk}/publish/"
    assert "cannot be undone" in client.get(publish_url).content.decode()
    client.post(publish_url, {"confirmed": "1"})
    assert Round.objects.get(pk=new_round.pk).status == Round.Status.PUBLISHED


def test_a_learner_ranking_two_offers_the_same_is_told_and_nothing_changes(
    client_as, persona, new_round, offer_factory
):
    first, second = offer_factory(title="First"), offer_factory(title="Second")
    client = client_as("learner")
    response = client.post(
        "/placements/", {f"rank-{first.pk}": "1", f"rank-{second.pk}": "1"}, follow=True
    )
    assert "First and Second are both ranked 1" in response.content.decode()
    assert services.preferences_of(persona("learner").learner_profile, new_round) == []


def test_enterprise_ranks_applicants_and_bad_ranks_are_named(
    client_as, persona, new_round, offer_factory, learners
):
    offer = offer_factory()
    for learner in learners[:2]:
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    a, b = learners[:2]
    url = f"/placements/rounds/{new_round.pk}/offers/{offer.pk}/applicants/"
    hr = client_as("hr")
    page = hr.post(url, {f"rank-{a.pk}": "-2", f"rank-{b.pk}": "1"}, follow=True)
    assert "a rank is a whole number from 1 (not -2)" in page.content.decode()
    hr.post(url, {f"rank-{a.pk}": "2", f"rank-{b.pk}": "1"})
    rows = services.applicants_of(new_round, offer, by=persona("hr"))
    assert {row["learner"].pk: row["rank"] for row in rows} == {a.pk: 2, b.pk: 1}


def test_the_officer_follows_the_regions_rounds_without_seeing_learners(
    client_as, persona, new_round, offer_factory, learners
):
    offer = offer_factory()
    services.set_preferences(new_round, by=learners[0].user, offer_ids=[offer.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    officer = client_as("officer")
    listing = officer.get("/placements/rounds/").content.decode()
    assert new_round.name in listing and "No rounds yet" not in listing
    page = officer.get(f"/placements/rounds/{new_round.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Outcome" in text and "Rural learners" in text
    assert learners[0].user.full_name not in text and "Run the round" not in text
    assert officer.get(f"/placements/rounds/{new_round.pk}/run/").status_code == 403


def test_a_database_lost_mid_request_answers_an_error_and_keeps_nothing(
    client_as, persona, offer_factory, monkeypatch
):
    from django.db import OperationalError

    from dovetail.placements import services as placement_services
    from dovetail.placements.models import Offer

    offer = offer_factory(approve=False)
    client = client_as("coordinator")
    client.raise_request_exception = False

    def lost(*args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    # the offer's new status is written, then the connection drops before the audit record
    monkeypatch.setattr(placement_services.audit, "record", lost)
    response = client.post(
        f"/placements/offers/{offer.pk}/", {"decision": "return", "note": "Fewer hours"}
    )
    assert response.status_code == 500 and "went wrong" in response.text.lower()
    offer.refresh_from_db()
    assert offer.status == Offer.Status.SUBMITTED and offer.review_note == ""
