"""Personal ID numbers are stored whole and shown masked to those who don't need them."""

from __future__ import annotations

from .roles import has_capability


def mask_id_number(value: str | None) -> str:
    """``330102199001011234`` → ``330102********1234``: the region stays readable,
    the birth date and sequence do not."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:6]}{'*' * (len(value) - 10)}{value[-4:]}"


def id_number_for(user, value: str | None) -> str:
    if has_capability(user, "view_full_id_number"):
        return value or ""
    return mask_id_number(value)
