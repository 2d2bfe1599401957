"""What a person has to do today: each app contributes items to the home page."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class AgendaItem:
    title: str
    detail: str
    url: str
    due: date | None = None
    urgent: bool = False


def ordered(items: list[AgendaItem], today: date) -> list[AgendaItem]:
    """Urgent first, then by due date."""
    return sorted(items, key=lambda item: (not item.urgent, item.due or today))
