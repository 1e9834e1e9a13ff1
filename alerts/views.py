"""Pages of the alerts app. Thin: reads through selectors, writes through services; rows
through the scoped bases (an object out of scope is a 404)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from supervision.audit import audit_context
from supervision.base_views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from supervision.choices import AuditSource, JobKind
from supervision.models import AuditEvent, JobRun
from supervision.roles import has_capability
from supervision.services import audit_record

from . import selectors, services
from .choices import CalendarSource, Holiday
from .deadlines import format_due, render_steps, render_summary
from .filtersets import WarningFilterSet
from .forms import CalendarImportForm, RiskPointConfigForm
from .models import CalendarDay, CalendarYear, RiskPoint, Warning
from .panels import element_url
from .rules.base import format_duration


class WarningListView(ScopedListView):
    """The warnings of the user's scope: open ones by default, filterable and sortable."""

    model = Warning
    capability = "view_warnings"
    filterset_class = WarningFilterSet
    template_name = "alerts/warning_list.html"
    default_ordering = "-level_rank"
    ordering_fields = {
        "level": "level_rank",
        "due": "due_at",
        "raised": "raised_at",
        "updated": "updated_at",
        "unit": "unit__path",
        "rule": "risk_point__ref",
    }

    def get_base_queryset(self):
        return selectors.warning_base_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = selectors.warning_counts(fetched_by=self.request.user)
        return context


class WarningDetailView(ScopedDetailView):
    """One warning: its arithmetic (start, limit and basis, due, why) and its history."""

    model = Warning
    capability = "view_warnings"
    template_name = "alerts/warning_detail.html"

    def get_base_queryset(self):
        return selectors.warning_base_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        warning = self.object
        rule = warning.risk_point.definition if warning.risk_point_id else None
        start_day = timezone.localtime(warning.start_at).date() if warning.start_at else None
        context.update(
            rule=rule,
            basis=rule.basis_for(start_day) if rule else [],
            steps=render_steps(warning.explanation),
            summary=render_summary(warning.explanation),
            due_text=format_due(warning.due_at),
            events=selectors.warning_events(warning=warning),
            limit=_limit_text(warning.detail),
            element_url=element_url(warning.element_type, warning.element_id),
            case_url=element_url("case", warning.case_id) if warning.case_id else None,
        )
        from .flow_views import workflow_context

        context.update(workflow_context(self.request, warning))
        return context


def _limit_text(detail: dict) -> str:
    from .deadlines import period_words

    if detail.get("limit_value") is not None and detail.get("limit_unit"):
        return period_words(detail["limit_value"], detail["limit_unit"])
    return ""


class RiskPointListView(ScopedListView):
    """The catalogue: every risk point with its legal basis, thresholds and open warnings."""

    model = RiskPoint
    capability = "view_warnings"
    template_name = "alerts/riskpoint_list.html"
    paginate_by = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["catalogue"] = selectors.risk_point_catalogue(fetched_by=self.request.user)
        context["can_configure"] = has_capability(self.request.user, "configure_rules")
        return context


class RiskPointDetailView(ScopedDetailView):
    """A risk point: definition, legal basis, configuration editor with a dry run, and the
    record of who changed its configuration."""

    model = RiskPoint
    capability = "view_warnings"
    slug_field = "code"
    slug_url_kwarg = "code"
    template_name = "alerts/riskpoint_detail.html"

    def get_form(self, data=None):
        rule = self.object.definition
        thresholds, params = rule.config(self.object.thresholds, self.object.params)
        initial = {"enabled": self.object.enabled}
        return RiskPointConfigForm(data, rule=rule, thresholds=thresholds, params=params, initial=initial)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rule = self.object.definition
        thresholds, params = rule.config(self.object.thresholds, self.object.params)
        context.update(
            rule=rule,
            thresholds=[
                {
                    "key": key,
                    "blue": format_duration(band.get("blue")),
                    "yellow": format_duration(band.get("yellow")),
                    "red": format_duration(band.get("red")) or "0",
                }
                for key, band in sorted(thresholds.items(), key=lambda item: (item[0] != "*", item[0]))
            ],
            params=[(p.label, params.get(name)) for name, p in rule.params.items()],
            can_configure=has_capability(self.request.user, "configure_rules"),
            form=kwargs.get("form") or self.get_form(),
            changes=AuditEvent.objects.visible_to(self.request.user)
            .filter(target_type="alerts.riskpoint", target_id=str(self.object.pk))
            .order_by("-occurred_at")[:20],
            counts=selectors.open_counts_by_rule(fetched_by=self.request.user).get(self.object.pk, {}),
        )
        return context

    def post(self, request, *args, **kwargs):
        if not has_capability(request.user, "configure_rules"):
            raise PermissionDenied
        self.object = self.get_object()
        form = self.get_form(request.POST)
        if not form.is_valid():
            if request.headers.get("HX-Request"):
                return render(request, "alerts/_dry_run.html", {"form": form, "errors": True})
            return self.render_to_response(self.get_context_data(form=form))
        enabled = form.cleaned_data["enabled"]
        if "dry_run" in request.POST:
            try:
                result = services.risk_point_dry_run(
                    risk_point=self.object,
                    enabled=enabled,
                    thresholds=form.cleaned_thresholds,
                    params=form.cleaned_params,
                )
            except ValueError:
                return render(request, "alerts/_dry_run.html", {"form": form, "errors": True})
            return render(request, "alerts/_dry_run.html", {"result": result})
        services.risk_point_update(
            actor=request.user,
            risk_point=self.object,
            enabled=enabled,
            thresholds=form.cleaned_thresholds,
            params=form.cleaned_params,
        )
        messages.success(request, _("Saved. The change takes effect at the next patrol."))
        return HttpResponseRedirect(reverse("alerts:risk_point", args=[self.object.code]))


class PatrolRunListView(CapabilityRequiredMixin, TemplateView):
    """Patrol runs (platform-wide job records, no unit owner) and the button to start one."""

    capability = "view_jobs"
    template_name = "alerts/patrol_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["runs"] = selectors.patrol_run_list()
        context["can_run"] = has_capability(self.request.user, "run_jobs")
        context["today"] = timezone.localdate()
        return context

    def post(self, request, *args, **kwargs):
        if not has_capability(request.user, "run_jobs"):
            raise PermissionDenied
        rerun = request.POST.get("rerun") == "1"
        day = timezone.localdate()
        # The service only claims the date and hands the risk points to the workers (or, in
        # the embedded demo, runs them here): a second click finds the run and does nothing.
        with audit_context(source=AuditSource.UI):
            run = services.patrol_run(business_date=day, triggered_by=AuditSource.UI, rerun=rerun)
        if run is None:
            messages.info(request, _("Today's patrol is already done or running."))
            run = JobRun.objects.filter(kind=JobKind.PATROL, period=day.isoformat()).first()
        else:
            audit_record(actor=request.user, action="patrol.start", changes={"period": [None, run.period]})
        if run is None:
            return HttpResponseRedirect(reverse("alerts:patrols"))
        return HttpResponseRedirect(reverse("alerts:patrol", args=[run.pk]))


class PatrolRunDetailView(CapabilityRequiredMixin, TemplateView):
    """One run with per-risk-point progress; polled by htmx while it runs."""

    capability = "view_jobs"

    def get_template_names(self):
        if self.request.headers.get("HX-Request"):
            return ["alerts/_patrol_progress.html"]
        return ["alerts/patrol_detail.html"]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = JobRun.objects.filter(kind=JobKind.PATROL, pk=kwargs["pk"]).first()
        if run is None:
            raise Http404
        summary = {k: v for k, v in run.counts.items() if k != "by_rule"}
        context.update(
            run=run,
            summary=summary,
            chunks=selectors.patrol_chunks(run=run),
            chunk_counts=selectors.patrol_chunk_summary(run=run),
            as_of=run.options.get("as_of"),
        )
        return context


class CalendarListView(ScopedListView):
    """The holiday calendar years the platform knows, and the ones it does not."""

    model = CalendarYear
    capability = "view_warnings"
    template_name = "alerts/calendar_list.html"
    paginate_by = None

    def get_base_queryset(self):
        return CalendarYear.objects.select_related("imported_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        known = {row.year for row in context["object_list"]}
        this_year = timezone.localdate().year
        context["missing_years"] = [y for y in range(this_year, this_year + 3) if y not in known]
        context["can_import"] = has_capability(self.request.user, "configure_rules")
        return context


class CalendarYearDetailView(ScopedDetailView):
    model = CalendarYear
    capability = "view_warnings"
    slug_field = "year"
    slug_url_kwarg = "year"
    template_name = "alerts/calendar_year.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        year = self.object.year
        days = CalendarDay.objects.filter(date__year=year).filter(
            Q(is_workday=False, holiday__gt="") | Q(is_makeup_workday=True)
        )
        context["days"] = [{"day": d, "holiday": _holiday_label(d.holiday)} for d in days.order_by("date")]
        context["changes"] = (
            AuditEvent.objects.visible_to(self.request.user)
            .filter(target_type="alerts.calendaryear", target_id=str(self.object.pk))
            .order_by("-occurred_at")[:20]
        )
        return context


def _holiday_label(code: str) -> str:
    if not code:
        return ""
    try:
        return str(Holiday(code).label)
    except ValueError:
        return code


class CalendarImportView(CapabilityRequiredMixin, FormView):
    """Import a year from the State Council's announcement: paste, preview, confirm."""

    capability = "configure_rules"
    form_class = CalendarImportForm
    template_name = "alerts/calendar_import.html"

    def get_initial(self):
        return {"year": self.request.GET.get("year") or timezone.localdate().year + 1}

    def form_valid(self, form):
        if not self.request.POST.get("confirm"):
            preview = [{**row, "holiday_label": _holiday_label(row["holiday"])} for row in form.preview()]
            existing = CalendarYear.objects.filter(year=form.cleaned_data["year"]).first()
            return self.render_to_response(
                self.get_context_data(form=form, preview=preview, existing=existing)
            )
        data = form.cleaned_data
        parsed = form.parsed
        services.calendar_year_import(
            actor=self.request.user,
            year=data["year"],
            holidays=dict(parsed.holidays),
            workdays=set(parsed.workdays),
            source=CalendarSource.ANNOUNCEMENT if data.get("announcement") else CalendarSource.MANUAL,
            announcement=(data.get("announcement") or "")
            + ("\n" + data["structured"] if data.get("structured") else ""),
        )
        messages.success(
            self.request,
            _("The %(year)s calendar is saved; deadlines use it from the next patrol.")
            % {"year": data["year"]},
        )
        return HttpResponseRedirect(reverse("alerts:calendar_year", args=[data["year"]]))


__all__ = [
    "CalendarImportView",
    "CalendarListView",
    "CalendarYearDetailView",
    "PatrolRunDetailView",
    "PatrolRunListView",
    "RiskPointDetailView",
    "RiskPointListView",
    "WarningDetailView",
    "WarningListView",
]
