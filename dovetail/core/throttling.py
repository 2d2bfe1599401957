"""Per-person rate limits for API calls that do heavy work (mapping, imports, solves, rounds)."""

from django.conf import settings
from ninja.throttling import UserRateThrottle


class HeavyWorkThrottle(UserRateThrottle):
    """Calls a signed-in person (or, without one, an address) may make per period, shared by
    every heavy endpoint; ``DOVETAIL_HEAVY_RATE`` sets it (e.g. ``30/min``)."""

    scope = "heavy"

    def __init__(self):
        super().__init__(settings.DOVETAIL_HEAVY_RATE)

    def allow_request(self, request) -> bool:
        # read per request, so a changed setting applies without a restart
        self.rate = settings.DOVETAIL_HEAVY_RATE
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


def limit_message() -> str:
    count, period = settings.DOVETAIL_HEAVY_RATE.split("/")
    return (
        f"Too many requests for heavy work: at most {count} per {period} for one person."
        " Wait a moment and try again, or send more texts in one call."
    )
