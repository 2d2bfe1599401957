"""A published round tells each learner where they are placed (or that they are not) and each
offer's poster who is coming; a returned offer tells its poster what to change."""

from django.core import mail

from dovetail.placements import services


def test_publishing_tells_the_placed_the_unplaced_and_the_poster(
    persona, new_round, offer_factory, learners
):
    offer = offer_factory(seats=1, title="Welding line")
    first, second = learners[:2]
    for learner in (first, second):
        services.set_preferences(new_round, by=learner.user, offer_ids=[offer.pk])
    services.rank_applicants(new_round, offer, by=persona("hr"), learner_ids=[first.pk, second.pk])
    services.run_round(new_round, by=persona("coordinator"), early=True)
    mail.outbox.clear()
    services.publish_round(new_round, by=persona("coordinator"))

    to = {message.to[0]: message for message in mail.outbox}
    placed = to[first.user.email]
    assert placed.subject == f"You are placed at {offer.enterprise.name}"
    assert '"Welding line"' in placed.body and "/placements/" in placed.body
    assert "not placed" in to[second.user.email].body
    poster = to[offer.created_by.email]
    assert poster.subject == '1 learner is coming to "Welding line"'
    assert str(first.user) in poster.body and str(second.user) not in poster.body


def test_a_returned_offer_tells_its_poster_what_to_change(persona, offer_factory):
    offer = offer_factory(approve=False, title="Night shift")
    mail.outbox.clear()
    services.review_offer(offer, by=persona("coordinator"), approve=False, note="No night work")
    (message,) = mail.outbox
    assert message.to == [offer.created_by.email]
    assert "No night work" in message.body
    assert f"/placements/offers/{offer.pk}/edit/" in message.body
