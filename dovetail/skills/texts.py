"""The kinds of text mapped onto skills, as each owning app registers them.

Demand (skills app) and learning outcomes (curriculum app) are both texts with skill links.
Re-mapping them onto a new taxonomy and learning from their corrections work on every kind the
same way, through this registry, without reading the owning app's tables by name.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Model

from dovetail.skills.models import SkillLink


@dataclass(frozen=True)
class MappedTexts:
    """One kind of mapped text: its name, its model (with a ``text`` field), its link model and
    the links' field naming the text, the owning app's function that (re)maps texts by id, and
    the lookup to the organisation a text belongs to."""

    name: str
    texts: type[Model]
    links: type[SkillLink]
    owner: str
    map_ids: Callable[[list[int]], int]
    organisation: str  # the lookup from a text to the organisation that owns it

    def all_ids(self) -> list[int]:
        return list(self.texts.objects.order_by("pk").values_list("pk", flat=True))


_kinds: dict[str, MappedTexts] = {}


def mapped_texts(kind: MappedTexts) -> None:
    _kinds[kind.name] = kind


def kinds() -> list[MappedTexts]:
    return [kind for _name, kind in sorted(_kinds.items())]
