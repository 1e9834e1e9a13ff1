"""The quarterly analysis (季分析) page and its printable PDF, computed on request, scoped."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.views.generic import TemplateView

from supervision.base_views import CapabilityRequiredMixin

from .quarterly import previous_quarter, quarter_of, quarterly_analysis


class QuarterlyMixin(CapabilityRequiredMixin):
    capability = "view_reports"

    def get_analysis(self) -> dict:
        default_year, default_quarter = previous_quarter(*quarter_of(timezone.localdate()))
        try:
            year = int(self.request.GET.get("year") or default_year)
            quarter = int(self.request.GET.get("quarter") or default_quarter)
        except ValueError:
            raise Http404 from None
        if not (2000 <= year <= 2100 and 1 <= quarter <= 4):
            raise Http404
        return quarterly_analysis(fetched_by=self.request.user, year=year, quarter=quarter)


class QuarterlyView(QuarterlyMixin, TemplateView):
    template_name = "reports/quarterly.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["a"] = self.get_analysis()
        context["quarters"] = (1, 2, 3, 4)
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
