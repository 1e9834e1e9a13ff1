"""Pages of the per-case reviews (一案一评): the month's reviews, recording a review,
choosing the best and worst case, and the worst case's unit attaching its analysis."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView

from cases.models import Case
from supervision.base_views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView

from . import reviews
from .models import CaseReview, CaseReviewSelection, ReviewChecklistItem


def _month(request) -> datetime.date:
    raw = request.GET.get("month") or request.POST.get("month") or ""
    try:
        return datetime.date.fromisoformat(f"{raw}-01")
    except ValueError:
        return timezone.localdate().replace(day=1)


def _apply(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class ReviewForm(forms.Form):
    case_number = forms.CharField(label=gettext_lazy("Case number"), max_length=40)
    month = forms.DateField(
        label=gettext_lazy("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(
            attrs={"type": "month", "class": "form-control form-control-sm"}, format="%Y-%m"
        ),
    )
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.items = list(ReviewChecklistItem.objects.filter(is_active=True).order_by("number"))
        self.fields["case_number"].widget.attrs["class"] = "form-control form-control-sm"
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.number}. {item.text}（{item.max_score}）",
                min_value=0,
                max_value=item.max_score,
                decimal_places=1,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.5"}),
            )

    def item_fields(self):
        return [self[f"item_{item.pk}"] for item in self.items]

    def clean_case_number(self):
        number = self.cleaned_data["case_number"].strip()
        # Scoped lookup: a case outside the reviewer's scope is the same as a missing one.
        case = Case.objects.visible_to(self.user).filter(number=number).first()
        if case is None:
            raise ValidationError(_("No case with this number in your scope."))
        self.case = case
        return number


class ReviewListView(ScopedListView):
    model = CaseReview
    capability = "view_reports"
    template_name = "reports/review_list.html"
    default_ordering = "-total"

    def get_base_queryset(self):
        self.month = _month(self.request)
        return CaseReview.objects.filter(period=self.month).select_related("case", "unit", "reviewer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["month"] = self.month
        # Reviews are recorded for the month before as often as for this one: one click away.
        context["prev_month"] = (self.month - datetime.timedelta(days=1)).replace(day=1)
        context["next_month"] = (self.month + datetime.timedelta(days=31)).replace(day=1)
        context["selections"] = (
            CaseReviewSelection.objects.visible_to(self.request.user)
            .filter(period=self.month)
            .select_related("publisher", "best__case", "worst__case", "best__unit", "worst__unit")
        )
        return context


class ReviewCreateView(CapabilityRequiredMixin, FormView):
    capability = "review_cases"
    form_class = ReviewForm
    template_name = "reports/review_form.html"

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs.setdefault("initial", {})
        kwargs["initial"].update(month=_month(self.request), case_number=self.request.GET.get("case", ""))
        return kwargs

    def form_valid(self, form):
        scores = {item.pk: form.cleaned_data[f"item_{item.pk}"] for item in form.items}
        try:
            review = reviews.case_review_record(
                actor=self.request.user,
                case=form.case,
                period=form.cleaned_data["month"],
                scores=scores,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            _apply(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, _("Review recorded: %(total)s points.") % {"total": review.total})
        return redirect(f"/reports/reviews/?month={review.period:%Y-%m}")

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SelectionForm(forms.Form):
    best = forms.ModelChoiceField(label=gettext_lazy("Best case"), queryset=CaseReview.objects.none())
    worst = forms.ModelChoiceField(label=gettext_lazy("Worst case"), queryset=CaseReview.objects.none())
    note = forms.CharField(
        label=gettext_lazy("Note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("best", "worst"):
            self.fields[name].queryset = candidates
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
            self.fields[name].label_from_instance = lambda r: (
                f"{r.case.number} {r.unit.display_name} {r.total}"
            )


class SelectionCreateView(CapabilityRequiredMixin, FormView):
    capability = "review_cases"
    form_class = SelectionForm
    template_name = "reports/selection_form.html"

    def get_form_kwargs(self):
        self.month = _month(self.request)
        kwargs = super().get_form_kwargs()
        candidates = reviews.month_reviews(fetched_by=self.request.user, period=self.month)
        kwargs["candidates"] = candidates
        ordered = list(candidates[:1]), list(candidates.reverse()[:1])
        kwargs["initial"] = {
            "best": ordered[0][0] if ordered[0] else None,
            "worst": ordered[1][0] if ordered[1] else None,
        }
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["month"] = self.month
        return context

    def form_valid(self, form):
        try:
            selection = reviews.selection_choose(
                actor=self.request.user,
                period=self.month,
                best=form.cleaned_data["best"],
                worst=form.cleaned_data["worst"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            _apply(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        return redirect("reports:selection", selection.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class AnalysisForm(forms.Form):
    analysis = forms.CharField(
        label=gettext_lazy("The unit's analysis"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Attachment (optional)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control form-control-sm"}),
    )


class SelectionDetailView(ScopedDetailView):
    model = CaseReviewSelection
    capability = "view_reports"
    template_name = "reports/selection_detail.html"

    def get_base_queryset(self):
        return CaseReviewSelection.objects.select_related(
            "publisher", "best__case", "best__unit", "worst__case", "worst__unit", "chosen_by", "analysis_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", AnalysisForm(initial={"analysis": self.object.analysis}))
        context["can_attach"] = (
            CaseReview.objects.visible_to(self.request.user).filter(pk=self.object.worst_id).exists()
        )
        return context

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        form = AnalysisForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                reviews.selection_attach_analysis(
                    actor=request.user,
                    selection=self.object,
                    text=form.cleaned_data["analysis"],
                    upload=form.cleaned_data["file"],
                )
            except ValidationError as exc:
                _apply(form, exc)
            else:
                messages.success(request, _("Analysis attached."))
                return redirect("reports:selection", self.object.pk)
        return self.render_to_response(self.get_context_data(form=form), status=400)
