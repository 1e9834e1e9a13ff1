"""Pages of the monthly assessment: list, ranking, one score, drill-down, scheme, export.

Scoping: an assessment (the month) is platform-wide, its scores are scoped by unit. A
station therefore sees its own row and its leaders' rows with their rank among all
stations ("3 / 12"), but not its peers' scores or anything behind them; a branch sees its
stations; the city sees everyone. Every drill-down is scoped twice: the score row must
be visible (else 404) and the items listed are ``visible_to`` the reader.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views import View
from django.views.generic import FormView

from supervision.base_views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from supervision.roles import has_capability

from .assessment import AssessmentError, assessment_publish, scheme_current, scheme_save
from .assessment_forms import SchemeForm
from .indicators import Period, drill_down
from .models import Assessment, AssessmentScheme, AssessmentScore, SubjectKind
from .scheme import INDICATORS, SchemeError


def _group_labels(definition: dict) -> dict[str, str]:
    return {g["key"]: _(g["label"]) for g in definition.get("groups") or []}


def score_columns(definition: dict) -> list[dict]:
    """The indicator columns of the ranking table (one per scored indicator, scheme order)."""
    seen, columns = set(), []
    for item in definition["items"]:
        key = item["indicator"]
        if key not in seen:
            seen.add(key)
            indicator = INDICATORS[key]
            columns.append({"key": key, "label": indicator.label, "is_rate": indicator.is_rate})
    return columns


def score_row(row: AssessmentScore, columns: list[dict]) -> dict:
    figures = []
    for column in columns:
        indicator = INDICATORS[column["key"]]
        figures.append(
            {
                "value": indicator.value(row.inputs),
                "is_rate": column["is_rate"],
                "drill": indicator.drill[-1] if indicator.drill else None,
            }
        )
    return {"row": row, "figures": figures}


class AssessmentListView(ScopedListView):
    model = Assessment
    capability = "view_reports"
    template_name = "reports/assessment_list.html"
    paginate_by = 24

    def get_base_queryset(self):
        return Assessment.objects.select_related("published_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = has_capability(self.request.user, "manage_assessment")
        return context


class AssessmentDetailView(ScopedDetailView):
    """The ranking: branches, stations and mid-level leaders, with charts and change columns."""

    model = Assessment
    capability = "view_reports"
    template_name = "reports/assessment_detail.html"
    slug_field = "period"
    slug_url_kwarg = "period"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        assessment = self.object
        definition = assessment.scheme_snapshot
        columns = score_columns(definition)
        rows = (
            AssessmentScore.objects.visible_to(self.request.user)
            .filter(assessment=assessment)
            .select_related("unit", "officer")
            .order_by("subject_kind", "level", "rank", "unit__path")
        )
        sections = {"branch": [], "station": [], "leader": []}
        for row in rows:
            sections.setdefault(row.level, []).append(score_row(row, columns))
        chart = [
            {"name": r["row"].unit.display_name, "score": float(r["row"].score), "grade": r["row"].grade}
            for r in sections["station"]
        ]
        grade_counts = {}
        for r in sections["station"]:
            grade_counts[r["row"].grade] = grade_counts.get(r["row"].grade, 0) + 1
        context.update(
            columns=columns,
            sections=[
                ("branch", _("Branch bureaus"), sections["branch"]),
                ("station", _("Stations"), sections["station"]),
                ("leader", _("Mid-level leaders"), sections["leader"]),
            ],
            chart={"stations": chart, "grades": grade_counts},
            can_manage=has_capability(self.request.user, "manage_assessment"),
        )
        return context


class AssessmentScoreDetailView(ScopedDetailView):
    """One score: every item of the stored scheme, the figure behind it, what it cost."""

    model = AssessmentScore
    capability = "view_reports"
    template_name = "reports/assessment_score.html"

    def get_base_queryset(self):
        return AssessmentScore.objects.select_related("assessment", "unit", "officer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = self.object
        definition = row.assessment.scheme_snapshot
        groups = _group_labels(definition)
        items = []
        for item in definition["items"]:
            indicator = INDICATORS[item["indicator"]]
            items.append(
                {
                    "item": item,
                    "group": groups.get(item.get("group"), ""),
                    "label": indicator.label,
                    "value": indicator.value(row.inputs),
                    "is_rate": indicator.is_rate,
                    "deduction": Decimal(row.deductions.get(item["key"], "0")),
                    "drill": [(key, row.inputs.get(key, 0)) for key in indicator.drill],
                }
            )
        veto = [
            {"veto": v, "label": _(v["label"]), "count": row.inputs.get(f"veto_{v['key']}", 0)}
            for v in definition.get("veto") or []
        ]
        context.update(items=items, veto=veto, exempted=row.inputs.get("problems_exempted", 0))
        return context


DRILL_LABELS = {
    "problems": _("Problems raised in the month"),
    "problems_due": _("Problems due for rectification in the month"),
    "problems_late": _("Problems not rectified on time"),
    "problems_exempted": _("Exempted problems"),
    "overdue": _("Rectifications overdue at the cut-off"),
    "repeat_problems": _("Repeat problems"),
    "cases_accepted": _("Cases accepted in the month"),
    "admin_accepted": _("Administrative cases accepted in the month"),
    "admin_not_closed": _("Administrative cases not concluded by the cut-off"),
    "arrest_decided": _("Answers to arrest requests received"),
    "arrest_refused": _("Arrest requests refused"),
    "admin_decided_12m": _("Administrative cases decided in the 12 months to the cut-off"),
    "litigation_lost": _("Administrative cases lost in litigation"),
    "filing_decided": _("Criminal cases with a filing decision in the month"),
    "filing_late": _("Filing decisions beyond the review limit"),
    "neg_hits": _("Negative-list hits"),
}


class AssessmentDrillDownView(ScopedDetailView):
    """The items behind one figure of one score, found by the very condition that counted them."""

    model = AssessmentScore
    capability = "view_reports"
    template_name = "reports/assessment_drill.html"

    def get_base_queryset(self):
        return AssessmentScore.objects.select_related("assessment", "unit", "officer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        row = self.object
        key = self.kwargs["key"]
        definition = row.assessment.scheme_snapshot
        veto = definition.get("veto") or []
        allowed = {k for ind in INDICATORS.values() for k in ind.drill} | {f"veto_{v['key']}" for v in veto}
        if key not in allowed:
            raise Http404
        source, qs = drill_down(
            key,
            period=Period.parse(row.assessment.period),
            unit=row.unit,
            officer=row.officer if row.subject_kind == SubjectKind.LEADER else None,
            veto=veto,
            fetched_by=self.request.user,
        )
        if source == "warning":
            qs = qs.select_related("unit", "risk_point", "case").order_by("created_at", "pk")
        elif source == "case":
            qs = qs.select_related("unit").order_by("accepted_at", "pk")
        elif source == "document":
            qs = qs.select_related("unit", "case").order_by("received_at", "pk")
        else:
            qs = qs.select_related("unit", "item", "case", "chief").order_by("decided_on", "pk")
        veto_labels = {f"veto_{v['key']}": _(v["label"]) for v in veto}
        items = list(qs[:1000])
        context.update(
            key=key,
            label=DRILL_LABELS.get(key)
            or (INDICATORS[key].label if key in INDICATORS else veto_labels.get(key, key)),
            source=source,
            items=items,
            stored=row.inputs.get(key),
            truncated=len(items) == 1000,
        )
        return context


class AssessmentPublishView(CapabilityRequiredMixin, View):
    capability = "manage_assessment"

    def post(self, request, period):
        assessment = get_object_or_404(Assessment.objects.visible_to(request.user), period=period)
        try:
            assessment_publish(actor=request.user, assessment=assessment)
        except AssessmentError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("The assessment is published; its scores are final."))
        return redirect("reports:assessment_detail", period=period)


class AssessmentExportView(CapabilityRequiredMixin, View):
    """The ranking as Excel: the rows the reader may see, from the stored figures."""

    capability = "view_reports"

    def get(self, request, period):
        from openpyxl import Workbook

        assessment = get_object_or_404(Assessment.objects.visible_to(request.user), period=period)
        columns = score_columns(assessment.scheme_snapshot)
        rows = (
            AssessmentScore.objects.visible_to(request.user)
            .filter(assessment=assessment)
            .select_related("unit", "officer")
            .order_by("subject_kind", "level", "rank", "unit__path")
        )
        book = Workbook()
        sheet = book.active
        sheet.title = period
        sheet.append(
            [
                _("Assessed"),
                _("Unit"),
                pgettext("assessment", "Leader"),
                _("Rank"),
                _("Score"),
                _("Grade"),
                _("Total deduction"),
                _("Change vs last month"),
                _("Change vs same month last year"),
                *[str(c["label"]) for c in columns],
            ]
        )
        for row in rows:
            values = [INDICATORS[c["key"]].value(row.inputs) for c in columns]
            sheet.append(
                [
                    row.get_subject_kind_display(),
                    row.unit.name,
                    row.officer.name if row.officer_id else "",
                    f"{row.rank}/{row.rank_of}",
                    float(row.score),
                    row.get_grade_display(),
                    float(row.total_deduction),
                    float(row.change_month) if row.change_month is not None else None,
                    float(row.change_year) if row.change_year is not None else None,
                    *[float(v) if v is not None else None for v in values],
                ]
            )
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(
            buffer.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="assessment-{period}.xlsx"'
        return response


class SchemeView(CapabilityRequiredMixin, View):
    """The current scheme and its versions (read by everyone who reads reports)."""

    capability = "view_reports"

    def get(self, request):
        from django.shortcuts import render

        current = scheme_current()
        definition = current.definition
        groups = _group_labels(definition)
        items = [
            {
                "item": item,
                "group": groups.get(item.get("group"), ""),
                "label": INDICATORS[item["indicator"]].label,
            }
            for item in definition["items"]
        ]
        return render(
            request,
            "reports/scheme.html",
            {
                "scheme": current,
                "items": items,
                "groups": definition.get("groups") or [],
                "veto": [
                    {"label": _(v["label"]), "values": v.get("codes") or v.get("numbers") or []}
                    for v in definition.get("veto") or []
                ],
                "versions": AssessmentScheme.objects.visible_to(request.user).select_related("created_by")[
                    :50
                ],
                "can_manage": has_capability(request.user, "manage_assessment"),
            },
        )


class SchemeEditView(CapabilityRequiredMixin, FormView):
    """Edit weights, caps, targets, veto lists and grade thresholds; saving makes a new version."""

    capability = "manage_assessment"
    template_name = "reports/scheme_edit.html"
    form_class = SchemeForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["definition"] = scheme_current().definition
        return kwargs

    def form_valid(self, form):
        try:
            scheme = scheme_save(
                actor=self.request.user, definition=form.definition(), note=form.cleaned_data["note"]
            )
        except SchemeError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request, _("Scheme version %(version)s is now current.") % {"version": scheme.version}
        )
        return redirect("reports:scheme")
