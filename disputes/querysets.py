from __future__ import annotations

import datetime

from django.db.models import Case, IntegerField, Value, When

from supervision.querysets import ScopedQuerySet

from .choices import OPEN_STATUSES, DisputeStatus, RiskColour


class DisputeQuerySet(ScopedQuerySet):
    def open(self) -> DisputeQuerySet:
        """Not yet resolved: to assess, or being resolved."""
        return self.filter(status__in=OPEN_STATUSES)

    def visit_overdue(self, today: datetime.date) -> DisputeQuerySet:
        """Being resolved, and the follow-up visit was due before ``today``."""
        return self.filter(status=DisputeStatus.IN_PROGRESS, next_visit_due__lt=today)

    def with_colour_rank(self, field: str = "colour") -> DisputeQuerySet:
        """Annotate ``colour_rank``: red 0, yellow 1, blue 2, none 3 (for "red first" ordering)."""
        return self.annotate(
            colour_rank=Case(
                When(**{field: RiskColour.RED}, then=Value(0)),
                When(**{field: RiskColour.YELLOW}, then=Value(1)),
                When(**{field: RiskColour.BLUE}, then=Value(2)),
                default=Value(3),
                output_field=IntegerField(),
            )
        )
