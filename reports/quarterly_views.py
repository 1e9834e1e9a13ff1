"""The quarterly analysis (季分析) page, its printable PDF and Excel, and the items behind
each figure — computed on request, scoped."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from alerts.choices import Level, WarningSource
from alerts.models import Warning
from cases.choices import ElementType
from supervision.base_views import CapabilityRequiredMixin, ScopedListView
from supervision.models import Unit

from .quarterly import previous_quarter, quarter_of, quarterly_analysis, quarterly_items
from .quarterly_documents import render_quarterly_xlsx


class QuarterlyMixin(CapabilityRequiredMixin):
    capability = "view_reports"

    def get_year_quarter(self) -> tuple[int, int]:
        default_year, default_quarter = previous_quarter(*quarter_of(timezone.localdate()))
        try:
            year = int(self.request.GET.get("year") or default_year)
            quarter = int(self.request.GET.get("quarter") or default_quarter)
        except ValueError:
            raise Http404 from None
        if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
            raise Http404
        return year, quarter

    def get_analysis(self) -> dict:
        year, quarter = self.get_year_quarter()
        return quarterly_analysis(fetched_by=self.request.user, year=year, quarter=quarter)


def _figure_links(a: dict) -> None:
    """Give every figure of the page the URL of the items behind it (``QuarterlyItemsView``
    narrows the same base the same way). Only the page gets links; the PDF is paper."""
    base = reverse("reports:quarterly_items")
    period = {"year": a["year"], "quarter": a["quarter"]}

    def url(**params) -> str:
        return f"{base}?{urlencode({**period, **params})}"

    def cells(row: dict, **params) -> None:
        row["urls"] = {"this": url(**params), "prev": url(prev=1, **params)}
        row["month_urls"] = [url(month=i + 1, **params) for i in range(len(a["months"]))]

    a["total"]["urls"] = {"this": url(), "prev": url(prev=1)}
    for i, m in enumerate(a["by_month"]):
        m["urls"] = {
            "total": url(month=i + 1),
            "problems": url(month=i + 1, problems=1),
            **{level: url(month=i + 1, level=level) for level in Level.values},
        }
    for r in a["rules"]:
        cells(r, code=r["code"], source=r["source"])
        r["urls"]["repeats"] = url(code=r["code"], source=r["source"], repeats=1)
    for r in a["elements"]:
        cells(r, element=r["element_type"])
    for u in a["units"]:
        cells(u, unit=u["unit_id"])
        u["urls"]["problems"] = url(unit=u["unit_id"], problems=1)
        u["urls"]["repeats"] = url(unit=u["unit_id"], repeats=1)
    for r in a["recurring"]:
        r["url"] = url(code=r["code"], source=r["source"], unit=r["unit_id"], repeats=1)


class QuarterlyView(QuarterlyMixin, TemplateView):
    template_name = "reports/quarterly.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        analysis = self.get_analysis()
        _figure_links(analysis)
        context["a"] = analysis
        context["quarters"] = (1, 2, 3, 4)
        # One bar pair per unit: a branch's list of stations needs more room than 280px.
        context["unit_chart_height"] = max(280, 60 + 28 * len(analysis["units"]))
        context["charts"] = {
            "months": [m["month"].strftime("%Y-%m") for m in analysis["by_month"]],
            "levels": {level: [m["levels"][level] for m in analysis["by_month"]] for level in Level.values},
            "problems": [m["problems"] for m in analysis["by_month"]],
            "month_urls": [m["urls"]["total"] for m in analysis["by_month"]],
            "units": [u["unit"] for u in analysis["units"]],
            "unit_this": [u["this"] for u in analysis["units"]],
            "unit_prev": [u["prev"] for u in analysis["units"]],
            "unit_urls": [u["urls"]["this"] for u in analysis["units"]],
        }
        return context


class QuarterlyPdfView(QuarterlyMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        from weasyprint import HTML

        analysis = self.get_analysis()
        with translation.override("zh-hans"):
            html = render_to_string(
                "reports/pdf/quarterly.html", {"a": analysis, "scope": request.user.scope_unit}
            )
        pdf = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
        name = f"quarterly-{analysis['year']}-Q{analysis['quarter']}.pdf"
        return HttpResponse(
            pdf, content_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
        )


class QuarterlyXlsxView(QuarterlyMixin, TemplateView):
    """The same figures as the page, one sheet per table, for those who work in Excel."""

    def get(self, request, *args, **kwargs):
        analysis = self.get_analysis()
        name = f"quarterly-{analysis['year']}-Q{analysis['quarter']}.xlsx"
        return HttpResponse(
            render_quarterly_xlsx(analysis, scope=request.user.scope_unit),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )


class QuarterlyItemsView(QuarterlyMixin, ScopedListView):
    """The items behind one figure of the quarterly analysis. The warning list cannot
    filter by when an item was raised, by the colour it reached or leave exempted items
    out, so a link there would show other numbers than the figure; this list cannot."""

    model = Warning
    template_name = "reports/quarterly_items.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except BadRequest as exc:
            # A hand-edited link: say what is wrong (400), never a 500 or an empty list.
            return render(
                request,
                "reports/bad_request.html",
                {"message": str(exc), "back": reverse("reports:quarterly")},
                status=400,
            )

    def get_filters(self) -> dict:
        if hasattr(self, "_filters"):
            return self._filters
        get = self.request.GET
        year, quarter = self.get_year_quarter()
        filters: dict = {"year": year, "quarter": quarter}
        try:
            if get.get("month"):
                filters["month"] = int(get["month"])
                if not 1 <= filters["month"] <= 3:
                    raise ValueError
            if get.get("unit"):
                filters["unit_id"] = int(get["unit"])
        except ValueError:
            raise BadRequest(_("month must be 1, 2 or 3 and unit a unit id.")) from None
        filters["previous"] = get.get("prev") == "1"
        filters["problems"] = get.get("problems") == "1"
        filters["repeats"] = get.get("repeats") == "1"
        if "code" in get:
            filters["code"] = get["code"]
        for param, key, allowed in (
            ("source", "source", WarningSource.values),
            ("level", "level", Level.values),
            ("element", "element_type", [*ElementType.values, ""]),
        ):
            if param in get:
                if get[param] not in allowed:
                    raise BadRequest(
                        _("Unknown %(param)s: %(value)s") % {"param": param, "value": get[param]}
                    )
                filters[key] = get[param]
        self._filters = filters
        return filters

    def get_base_queryset(self):
        # quarterly_items starts from visible_to(user); get_queryset applies it again.
        return quarterly_items(fetched_by=self.request.user, **self.get_filters()).select_related(
            "unit", "risk_point", "case"
        )

    def get_ordering_param(self):
        return "-raised_at"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        f = self.get_filters()
        described = []
        if f.get("previous"):
            described.append(_("the quarter before"))
        if f.get("month"):
            first = (f["quarter"] - 1) * 3 + f["month"]
            described.append(f"{f['year']}-{first:02d}")
        if "code" in f:
            from alerts.rules import registry

            rule = registry.get(f["code"]) if f["code"] else None
            described.append(f"{rule.ref} {rule.name}" if rule else f["code"] or _("no risk point"))
        if "source" in f:
            described.append(str(WarningSource(f["source"]).label))
        if "unit_id" in f:
            unit = Unit.objects.visible_to(self.request.user).filter(pk=f["unit_id"]).first()
            described.append(unit.display_name if unit else str(f["unit_id"]))
        if "element_type" in f:
            described.append(str(ElementType(f["element_type"]).label) if f["element_type"] else "—")
        if "level" in f:
            described.append(str(Level(f["level"]).label))
        if f.get("problems"):
            described.append(_("problems only"))
        if f.get("repeats"):
            described.append(_("repeat problems only"))
        context.update(
            f=f,
            described=described,
            back=f"{reverse('reports:quarterly')}?{urlencode({'year': f['year'], 'quarter': f['quarter']})}",
        )
        return context
