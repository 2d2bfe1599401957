"""Placements' rows many at a time (see :mod:`dovetail.core.bulk`): offers with the skills they
ask for, rounds with their offers, learners' preferences, placements."""

from dovetail.core.bulk import insert, insert_nested
from dovetail.placements.models import Offer, OfferSkill, Placement, Preference, Round


def add_offers(rows) -> list[Offer]:
    """Offers, each row with the skills it asks for under ``skills`` (rows of ``skill`` and
    ``min_proficiency``)."""
    return insert_nested(Offer, rows, "skills", OfferSkill, "offer")


def add_rounds(rows) -> list[Round]:
    """Rounds, each row with the offers it includes under ``offers`` (rows of ``offer``)."""
    return insert_nested(Round, rows, "offers", Round.offers.through, "round")


def add_preferences(rows) -> list[Preference]:
    return insert(Preference, rows)


def add_placements(rows) -> list[Placement]:
    return insert(Placement, rows)
