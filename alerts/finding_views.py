"""Pages of the three checks (spot-checks, petition back-checks), routing, and the negative
list. Thin: reads through the scoped bases and selectors, writes through the services in
``alerts.findings`` / ``alerts.negative_list``; a row out of scope is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from supervision.base_views import ScopedDetailView, ScopedListView
from supervision.roles import has_capability

from . import findings, negative_list
from .choices import Sanction
from .finding_forms import (
    FindingForm,
    NegativeListHitForm,
    NegativeListItemForm,
    PetitionConclusionForm,
    PetitionForm,
    RouteForm,
    SpotCheckDrawForm,
)
from .models import NegativeListHit, NegativeListItem, Petition, SpotCheck, SpotCheckCase, Warning


def _apply(form, call) -> bool:
    """Run a service; its validation errors land on the form (a 200 with messages, never a 500)."""
    try:
        call()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc.messages)
        return False
    return True


class _PostMixin:
    post_capability = "record_findings"

    def check_post(self, request):
        if not has_capability(request.user, self.post_capability):
            raise PermissionDenied


# ---------------------------------------------------------------------------------------
# Spot-checks


class SpotCheckListView(_PostMixin, ScopedListView):
    """Spot-checks of the user's scope, and the form that draws a new sample."""

    model = SpotCheck
    capability = "view_warnings"
    template_name = "alerts/spotcheck_list.html"

    def get_base_queryset(self):
        return findings.spot_check_list(fetched_by=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or SpotCheckDrawForm(user=self.request.user)
        context["can_record"] = has_capability(self.request.user, "record_findings")
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        form = SpotCheckDrawForm(request.POST, user=request.user)
        result = {}
        if form.is_valid() and _apply(
            form,
            lambda: result.setdefault(
                "check", findings.spot_check_draw(actor=request.user, **form.cleaned_data)
            ),
        ):
            messages.success(request, _("Sample drawn."))
            return HttpResponseRedirect(reverse("alerts:spot_check", args=[result["check"].pk]))
        self.object_list = self.get_filtered_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SpotCheckDetailView(_PostMixin, ScopedDetailView):
    """The sample of one spot-check, a finding form per case, and the cases' findings."""

    model = SpotCheck
    capability = "view_warnings"
    template_name = "alerts/spotcheck_detail.html"

    def get_base_queryset(self):
        return SpotCheck.objects.select_related("unit", "drawn_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sample"] = findings.spot_check_sample(spot_check=self.object)
        context["form"] = kwargs.get("form") or FindingForm(user=self.request.user)
        # One form per sampled case: the blank ones without ids (they would repeat).
        context["blank_form"] = FindingForm(user=self.request.user, auto_id=False)
        context["failed_case"] = kwargs.get("failed_case")
        context["can_record"] = has_capability(self.request.user, "record_findings")
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        self.object = self.get_object()
        sampled = get_object_or_404(SpotCheckCase, spot_check=self.object, pk=request.POST.get("sampled"))
        if "reviewed" in request.POST:
            findings.sampled_case_review(actor=request.user, sampled=sampled)
            return HttpResponseRedirect(reverse("alerts:spot_check", args=[self.object.pk]))
        form = FindingForm(request.POST, user=request.user)
        if form.is_valid() and _apply(
            form,
            lambda: findings.finding_record(actor=request.user, sampled=sampled, **form.cleaned_data),
        ):
            messages.success(request, _("Finding recorded; a problem is opened for the unit."))
            return HttpResponseRedirect(reverse("alerts:spot_check", args=[self.object.pk]))
        return self.render_to_response(self.get_context_data(form=form, failed_case=sampled.pk), status=400)


# ---------------------------------------------------------------------------------------
# Petitions


class PetitionListView(_PostMixin, ScopedListView):
    model = Petition
    capability = "view_warnings"
    template_name = "alerts/petition_list.html"

    def get_base_queryset(self):
        return findings.petition_list(fetched_by=self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or PetitionForm(user=self.request.user)
        context["can_record"] = has_capability(self.request.user, "record_findings")
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        form = PetitionForm(request.POST, user=request.user)
        result = {}
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["case"] = data.pop("case_number")
            if _apply(
                form, lambda: result.setdefault("p", findings.petition_record(actor=request.user, **data))
            ):
                messages.success(request, _("Petition recorded."))
                return HttpResponseRedirect(reverse("alerts:petition", args=[result["p"].pk]))
        self.object_list = self.get_filtered_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)


class PetitionDetailView(_PostMixin, ScopedDetailView):
    model = Petition
    capability = "view_warnings"
    template_name = "alerts/petition_detail.html"

    def get_base_queryset(self):
        return Petition.objects.select_related("unit", "case", "recorded_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["findings"] = self.object.findings.select_related("checklist_item", "warning", "officer")
        context["form"] = kwargs.get("form") or FindingForm(user=self.request.user)
        context["conclusion_form"] = kwargs.get("conclusion_form") or PetitionConclusionForm(
            user=self.request.user, initial={"conclusion": self.object.conclusion}
        )
        context["can_record"] = has_capability(self.request.user, "record_findings")
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        self.object = petition = self.get_object()
        if "conclude" in request.POST:
            form = PetitionConclusionForm(request.POST, user=request.user)
            if form.is_valid() and _apply(
                form,
                lambda: findings.petition_conclude(
                    actor=request.user, petition=petition, **form.cleaned_data
                ),
            ):
                return HttpResponseRedirect(reverse("alerts:petition", args=[petition.pk]))
            return self.render_to_response(self.get_context_data(conclusion_form=form), status=400)
        form = FindingForm(request.POST, user=request.user)
        if form.is_valid() and _apply(
            form, lambda: findings.finding_record(actor=request.user, petition=petition, **form.cleaned_data)
        ):
            messages.success(request, _("Finding recorded; a problem is opened for the unit."))
            return HttpResponseRedirect(reverse("alerts:petition", args=[petition.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


# ---------------------------------------------------------------------------------------
# Routing


class WarningRouteView(_PostMixin, ScopedDetailView):
    """Who holds an item (legal affairs, discipline inspection, petitions), its routing
    history, and the form that hands it on."""

    model = Warning
    capability = "view_warnings"
    template_name = "alerts/warning_route.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["routes"] = findings.warning_routes(warning=self.object)
        context["form"] = kwargs.get("form") or RouteForm(user=self.request.user)
        context["can_record"] = has_capability(self.request.user, "record_findings")
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        self.object = warning = self.get_object()
        form = RouteForm(request.POST, user=request.user)
        if form.is_valid() and _apply(
            form, lambda: findings.warning_route(actor=request.user, warning=warning, **form.cleaned_data)
        ):
            messages.success(request, _("Handed on."))
            return HttpResponseRedirect(reverse("alerts:warning_route", args=[warning.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


# ---------------------------------------------------------------------------------------
# Negative list


class NegativeListView(_PostMixin, ScopedListView):
    """The items of the negative list; the legal-affairs unit adds and edits them."""

    model = NegativeListItem
    capability = "view_warnings"
    post_capability = "manage_negative_list"
    template_name = "alerts/negativelist.html"
    paginate_by = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_manage"] = has_capability(self.request.user, "manage_negative_list")
        edit = self.request.GET.get("edit")
        item = NegativeListItem.objects.filter(pk=edit).first() if edit and edit.isdigit() else None
        initial = (
            {f: getattr(item, f) for f in ("number", "title", "description", "weight", "is_active")}
            if item
            else {}
        )
        context["editing"] = kwargs.get("editing", item)
        context["form"] = kwargs.get("form") or NegativeListItemForm(user=self.request.user, initial=initial)
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        pk = request.POST.get("item")
        item = get_object_or_404(NegativeListItem, pk=pk) if pk else None
        form = NegativeListItemForm(request.POST, user=request.user)
        if form.is_valid() and _apply(
            form,
            lambda: negative_list.negative_list_item_save(actor=request.user, item=item, **form.cleaned_data),
        ):
            messages.success(request, _("Saved."))
            return HttpResponseRedirect(reverse("alerts:negative_list"))
        self.object_list = self.get_filtered_queryset()
        return self.render_to_response(self.get_context_data(form=form, editing=item), status=400)


class NegativeListHitListView(_PostMixin, ScopedListView):
    """Hits of the user's scope, filterable by item, sanction and unit, and the form that
    records one (from a case or a problem: ``?case=`` / ``?problem=`` prefill it)."""

    model = NegativeListHit
    capability = "view_warnings"
    template_name = "alerts/negativelist_hits.html"

    def get_base_queryset(self):
        qs = negative_list.negative_list_hits(fetched_by=self.request.user)
        params = self.request.GET
        if (item := params.get("item", "")).isdigit():
            qs = qs.filter(item__number=int(item))
        if params.get("sanction") in Sanction.values:
            qs = qs.filter(sanction=params["sanction"])
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        initial = {
            "case_number": self.request.GET.get("case", ""),
            "problem": self.request.GET.get("problem"),
        }
        context["form"] = kwargs.get("form") or NegativeListHitForm(user=self.request.user, initial=initial)
        context["items"] = NegativeListItem.objects.all()
        context["sanctions"] = Sanction.choices
        context["can_record"] = has_capability(self.request.user, "record_findings")
        return context

    def post(self, request, *args, **kwargs):
        self.check_post(request)
        form = NegativeListHitForm(request.POST, user=request.user)
        if form.is_valid():
            data = dict(form.cleaned_data)
            data["case"] = data.pop("case_number")
            data["warning"] = data.pop("problem")
            if _apply(form, lambda: negative_list.negative_list_hit_record(actor=request.user, **data)):
                messages.success(request, _("Hit recorded."))
                return HttpResponseRedirect(reverse("alerts:negative_list_hits"))
        self.object_list = self.get_filtered_queryset()
        return self.render_to_response(self.get_context_data(form=form), status=400)
