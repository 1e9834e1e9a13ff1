"""The dashboard (执法智慧大屏): the overview panel, the wall screen and the items behind a figure."""

from __future__ import annotations

import datetime

from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from alerts.models import Warning
from supervision.base_views import CapabilityRequiredMixin, ScopedListView

from .dashboard import dashboard_for, metric_queryset

WALL_REFRESH_SECONDS = 60


def overview_panel_context(request) -> dict:
    """The dashboard on the overview page every user lands on."""
    return {"dashboard": dashboard_for(fetched_by=request.user), "wall": False}


class WallView(CapabilityRequiredMixin, TemplateView):
    """Full screen for a wall: no navigation, dark, refreshes its body every minute (htmx)."""

    capability = "view_warnings"
    template_name = "reports/wall.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            dashboard=dashboard_for(fetched_by=self.request.user),
            wall=True,
            refresh_seconds=WALL_REFRESH_SECONDS,
            scope_unit=self.request.user.scope_unit,
            now=timezone.localtime(),
        )
        return context


class WallBodyView(WallView):
    template_name = "reports/_wall_body.html"


class DashboardItemsView(ScopedListView):
    """The warnings behind a dashboard figure that the warning list cannot filter for
    (new today, overdue rectifications, open problems, raised in a week)."""

    model = Warning
    capability = "view_warnings"
    template_name = "reports/dashboard_items.html"

    METRICS = ("new_today", "overdue", "open_problems", "raised")

    def get_base_queryset(self):
        metric = self.kwargs["metric"]
        week = None
        if metric == "raised":
            try:
                week = datetime.date.fromisoformat(self.request.GET.get("week", ""))
            except ValueError as exc:
                raise Http404 from exc
        qs = metric_queryset(metric, fetched_by=self.request.user, now=timezone.now(), week=week)
        if qs is None:
            raise Http404
        # The metric already starts from visible_to(user); get_queryset applies it again.
        return qs.select_related("unit", "risk_point", "case")

    def get_ordering_param(self):
        return "-created_at"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["metric"] = self.kwargs["metric"]
        context["week"] = self.request.GET.get("week", "")
        return context
