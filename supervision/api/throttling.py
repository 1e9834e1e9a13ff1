from rest_framework.throttling import UserRateThrottle


class ClientRateThrottle(UserRateThrottle):
    """Per-account request rate; API clients are machine accounts, so this is per client."""

    scope = "client"
