"""Pages of the disputes app: thin — forms in, services called, selectors read."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView
from django.views.generic.detail import SingleObjectMixin

from supervision.base_views import (
    CapabilityRequiredMixin,
    ScopedDetailView,
    ScopedListView,
    ScopedQuerysetMixin,
)
from supervision.choices import AuditSource
from supervision.models import Unit
from supervision.privacy import id_number_for
from supervision.roles import has_capability

from . import selectors, services
from .choices import DisputeStatus, NoticeStatus
from .documents import render_notice_pdf, render_review_pdf
from .filtersets import DisputeFilterSet, DisputeNoticeFilterSet
from .forms import (
    AssessmentForm,
    AssignForm,
    ChecklistItemForm,
    DisputeOpenForm,
    NoticeDecisionForm,
    NoticeDeliveryForm,
    NoticeForm,
    PartyForm,
    PartyFormSet,
    ResolveForm,
    ReviewForm,
    ScoringModelForm,
    TownshipForm,
    VisitForm,
)
from .models import ChecklistItem, Dispute, DisputeNotice, ScoringModel


def _apply_errors(form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field when it names one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --------------------------------------------------------------------------------------
# Lists


class DisputeListView(ScopedListView):
    """All disputes in scope (台账), filterable; the entry point of the disputes pages."""

    model = Dispute
    capability = "view_disputes"
    filterset_class = DisputeFilterSet
    template_name = "disputes/dispute_list.html"
    default_ordering = "-occurred_at"
    ordering_fields = {"reported": "occurred_at", "score": "proposed_score", "due": "next_visit_due"}

    def get_base_queryset(self):
        return Dispute.objects.select_related("unit", "community_officer", "incident")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["counts"] = selectors.dispute_colour_counts(fetched_by=self.request.user)
        context["today"] = timezone.localdate()
        return context


class TriageView(CapabilityRequiredMixin, TemplateView):
    """The daily triage list (每日研判) of a station: new disputes to assess, red and yellow
    first, each with what is missing; visits due today or overdue; colours to revisit."""

    capability = "view_disputes"
    template_name = "disputes/triage.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        units = selectors.review_units(fetched_by=user).filter(level="station")
        unit = None
        if self.request.GET.get("unit"):
            unit = get_object_or_404(Unit.objects.visible_to(user), pk=self.request.GET["unit"])
        context.update(
            selectors.dispute_triage(fetched_by=user, unit=unit, today=timezone.localdate()),
            units=units,
            unit=unit,
            today=timezone.localdate(),
        )
        return context


class ForNoticeView(CapabilityRequiredMixin, TemplateView):
    """Disputes listed for notice (通报): unresolved for long, or where work is poor."""

    capability = "view_disputes"
    template_name = "disputes/for_notice.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = selectors.dispute_for_notice(fetched_by=self.request.user)
        context["config"] = selectors.active_config()[1]
        return context


# --------------------------------------------------------------------------------------
# One dispute


class DisputeDetailView(ScopedDetailView):
    model = Dispute
    capability = "view_disputes"
    template_name = "disputes/dispute_detail.html"

    def get_base_queryset(self):
        return Dispute.objects.select_related("unit", "community_officer", "incident", "classified_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dispute, user = self.object, self.request.user
        parties = list(selectors.dispute_parties(dispute))
        for party in parties:
            party.shown_id = id_number_for(user, party.id_number)
        can_handle = has_capability(user, "handle_disputes")
        context.update(
            parties=parties,
            links=selectors.dispute_links(dispute=dispute, fetched_by=user),
            checklists=selectors.dispute_checklists(dispute),
            assessments=list(selectors.dispute_assessments(dispute)),
            visits=list(selectors.dispute_visits(dispute)),
            timeline=selectors.dispute_timeline(dispute),
            notices=list(dispute.notices.select_related("issuing_unit")),
            missing=selectors.dispute_missing_many([dispute])[dispute.pk],
            today=timezone.localdate(),
            overdue=dispute.is_visit_overdue(),
            can_handle=can_handle and dispute.status != DisputeStatus.CLOSED,
            can_draft=has_capability(user, "draft_dispute_notices")
            and bool(services.notice_eligible_reasons(dispute))
            and dispute.status in (DisputeStatus.IN_PROGRESS, DisputeStatus.RESOLVED),
            visit_form=VisitForm(),
            assign_form=AssignForm(dispute=dispute, user=user),
            resolve_form=ResolveForm(dispute=dispute),
            township_form=TownshipForm(),
            party_form=PartyForm(),
            townships=selectors.townships_known(fetched_by=user),
        )
        return context


class DisputeActionView(CapabilityRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, FormView):
    """A form that acts on one dispute through one service. Scoped: a dispute out of
    scope is not found."""

    model = Dispute
    capability = "handle_disputes"
    template_name = "disputes/action.html"
    title = ""
    success_message = ""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.object = None

    def get_dispute(self) -> Dispute:
        if self.object is None:
            self.object = self.get_object()
        return self.object

    def get(self, request, *args, **kwargs):
        self.get_dispute()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.get_dispute()
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["dispute"] = self.object
        context["title"] = self.title
        return context

    def get_success_url(self):
        return reverse("disputes:detail", args=[self.object.pk])

    def act(self, form):  # pragma: no cover - each subclass defines it
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.act(form)
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self.form_invalid(form)
        if self.success_message:
            messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class AssessView(DisputeActionView):
    """研判: classification, 八必查 and 八必判, and the colour — proposal shown live."""

    template_name = "disputes/assess.html"

    def get_form_class(self):
        return AssessmentForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        dispute = self.object
        proposal, _model = selectors.dispute_proposal(dispute)
        self.proposal = proposal
        kwargs.update(
            dispute=dispute,
            user=self.request.user,
            items=selectors.checklist_items(),
            answers={a.item_id: a for a in dispute.answers.all()},
            proposed_colour=proposal.colour,
        )
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["proposal"] = self.proposal
        context["scoring_model"] = selectors.scoring_model_active()
        context["title"] = _("Assess %(number)s") % {"number": self.object.number}
        return context

    def act(self, form):
        services.dispute_triage_record(
            actor=self.request.user,
            dispute=self.object,
            classification=form.classification(),
            answers=form.answers(),
            colour=form.cleaned_data["colour"],
            override_reason=form.cleaned_data["override_reason"],
            community_officer=form.cleaned_data["community_officer"],
        )
        messages.success(self.request, _("Assessment recorded."))


class AssessPreviewView(CapabilityRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, TemplateView):
    """The proposal for the answers on the form, before anything is saved (htmx)."""

    model = Dispute
    capability = "handle_disputes"
    template_name = "disputes/_proposal.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        data = request.POST
        answers = {}
        for key, value in data.items():
            if key.startswith("item_") and key[5:].isdigit():
                answers[int(key[5:])] = value
        overrides = {}
        for name in ("dispute_type", "consequence"):
            if name in data:
                overrides[name] = data[name]
        for name in ("has_threat", "threat_to_kill", "weapons_involved", "cross_department"):
            overrides[name] = name in data
        try:
            overrides["crowd_size"] = max(0, int(data.get("crowd_size", self.object.crowd_size)))
        except ValueError:
            overrides["crowd_size"] = self.object.crowd_size
        proposal, model = selectors.dispute_proposal(self.object, answers=answers, overrides=overrides)
        return self.render_to_response({"proposal": proposal, "scoring_model": model, "dispute": self.object})


class AssignView(DisputeActionView):
    form_class = AssignForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dispute": self.object, "user": self.request.user}

    @property
    def title(self):
        return _("Responsibility")

    def act(self, form):
        services.dispute_assign(
            actor=self.request.user,
            dispute=self.object,
            community_officer=form.cleaned_data["community_officer"],
            township=form.cleaned_data["township"],
            next_steps=form.cleaned_data["next_steps"],
        )
        messages.success(self.request, _("Saved."))


class VisitView(DisputeActionView):
    form_class = VisitForm

    @property
    def title(self):
        return _("Record a follow-up visit")

    def act(self, form):
        services.dispute_visit_record(actor=self.request.user, dispute=self.object, **form.cleaned_data)
        messages.success(self.request, _("Follow-up visit recorded."))


class ResolveView(DisputeActionView):
    form_class = ResolveForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "dispute": self.object}

    @property
    def title(self):
        return _("Resolve")

    def act(self, form):
        services.dispute_resolve(actor=self.request.user, dispute=self.object, **form.cleaned_data)
        messages.success(self.request, _("Resolved: the loop closes when the township confirms."))


class TownshipView(DisputeActionView):
    form_class = TownshipForm

    @property
    def title(self):
        return _("Township's confirmation")

    def act(self, form):
        dispute = services.dispute_township_confirm(
            actor=self.request.user, dispute=self.object, **form.cleaned_data
        )
        if dispute.status == DisputeStatus.CLOSED:
            messages.success(self.request, _("Loop closed."))
        else:
            messages.warning(self.request, _("Back to resolving: the township did not confirm."))


class PartyAddView(DisputeActionView):
    form_class = PartyForm

    @property
    def title(self):
        return _("Add a party")

    def act(self, form):
        services.dispute_party_add(
            actor=self.request.user,
            dispute=self.object,
            name=form.cleaned_data["name"],
            id_number=form.cleaned_data["id_number"],
            phone=form.cleaned_data["phone"],
        )
        messages.success(self.request, _("Party added and matched."))


class NoticeDraftView(DisputeActionView):
    form_class = NoticeForm
    capability = "draft_dispute_notices"
    template_name = "disputes/notice_form.html"

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "eligible": services.notice_eligible_reasons(self.object)}

    def get_initial(self):
        dispute = self.object
        township = dispute.township or _("the township responsible")
        return {
            "recipient": services.default_recipient(dispute.unit),
            "suggestions": _(
                "We suggest that the committee convene %(township)s and the departments concerned to study "
                "the dispute together, fix each party's responsibility, and resolve and stabilise it at the "
                "source."
            )
            % {"township": township},
        }

    @property
    def title(self):
        return _("Draft a written notice to the political-legal committee")

    def act(self, form):
        self.notice = services.notice_draft(actor=self.request.user, dispute=self.object, **form.cleaned_data)
        messages.success(self.request, _("Notice drafted."))

    def get_success_url(self):
        return reverse("disputes:notice", args=[self.notice.pk])


class OpenView(CapabilityRequiredMixin, FormView):
    """Open a dispute by hand (no incident behind it)."""

    capability = "handle_disputes"
    template_name = "disputes/open.html"
    form_class = DisputeOpenForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("parties", PartyFormSet(self.request.POST or None, prefix="party"))
        return context

    def form_valid(self, form):
        parties = PartyFormSet(self.request.POST, prefix="party")
        if not parties.is_valid():
            return self.render_to_response(self.get_context_data(form=form, parties=parties))
        data = dict(form.cleaned_data)
        try:
            dispute = services.dispute_open(
                actor=self.request.user,
                parties=[p for p in parties.cleaned_data if p],
                **data,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self.render_to_response(self.get_context_data(form=form, parties=parties))
        messages.success(self.request, _("Dispute opened."))
        return redirect("disputes:detail", pk=dispute.pk)


# --------------------------------------------------------------------------------------
# Written notices


class NoticeListView(ScopedListView):
    model = DisputeNotice
    capability = "view_disputes"
    filterset_class = DisputeNoticeFilterSet
    template_name = "disputes/notice_list.html"
    default_ordering = "-drafted_at"

    def get_base_queryset(self):
        return DisputeNotice.objects.select_related(
            "dispute", "dispute__unit", "issuing_unit", "drafted_by", "decided_by"
        )


class NoticeDetailView(ScopedDetailView):
    model = DisputeNotice
    capability = "view_disputes"
    template_name = "disputes/notice_detail.html"

    def get_base_queryset(self):
        return DisputeNotice.objects.select_related(
            "dispute", "dispute__unit", "issuing_unit", "drafted_by", "decided_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        notice, user = self.object, self.request.user
        editable = notice.status in (NoticeStatus.DRAFT, NoticeStatus.REJECTED)
        can_draft = has_capability(user, "draft_dispute_notices")
        context.update(
            can_edit=editable and can_draft,
            can_submit=editable and can_draft,
            can_decide=notice.status == NoticeStatus.SUBMITTED and has_capability(user, "approve_notices"),
            can_deliver=notice.status == NoticeStatus.APPROVED and can_draft,
            decision_form=NoticeDecisionForm(),
            delivery_form=NoticeDeliveryForm(),
            edit_form=NoticeForm(
                initial={k: getattr(notice, k) for k in services.NOTICE_TEXT_FIELDS},
                eligible=services.notice_eligible_reasons(notice.dispute),
            ),
        )
        return context


class NoticeActionView(CapabilityRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, FormView):
    model = DisputeNotice
    template_name = "disputes/action.html"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = self.get_object()
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        for error in form.errors.values():
            messages.error(self.request, " ".join(error))
        return redirect("disputes:notice", pk=self.object.pk)

    def form_valid(self, form):
        try:
            self.act(form)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(self.request, message)
        return redirect("disputes:notice", pk=self.object.pk)


class NoticeEditView(NoticeActionView):
    capability = "draft_dispute_notices"
    form_class = NoticeForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "eligible": services.notice_eligible_reasons(self.object.dispute),
        }

    def act(self, form):
        services.notice_update(actor=self.request.user, notice=self.object, **form.cleaned_data)
        messages.success(self.request, _("Notice revised."))


class NoticeSubmitView(NoticeActionView):
    capability = "draft_dispute_notices"
    form_class = None

    def get_form_class(self):
        from django import forms

        return forms.Form

    def act(self, form):
        services.notice_submit(actor=self.request.user, notice=self.object)
        messages.success(self.request, _("Submitted for approval."))


class NoticeDecideView(NoticeActionView):
    capability = "approve_notices"
    form_class = NoticeDecisionForm

    def act(self, form):
        notice = services.notice_decide(actor=self.request.user, notice=self.object, **form.cleaned_data)
        if notice.status == NoticeStatus.APPROVED:
            messages.success(self.request, _("Approved: %(number)s issued.") % {"number": notice.number})
        else:
            messages.warning(self.request, _("Returned for revision."))


class NoticeDeliverView(NoticeActionView):
    capability = "draft_dispute_notices"
    form_class = NoticeDeliveryForm

    def act(self, form):
        services.notice_deliver(actor=self.request.user, notice=self.object, **form.cleaned_data)
        messages.success(self.request, _("Delivery recorded."))


class NoticePdfView(ScopedDetailView):
    """The notice as a PDF: the stored, approved document; a marked draft before approval."""

    model = DisputeNotice
    capability = "view_disputes"

    def get_base_queryset(self):
        return DisputeNotice.objects.select_related("dispute", "dispute__unit", "issuing_unit")

    def get(self, request, *args, **kwargs):
        notice = self.get_object()
        if notice.document:
            return FileResponse(
                notice.document.open("rb"), content_type="application/pdf", filename=f"{notice.number}.pdf"
            )
        pdf = render_notice_pdf(notice)
        return HttpResponse(
            pdf,
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="notice-draft-{notice.pk}.pdf"'},
        )


# --------------------------------------------------------------------------------------
# Monthly review (月度研判)


class ReviewMixin(CapabilityRequiredMixin):
    capability = "view_disputes"

    def get_pack(self) -> dict:
        user = self.request.user
        form = ReviewForm(self.request.GET or None, units=selectors.review_units(fetched_by=user))
        month = form.fields["month"].initial
        unit = None
        if form.is_bound and form.is_valid():
            month = form.cleaned_data["month"]
            unit = form.cleaned_data["unit"]
        elif form.is_bound and form.errors.get("unit"):
            raise Http404
        self.form = form
        return selectors.review_pack(fetched_by=user, month=month, unit=unit)


class ReviewView(ReviewMixin, TemplateView):
    template_name = "disputes/review.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pack = self.get_pack()
        context.update(
            pack=pack, form=self.form, charts=_review_charts(pack), querystring=self.request.GET.urlencode()
        )
        return context


class ReviewPdfView(ReviewMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        pack = self.get_pack()
        pdf = render_review_pdf(pack)
        name = f"review-{pack['month']:%Y-%m}.pdf"
        return HttpResponse(
            pdf, content_type="application/pdf", headers={"Content-Disposition": f'inline; filename="{name}"'}
        )


def _review_charts(pack: dict) -> dict:
    """The data the ECharts on the review page draw (kept in Python: the page has no logic)."""
    from .choices import RiskColour
    from .templatetags.disputes_tags import colour_label

    colours = [*RiskColour.values, ""]
    return {
        "colour": [
            {"name": colour_label(c), "value": pack["this"]["by_colour"][c], "key": c or "none"}
            for c in colours
        ],
        "type": {
            "labels": [str(r["label"]) for r in pack["type_rows"]],
            "this": [r["value"] for r in pack["type_rows"]],
            "last": [r["previous"] for r in pack["type_rows"]],
        },
        "station": {
            "labels": [s["unit"].display_name for s in pack["stations"]],
            "series": [
                {"key": c or "none", "name": colour_label(c), "data": [s[c] for s in pack["stations"]]}
                for c in colours
            ],
        },
    }


# --------------------------------------------------------------------------------------
# Configuration (the legal-affairs unit)


class SettingsView(CapabilityRequiredMixin, TemplateView):
    """Checklists and the scoring model: readable by all who handle disputes, editable by
    the legal-affairs unit."""

    capability = "view_disputes"
    template_name = "disputes/settings.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model, config = selectors.active_config()
        context.update(
            items=selectors.checklist_items(active_only=False),
            scoring_model=model,
            config=config,
            versions=ScoringModel.objects.select_related("created_by")[:20],
            can_configure=has_capability(self.request.user, "configure_disputes"),
        )
        return context


class ChecklistItemEditView(CapabilityRequiredMixin, FormView):
    """Add or change a checklist item. Items are platform-wide configuration, not unit rows."""

    capability = "configure_disputes"
    template_name = "disputes/config_form.html"
    form_class = ChecklistItemForm

    def get_item(self) -> ChecklistItem | None:
        pk = self.kwargs.get("pk")
        return get_object_or_404(ChecklistItem, pk=pk) if pk else None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.get_item()}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Checklist item")
        return context

    def form_valid(self, form):
        services.checklist_item_save(actor=self.request.user, item=self.get_item(), data=form.cleaned_data)
        messages.success(self.request, _("Checklist item saved."))
        return redirect("disputes:settings")


class ScoringModelPublishView(CapabilityRequiredMixin, FormView):
    capability = "configure_disputes"
    template_name = "disputes/config_form.html"
    form_class = ScoringModelForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "config": selectors.active_config()[1]}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Publish a new version of the scoring model")
        return context

    def form_valid(self, form):
        try:
            model = services.scoring_model_publish(
                actor=self.request.user, config=form.config, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Scoring model v%(version)s is active.") % {"version": model.version}
        )
        return redirect("disputes:settings")


class IntakeRunView(CapabilityRequiredMixin, TemplateView):
    """Run intake and triage now (after a manual import, say)."""

    capability = "run_jobs"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        now = timezone.localtime()
        run = services.dispute_intake_run(
            business_date=now.date(), triggered_by=AuditSource.UI, occasion=f"manual-{now:%H%M%S}"
        )
        if run is not None:
            messages.success(
                request,
                _("Intake done: %(created)s new disputes.") % {"created": run.counts.get("created", 0)},
            )
        return redirect("disputes:triage")
