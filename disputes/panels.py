"""Context for the panels the disputes app adds to pages of lower apps."""

from __future__ import annotations

from supervision.roles import has_capability

from .models import Dispute
from .selectors import dispute_colour_counts


def overview(request) -> dict:
    """Disputes by colour on the overview page."""
    if not has_capability(request.user, "view_disputes"):
        return {"visible": False}
    return {"visible": True, "counts": dispute_colour_counts(fetched_by=request.user)}


def incident(request, element) -> dict:
    """The dispute record behind a dispute incident, on the incident's page."""
    dispute = Dispute.objects.visible_to(request.user).filter(incident=element).first()
    return {"dispute": dispute, "is_dispute": getattr(element, "is_dispute", False)}
