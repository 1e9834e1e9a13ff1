from __future__ import annotations

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django.views.generic import ListView

from .base_views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from .choices import JobKind
from .filtersets import AuditEventFilterSet
from .models import AuditEvent, Unit
from .selectors import job_last_runs, job_run_list


@login_required
def overview(request):
    """The front page after sign-in. Later apps contribute panels through
    ``supervision.overview.panels`` (the dashboard issue replaces it with the big screen)."""
    from .overview import panels_for

    context = {
        "scope_unit": request.user.scope_unit,
        "visible_unit_count": Unit.objects.visible_to(request.user).count(),
        "last_runs": [(JobKind(kind).label, run) for kind, run in job_last_runs().items()],
        "panels": panels_for(request),
    }
    return render(request, "supervision/overview.html", context)


class AuditEventListView(ScopedListView):
    model = AuditEvent
    capability = "view_audit"
    filterset_class = AuditEventFilterSet
    template_name = "supervision/audit_list.html"
    default_ordering = "-occurred_at"
    ordering_fields = {"time": "occurred_at", "action": "action"}

    def get_base_queryset(self):
        return AuditEvent.objects.select_related("unit")


class JobRunListView(CapabilityRequiredMixin, ListView):
    capability = "view_jobs"
    template_name = "supervision/jobrun_list.html"
    paginate_by = 50

    def get_queryset(self):
        # Job runs are platform-wide records (not owned by a unit): no unit scoping applies.
        return job_run_list(kind=self.request.GET.get("kind") or None)


@never_cache
@require_GET
def healthz(request):
    """Liveness and readiness for the load balancer and the operators: the database,
    Redis (when configured) and the last run of each scheduled job. 503 when a
    dependency is down."""
    checks: dict[str, dict] = {}
    healthy = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:  # any failure to reach the database is "down"
        healthy = False
        checks["database"] = {"ok": False, "error": type(exc).__name__}
    if settings.REDIS_URL:
        try:
            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=2, socket_timeout=2).ping()
            checks["redis"] = {"ok": True}
        except Exception as exc:
            healthy = False
            checks["redis"] = {"ok": False, "error": type(exc).__name__}
    else:
        checks["redis"] = {"ok": True, "mode": "not configured: jobs run in-process"}
    jobs = {}
    if checks["database"]["ok"]:
        for kind, run in job_last_runs().items():
            jobs[kind] = (
                None
                if run is None
                else {
                    "period": run.period,
                    "status": run.status,
                    "started_at": run.started_at.isoformat(),
                    "finished_at": run.finished_at.isoformat() if run.finished_at else None,
                    "progress_percent": run.progress_percent,
                    "counts": run.counts,
                }
            )
    body = {"status": "ok" if healthy else "unavailable", "checks": checks, "jobs": jobs}
    return JsonResponse(body, status=200 if healthy else 503)


class UnitListView(ScopedListView):
    """The unit directory for the user's scope, as an indented tree."""

    model = Unit
    capability = None
    template_name = "supervision/unit_list.html"
    paginate_by = 500
    default_ordering = "path"

    def get_base_queryset(self):
        return Unit.objects.filter(is_active=True).annotate(user_count=Count("users", distinct=True))


class UnitDetailView(ScopedDetailView):
    model = Unit
    template_name = "supervision/unit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context["children"] = Unit.objects.visible_to(self.request.user).filter(parent=unit)
        context["members"] = unit.users.filter(is_active=True).order_by("role", "username")
        context["officers"] = unit.officers.filter(is_active=True)
        return context
