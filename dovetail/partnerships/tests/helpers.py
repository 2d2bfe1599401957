"""Objects governance tests in several apps start from."""

from datetime import timedelta

from dovetail.partnerships import exchanges


def appoint_industry_professor(persona, partnership, today, *, hours=40):
    """The persona project manager appointed to teach at the college for a quarter."""
    return exchanges.appoint(
        partnership,
        by=persona("coordinator"),
        kind="industry_professor",
        person=persona("pm"),
        starts_on=today,
        ends_on=today + timedelta(days=90),
        hours_committed=hours,
    )
