from rest_framework.throttling import UserRateThrottle


class ClientRateThrottle(UserRateThrottle):
    """Per-account request rate; API clients are machine accounts, so this is per client."""

    scope = "client"


class FeedRateThrottle(UserRateThrottle):
    """The change feeds' own per-client budget, so that a poller polling fast cannot starve
    the same client's other calls (and the other way round)."""

    scope = "feed"
