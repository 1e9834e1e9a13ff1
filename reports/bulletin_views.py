"""Pages of the weekly bulletin: list, detail (the stored figures), commentary, publish,
acknowledge, PDF and Excel. Thin: services write, the stored figures are rendered."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from supervision.base_views import ScopedDetailView, ScopedListView
from supervision.roles import has_capability

from . import bulletins, selectors
from .bulletin_documents import bulletin_context, render_bulletin_pdf, render_bulletin_xlsx
from .models import Bulletin, BulletinDelivery, BulletinStatus


def overview_panel_context(request) -> dict:
    """The bulletin to-dos on the overview page (see ``selectors.bulletin_panel``)."""
    return selectors.bulletin_panel(fetched_by=request.user)


class CommentaryForm(forms.Form):
    commentary = forms.CharField(
        label=gettext_lazy("Commentary"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
        help_text=gettext_lazy(
            "Typical problems, requirements and notes on the law; printed after the figures."
        ),
    )


class BulletinListView(ScopedListView):
    model = Bulletin
    capability = "view_reports"
    template_name = "reports/bulletin_list.html"
    default_ordering = "-period_start"
    paginate_by = 30

    def get_base_queryset(self):
        user = self.request.user
        return (
            Bulletin.objects.select_related("publisher")
            .defer("figures")
            .annotate(
                n_deliveries=Count("deliveries", distinct=True),
                n_acknowledged=Count(
                    "deliveries", filter=Q(deliveries__acknowledged_at__isnull=False), distinct=True
                ),
                awaiting_me=Exists(
                    BulletinDelivery.objects.filter(
                        bulletin=OuterRef("pk"), recipient=user, acknowledged_at__isnull=True
                    )
                ),
            )
        )


class BulletinDetailView(ScopedDetailView):
    model = Bulletin
    capability = "view_reports"
    template_name = "reports/bulletin_detail.html"

    def get_base_queryset(self):
        return Bulletin.objects.select_related("publisher", "published_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        bulletin = self.object
        manages = Bulletin.objects.managed_by(user).filter(pk=bulletin.pk).exists()
        deliveries = list(
            bulletin.deliveries.visible_to(user).select_related("recipient", "unit").order_by("unit__path")
        )
        context.update(bulletin_context(bulletin))
        context.update(
            can_edit=manages and not bulletin.is_published and has_capability(user, "publish_bulletins"),
            manages=manages,
            deliveries=deliveries if manages else [],
            not_acknowledged=[d for d in deliveries if d.acknowledged_at is None] if manages else [],
            my_delivery=next((d for d in deliveries if d.recipient_id == user.pk), None),
            form=CommentaryForm(initial={"commentary": bulletin.commentary}),
        )
        return context


class _BulletinActionView(ScopedDetailView):
    """A POST on one bulletin; the object is found through the scoped queryset (404 outside)."""

    model = Bulletin
    http_method_names = ["post"]

    def get_base_queryset(self):
        return Bulletin.objects.managed_by(self.request.user)

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        try:
            self.act()
        except ValidationError as exc:
            return refused(request, self.object, exc)
        return redirect("reports:bulletin", self.object.pk)


class BulletinEditView(_BulletinActionView):
    capability = "publish_bulletins"

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = CommentaryForm(request.POST)
        if not form.is_valid():
            return refused(
                request, self.object, ValidationError([e for es in form.errors.values() for e in es])
            )
        try:
            bulletins.bulletin_update_commentary(
                actor=request.user, bulletin=self.object, commentary=form.cleaned_data["commentary"]
            )
        except ValidationError as exc:
            return refused(request, self.object, exc)
        messages.success(request, _("Commentary saved."))
        return redirect("reports:bulletin", self.object.pk)


def refused(request, bulletin, exc: ValidationError):
    """A refused change (e.g. to a published bulletin): 409 with the reason, nothing written."""
    return render(
        request, "reports/refused.html", {"bulletin": bulletin, "reasons": exc.messages}, status=409
    )


class BulletinPublishView(_BulletinActionView):
    capability = "publish_bulletins"

    def act(self):
        bulletin = bulletins.bulletin_publish(actor=self.request.user, bulletin=self.object)
        messages.success(
            self.request,
            _("Published and delivered to %(n)d station chiefs.") % {"n": bulletin.deliveries.count()},
        )


class BulletinAcknowledgeView(_BulletinActionView):
    capability = "acknowledge_bulletins"

    def get_base_queryset(self):
        return Bulletin.objects.filter(status=BulletinStatus.PUBLISHED)

    def act(self):
        bulletins.bulletin_acknowledge(actor=self.request.user, bulletin=self.object)
        messages.success(self.request, _("Acknowledged."))


class BulletinPdfView(ScopedDetailView):
    model = Bulletin
    capability = "view_reports"

    def get(self, request, *args, **kwargs):
        bulletin = self.get_object()
        name = f"bulletin-{bulletin.publisher.code}-{bulletin.year}-{bulletin.number}.pdf"
        return HttpResponse(
            render_bulletin_pdf(bulletin),
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{name}"'},
        )


class BulletinXlsxView(ScopedDetailView):
    model = Bulletin
    capability = "view_reports"

    def get(self, request, *args, **kwargs):
        bulletin = self.get_object()
        name = f"bulletin-{bulletin.publisher.code}-{bulletin.year}-{bulletin.number}.xlsx"
        return HttpResponse(
            render_bulletin_xlsx(bulletin),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
