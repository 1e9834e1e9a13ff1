"""The one scoping primitive: ``Model.objects.visible_to(user)``.

A user sees their unit's scope (their own unit, or the bureau a supervisory office
belongs to) and every unit below it — never a sibling, never a parent's other
children. Every list, detail, export, API endpoint, report and recipient list starts
here; the base views and viewsets apply it so that a subclass cannot forget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from .models import User


def scope_path(user: User | None) -> str | None:
    """The materialised path of the subtree ``user`` may see.

    Returns ``""`` for "everything" (the city bureau's scope and superusers) and
    ``None`` for "nothing" (anonymous users, users without a unit).
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser:
        return ""
    unit = user.scope_unit
    if unit is None:
        return None
    if unit.parent_id is None:
        return ""
    return unit.path


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which unit each row belongs to.

    Models set ``scope_field`` to the lookup path of their owning ``Unit`` (default
    ``"unit"``; e.g. ``"case__unit"`` for rows owned through their case).
    """

    def _scope_field(self) -> str:
        return getattr(self.model, "scope_field", "unit")

    def visible_to(self, user: User | None) -> ScopedQuerySet:
        path = scope_path(user)
        if path is None:
            return self.none()
        if path == "":
            return self
        from .models import Unit

        # A subquery of unit ids, not a join: units are few, element tables are large,
        # and PostgreSQL turns this into a hashed semi-join on the indexed unit column.
        unit_ids = Unit.objects.filter(path__startswith=path).values("pk")
        return self.filter(**{f"{self._scope_field()}__in": unit_ids})

    def in_unit_subtree(self, unit) -> ScopedQuerySet:
        """Rows belonging to ``unit`` or any unit below it (a filter, not a permission)."""
        from .models import Unit

        unit_ids = Unit.objects.filter(path__startswith=unit.path).values("pk")
        return self.filter(**{f"{self._scope_field()}__in": unit_ids})


class UnitQuerySet(ScopedQuerySet):
    def visible_to(self, user: User | None) -> UnitQuerySet:
        path = scope_path(user)
        if path is None:
            return self.none()
        if path == "":
            return self
        return self.filter(path__startswith=path)

    def in_unit_subtree(self, unit) -> UnitQuerySet:
        return self.filter(path__startswith=unit.path)
