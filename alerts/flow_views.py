"""Pages of the rectification workflow: the legal officer's inbox, a station's "to fix"
list, the actions on an item, exemptions, the policy, notifications, webhooks and the
step-3 notice. Thin: reads scoped through the base views, writes through
``alerts.workflow`` / ``alerts.exemptions``; an illegal move is a message, never a 500."""

from __future__ import annotations

import datetime

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import ListView, TemplateView

from supervision.base_views import CapabilityRequiredMixin, ScopedDetailView, ScopedListView
from supervision.filtersets import UnitSubtreeFilter
from supervision.models import Unit, User
from supervision.roles import has_capability

from . import documents, exemptions, notifications, webhooks, workflow
from .choices import OPEN_WORKFLOW_STATES, ItemKind, Level, WorkflowState
from .forms import WebhookSubscriptionForm
from .models import (
    Exemption,
    RectificationAttachment,
    RiskPoint,
    SummonsNotice,
    Warning,
    WebhookDelivery,
    WebhookSubscription,
)
from .selectors import warning_base_queryset
from .workflow import TransitionError


class InboxFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=Level.choices, label=pgettext_lazy("warning", "Level"))
    kind = django_filters.ChoiceFilter(choices=ItemKind.choices, label=gettext_lazy("Kind"))
    workflow_state = django_filters.ChoiceFilter(
        choices=[(s.value, s.label) for s in WorkflowState if s in OPEN_WORKFLOW_STATES],
        label=gettext_lazy("Workflow"),
    )
    rule = django_filters.CharFilter(field_name="risk_point__ref", label=gettext_lazy("Risk point"))
    unit = UnitSubtreeFilter()
    overdue = django_filters.ChoiceFilter(
        method="filter_overdue",
        label=gettext_lazy("Overdue"),
        choices=[("yes", gettext_lazy("Overdue only")), ("no", gettext_lazy("Not overdue"))],
        empty_label=gettext_lazy("Any"),
    )

    class Meta:
        model = Warning
        fields = ["level", "kind", "workflow_state", "rule", "unit", "overdue"]

    def filter_overdue(self, qs, name, value):
        now = timezone.now()
        if value not in ("yes", "no"):
            return qs
        overdue = Q(kind=ItemKind.PROBLEM, rectify_due_at__lt=now)
        return qs.filter(overdue) if value == "yes" else qs.exclude(overdue)


def open_items():
    return (
        warning_base_queryset()
        .filter(workflow_state__in=OPEN_WORKFLOW_STATES)
        .select_related("assignee")
        .annotate(
            overdue_rank=Case(
                When(kind=ItemKind.PROBLEM, rectify_due_at__lt=timezone.now(), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
    )


class InboxView(ScopedListView):
    """A legal officer's open items in scope, with bulk assign / acknowledge / remind."""

    model = Warning
    capability = "view_warnings"
    filterset_class = InboxFilterSet
    template_name = "alerts/inbox.html"
    default_ordering = "-level_rank"
    ordering_fields = {
        "level": "level_rank",
        "age": "raised_at",
        "due": "rectify_due_at",
        "unit": "unit__path",
        "rule": "risk_point__ref",
        "step": "escalation_step",
    }

    def get_base_queryset(self):
        return open_items()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["assignees"] = (
            User.objects.visible_to(self.request.user)
            .filter(is_active=True)
            .order_by("unit__path", "username")[:200]
        )
        context["now"] = timezone.now()
        return context

    def post(self, request, *args, **kwargs):
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
        action = request.POST.get("action", "")
        items = list(Warning.objects.visible_to(request.user).filter(pk__in=ids))
        if not items:
            messages.error(request, _("Select at least one item."))
            return HttpResponseRedirect(request.get_full_path())
        to_user = None
        if action == "assign":
            to_user = (
                User.objects.visible_to(request.user).filter(pk=request.POST.get("assignee") or 0).first()
            )
            if to_user is None:
                messages.error(request, _("Choose the person to assign to."))
                return HttpResponseRedirect(request.get_full_path())
        moves = {
            "assign": lambda w: workflow.assign(w, by=request.user, to_user=to_user),
            "acknowledge": lambda w: workflow.acknowledge(w, by=request.user),
            "remind": lambda w: workflow.remind(w, by=request.user, note=request.POST.get("note", "")[:200]),
        }
        if action not in moves:
            messages.error(request, _("Unknown action."))
            return HttpResponseRedirect(request.get_full_path())
        done, failed = 0, []
        for item in items:
            try:
                moves[action](item)
                done += 1
            except (TransitionError, PermissionDenied) as exc:
                failed.append(
                    f"#{item.pk}: {getattr(exc, 'message', None) or _('Your role may not do this.')}"
                )
        if done:
            messages.success(request, _("%(n)d item(s) done.") % {"n": done})
        for line in failed[:10]:
            messages.warning(request, line)
        return HttpResponseRedirect(request.get_full_path())


class ToFixView(ScopedListView):
    """A station's own list: what it must fix and by when, overdue first."""

    model = Warning
    capability = "view_warnings"
    template_name = "alerts/to_fix.html"
    paginate_by = 100

    def get_base_queryset(self):
        qs = open_items().filter(exempted=False)
        unit = self.request.user.unit
        if unit is not None and not unit.is_supervisory:
            qs = qs.in_unit_subtree(unit)
        return qs.order_by("overdue_rank", F("rectify_due_at").asc(nulls_last=True), "-level_rank", "pk")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["now"] = timezone.now()
        return context


def _move(request, warning: Warning, action: str):
    post = request.POST
    if action == "acknowledge":
        return workflow.acknowledge(warning, by=request.user)
    if action == "submit":
        return workflow.submit_rectification(
            warning, by=request.user, text=post.get("text", ""), files=request.FILES.getlist("files")
        )
    if action == "verify":
        return workflow.verify(warning, by=request.user, note=post.get("note", ""))
    if action == "reject":
        return workflow.reject(warning, by=request.user, reason=post.get("reason", ""))
    if action == "close":
        return workflow.close_out(warning, by=request.user, note=post.get("note", ""))
    if action == "remind":
        return workflow.remind(warning, by=request.user, note=post.get("note", ""))
    if action == "assign":
        to_user = User.objects.visible_to(request.user).filter(pk=post.get("assignee") or 0).first()
        if to_user is None:
            raise TransitionError(_("Choose the person to assign to."))
        return workflow.assign(warning, by=request.user, to_user=to_user)
    raise TransitionError(_("Unknown action."))


class WarningActionView(ScopedDetailView):
    """POST one workflow move on an item from its page."""

    model = Warning
    capability = "view_warnings"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        warning = self.get_object()
        try:
            _move(request, warning, kwargs["action"])
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Done: %(state)s.") % {"state": warning.get_workflow_state_display()})
        return HttpResponseRedirect(reverse("alerts:warning", args=[warning.pk]))


def workflow_context(request, warning: Warning) -> dict:
    """What the item page shows of the workflow (history, files, notice, action forms)."""
    user = request.user
    state = warning.workflow_state
    can_answer = has_capability(user, "answer_warnings")
    can_verify = has_capability(user, "verify_rectification")
    is_problem = warning.kind == ItemKind.PROBLEM
    return {
        "flow_events": warning.workflow_events.select_related("actor").prefetch_related("attachments"),
        "summons": SummonsNotice.objects.filter(warning=warning).first(),
        "is_overdue": is_problem
        and state in OPEN_WORKFLOW_STATES
        and warning.rectify_due_at is not None
        and warning.rectify_due_at < timezone.now(),
        "can": {
            "acknowledge": can_answer and state in (WorkflowState.NEW, WorkflowState.NOTIFIED),
            "submit": can_answer and is_problem and state == WorkflowState.ACKNOWLEDGED,
            "verify": can_verify and state == WorkflowState.SUBMITTED,
            "reject": can_verify and state == WorkflowState.SUBMITTED,
            "close": can_verify
            and (
                state == WorkflowState.VERIFIED
                if is_problem
                else state in (WorkflowState.NOTIFIED, WorkflowState.ACKNOWLEDGED, WorkflowState.NEW)
            ),
            "remind": can_verify and state in (WorkflowState.NOTIFIED, WorkflowState.ACKNOWLEDGED),
            "assign": can_answer and state in OPEN_WORKFLOW_STATES,
            "exempt": has_capability(user, "manage_exemptions")
            and state in OPEN_WORKFLOW_STATES
            and not warning.exempted,
        },
        "assignees": User.objects.visible_to(user).filter(is_active=True, unit_id=warning.unit_id)
        if can_answer
        else [],
        "accept": ",".join(workflow.ALLOWED_EXTENSIONS),
    }


# ---------------------------------------------------------------------------------------
# Exemptions


class ExemptionListView(ScopedListView):
    model = Exemption
    capability = "view_warnings"
    template_name = "alerts/exemption_list.html"

    def get_base_queryset(self):
        return Exemption.objects.select_related("unit", "risk_point", "requested_by", "approved_by")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_request"] = has_capability(self.request.user, "manage_exemptions")
        context["can_approve"] = has_capability(self.request.user, "approve_exemptions")
        context["units"] = Unit.objects.visible_to(self.request.user)
        context["risk_points"] = RiskPoint.objects.all()
        context["warning"] = (
            Warning.objects.visible_to(self.request.user)
            .filter(pk=self.request.GET.get("warning") or 0)
            .first()
        )
        return context

    def post(self, request, *args, **kwargs):
        post = request.POST
        try:
            if "decide" in post:
                exemption = get_object_or_404(
                    Exemption.objects.visible_to(request.user), pk=post.get("decide")
                )
                exemptions.exemption_decide(
                    actor=request.user,
                    exemption=exemption,
                    approve=post.get("approve") == "1",
                    note=post.get("note", ""),
                )
                messages.success(request, _("Decided."))
            elif "end" in post:
                exemption = get_object_or_404(Exemption.objects.visible_to(request.user), pk=post.get("end"))
                if not has_capability(request.user, "approve_exemptions"):
                    raise PermissionDenied
                exemptions.exemption_end(actor=request.user, exemption=exemption, note=post.get("note", ""))
                messages.success(request, _("The exemption has ended."))
            else:
                self._request(request)
                messages.success(request, _("The exemption is requested and waits for approval."))
        except TransitionError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("alerts:exemptions"))

    def _request(self, request):
        post = request.POST
        warning = Warning.objects.visible_to(request.user).filter(pk=post.get("warning") or 0).first()
        unit = Unit.objects.visible_to(request.user).filter(pk=post.get("unit") or 0).first()
        if warning is not None:
            unit = unit or warning.unit
        if unit is None:
            raise TransitionError(_("Choose a unit in your scope."))
        risk_point = RiskPoint.objects.filter(pk=post.get("risk_point") or 0).first()
        element_type = element_id = None
        if post.get("scope") == "element" and warning is not None:
            element_type, element_id = warning.element_type, warning.element_id
        elif risk_point is None and warning is not None:
            risk_point = warning.risk_point
        ends_on = None
        if post.get("ends_on"):
            try:
                ends_on = datetime.date.fromisoformat(post["ends_on"])
            except ValueError as exc:
                raise TransitionError(_("The end date is not a date.")) from exc
        exemptions.exemption_request(
            actor=request.user,
            unit=unit,
            reason=post.get("reason", ""),
            risk_point=risk_point,
            element_type=element_type or "",
            element_id=element_id,
            warning=warning,
            ends_on=ends_on,
            until_clears=post.get("until_clears") == "1",
        )


# ---------------------------------------------------------------------------------------
# Policy, notifications, webhooks, the step-3 notice


POLICY_FIELDS = [
    "red_days",
    "yellow_days",
    "blue_days",
    "reminder_interval_hours",
    "step2_after_days",
    "step3_after_days",
]


class PolicyView(CapabilityRequiredMixin, TemplateView):
    capability = "view_warnings"
    template_name = "alerts/policy.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        pol = workflow.policy()
        context["policy"] = pol
        context["fields"] = [(n, pol._meta.get_field(n).verbose_name, getattr(pol, n)) for n in POLICY_FIELDS]
        context["can_edit"] = has_capability(self.request.user, "configure_rules")
        return context

    def post(self, request, *args, **kwargs):
        values = {}
        for name in POLICY_FIELDS:
            raw = request.POST.get(name, "")
            if not raw.isdigit() or not 1 <= int(raw) <= 365:
                messages.error(request, _("Every value is a whole number from 1 to 365."))
                return HttpResponseRedirect(reverse("alerts:policy"))
            values[name] = int(raw)
        try:
            workflow.policy_update(actor=request.user, **values)
        except TransitionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Saved. New deadlines apply to items notified from now on."))
        return HttpResponseRedirect(reverse("alerts:policy"))


class NotificationListView(CapabilityRequiredMixin, ListView):
    """The signed-in user's own notifications (never anyone else's)."""

    template_name = "alerts/notification_list.html"
    paginate_by = 50

    def get_queryset(self):
        return notifications.for_user(self.request.user)

    def post(self, request, *args, **kwargs):
        ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()] or None
        notifications.mark_read(user=request.user, ids=ids)
        return HttpResponseRedirect(reverse("alerts:notifications"))


class WebhookListView(CapabilityRequiredMixin, TemplateView):
    """Staff view of the outbound webhooks: subscriptions (disabled ones first) and the
    latest delivery attempts."""

    capability = "view_jobs"
    template_name = "alerts/webhook_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["subscriptions"] = WebhookSubscription.objects.select_related("unit").order_by(
            "is_active", "name"
        )
        context["deliveries"] = WebhookDelivery.objects.select_related("subscription")[:100]
        context["can_configure"] = has_capability(self.request.user, "configure_rules")
        # Only those in the configurer's scope get an edit link (the others would be a 404).
        context["editable"] = set(
            WebhookSubscription.objects.visible_to(self.request.user).values_list("pk", flat=True)
        )
        return context


def _form_errors(form, exc: ValidationError) -> None:
    """A service's validation errors onto the form (shown with a 400, nothing written)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class WebhookCreateView(CapabilityRequiredMixin, TemplateView):
    """Legal affairs adds a subscription; its signing secret is shown once, on the answer."""

    capability = "configure_rules"
    template_name = "alerts/webhook_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", WebhookSubscriptionForm(user=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        form = WebhookSubscriptionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                subscription, secret = webhooks.webhook_subscription_save(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error("unit", str(exc))
            else:
                messages.success(request, _("Subscription saved."))
                return self.render_to_response(_secret_context(request, subscription, secret))
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _secret_context(request, subscription, secret: str) -> dict:
    return {
        "subscription": subscription,
        "form": WebhookSubscriptionForm(
            initial=WebhookSubscriptionForm.initial_for(subscription), user=request.user
        ),
        "secret": secret,
    }


class WebhookEditView(ScopedDetailView):
    """Edit a subscription in one's scope, make a new secret, switch a disabled one back on,
    or send a test ping. A subscription outside the scope is a 404, like a missing one."""

    model = WebhookSubscription
    capability = "configure_rules"
    template_name = "alerts/webhook_form.html"
    context_object_name = "subscription"

    def get_base_queryset(self):
        return WebhookSubscription.objects.select_related("unit")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault(
            "form",
            WebhookSubscriptionForm(
                initial=WebhookSubscriptionForm.initial_for(self.object), user=self.request.user
            ),
        )
        context["deliveries"] = self.object.deliveries.all()[:20]
        return context

    def post(self, request, *args, **kwargs):
        self.object = subscription = self.get_object()
        action = request.POST.get("action", "save")
        try:
            if action == "enable":
                webhooks.webhook_subscription_enable(actor=request.user, subscription=subscription)
                messages.success(request, _("Switched on again; the failure count starts from zero."))
            elif action == "ping":
                if webhooks.webhook_ping(actor=request.user, subscription=subscription):
                    messages.success(request, _("Test ping delivered."))
                else:
                    messages.error(request, _("Test ping failed; see the attempt below."))
            elif action == "regenerate":
                secret = webhooks.webhook_secret_regenerate(actor=request.user, subscription=subscription)
                messages.success(request, _("New signing secret made; the old one no longer works."))
                context = _secret_context(request, subscription, secret)
                return self.render_to_response(self.get_context_data(**context))
            elif action == "save":
                return self._save(request, subscription)
            else:
                return HttpResponseBadRequest(_("Unknown action."))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        return HttpResponseRedirect(reverse("alerts:webhook", args=[subscription.pk]))

    def _save(self, request, subscription):
        form = WebhookSubscriptionForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                subscription, _none = webhooks.webhook_subscription_save(
                    actor=request.user,
                    subscription=subscription,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            except PermissionDenied as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Subscription saved."))
                return HttpResponseRedirect(reverse("alerts:webhook", args=[subscription.pk]))
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SummonsView(ScopedDetailView):
    """The step-3 written notice (抄告), printable; the leader signs it here."""

    model = SummonsNotice
    capability = "view_warnings"
    template_name = "alerts/summons.html"

    def get_base_queryset(self):
        return SummonsNotice.objects.select_related(
            "warning__unit__parent", "warning__risk_point", "signed_by"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(documents.summons_context(self.object))
        context["can_sign"] = has_capability(self.request.user, "approve_notices")
        return context

    def post(self, request, *args, **kwargs):
        notice = self.get_object()
        documents.summons_sign(notice, by=request.user, talk_note=request.POST.get("talk_note", ""))
        messages.success(request, _("Signed."))
        return HttpResponseRedirect(reverse("alerts:summons", args=[notice.pk]))


class SummonsPdfView(SummonsView):
    http_method_names = ["get"]

    def get(self, request, *args, **kwargs):
        notice = self.get_object()
        return HttpResponse(
            documents.render_summons_pdf(notice),
            content_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="{notice.number}.pdf"'},
        )


class AttachmentView(ScopedDetailView):
    """A rectification file, served only to those who see the item's unit."""

    model = RectificationAttachment
    capability = "view_warnings"

    def get(self, request, *args, **kwargs):
        from django.http import FileResponse

        attachment = self.get_object()
        return FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.name,
            content_type=attachment.content_type,
        )
