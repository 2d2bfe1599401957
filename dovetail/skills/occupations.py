"""Occupations follow the mapping taxonomy, as skills do.

Demand, graduate plans and graduates' career steps each name an occupation. When another taxonomy
becomes the mapping one, rows naming one of the default taxonomy's occupations are moved onto the
counterpart the shipped file names for it (in ESCO), so a gap or careers report does not count
one trade as two occupations, one on each taxonomy. Each app that names occupations registers its
model here, as mapped texts are registered (:mod:`dovetail.skills.texts`), so the skills app
never names another app's table.
"""

from dataclasses import dataclass

from django.db.models import Model

from dovetail.skills.models import Occupation, Taxonomy
from dovetail.skills.services import DEFAULT_TAXONOMY_SLUG, shipped_taxonomy


@dataclass(frozen=True)
class NamesOccupations:
    """A model whose ``field`` (a foreign key) names an occupation."""

    name: str
    model: type[Model]
    field: str = "occupation"

    def naming(self, occupation_ids) -> int:
        """How many rows name one of ``occupation_ids``."""
        return self.model.objects.filter(**{f"{self.field}_id__in": list(occupation_ids)}).count()

    def move(self, moves: dict[int, int]) -> int:
        """Point every row naming an occupation in ``moves`` at its counterpart."""
        return sum(
            self.model.objects.filter(**{f"{self.field}_id": old}).update(
                **{f"{self.field}_id": new}
            )
            for old, new in moves.items()
        )


_holders: dict[str, NamesOccupations] = {}


def names_occupations(holder: NamesOccupations) -> None:
    _holders[holder.name] = holder


def occupation_counterparts(taxonomy: Taxonomy) -> dict[int, int]:
    """{default occupation id: its counterpart's id in ``taxonomy``}, for the counterparts the
    shipped file names that ``taxonomy`` holds."""
    named = {
        item["uri"]: match["uri"]
        for item in shipped_taxonomy()["occupations"]
        for match in item.get("matches", ())[:1]
    }
    ours = dict(
        Occupation.objects.filter(
            taxonomy__slug=DEFAULT_TAXONOMY_SLUG, uri__in=list(named)
        ).values_list("uri", "pk")
    )
    theirs = dict(
        Occupation.objects.filter(taxonomy=taxonomy, uri__in=list(named.values())).values_list(
            "uri", "pk"
        )
    )
    return {
        ours[uri]: theirs[match] for uri, match in named.items() if uri in ours and match in theirs
    }


def rows_to_carry(taxonomy: Taxonomy) -> int:
    """How many registered rows still name a default occupation whose counterpart ``taxonomy``
    holds: rows that re-mapping would move."""
    moves = occupation_counterparts(taxonomy)
    return sum(holder.naming(moves) for holder in _holders.values()) if moves else 0


def carry_occupations(taxonomy: Taxonomy) -> dict[str, int]:
    """Move every registered row off the default taxonomy's occupations onto their counterparts
    in ``taxonomy``; {holder: rows moved}. The caller holds the transaction."""
    moves = occupation_counterparts(taxonomy)
    return {name: holder.move(moves) if moves else 0 for name, holder in sorted(_holders.items())}
