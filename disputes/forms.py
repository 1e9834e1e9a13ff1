from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.choices import UnitLevel
from supervision.models import Officer, Unit

from . import scoring
from .choices import (
    Answer,
    Cause,
    ChecklistKind,
    Consequence,
    DeliveryMethod,
    DisputeType,
    Factor,
    NoticeReason,
    ResolutionMethod,
    RiskColour,
    VisitMethod,
    VisitSituation,
)
from .models import ChecklistItem, Dispute


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class StyledForm(forms.Form):
    """Bootstrap classes on every widget, so templates render fields plainly."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def add_field(self, name, field):
        self.fields[name] = field
        widget = field.widget
        if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        elif not isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-control form-control-sm")


def _officers_for(dispute_or_unit, user):
    unit = dispute_or_unit.unit if isinstance(dispute_or_unit, Dispute) else dispute_or_unit
    return Officer.objects.visible_to(user).filter(unit=unit, is_active=True).order_by("badge_no")


class PartyForm(StyledForm):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    id_number = forms.CharField(label=_("ID number"), max_length=18, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip().upper()
        if value and len(value) not in (15, 18):
            raise forms.ValidationError(_("An ID number has 15 or 18 characters."))
        return value


PartyFormSet = forms.formset_factory(PartyForm, extra=3, max_num=20)


class DisputeOpenForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("Station"), queryset=Unit.objects.none())
    occurred_at = forms.DateTimeField(label=_("Reported at"), widget=DateTimeInput())
    location = forms.CharField(label=_("Location"), max_length=200, required=False)
    caller_phone = forms.CharField(label=_("Caller phone"), max_length=20, required=False)
    summary = forms.CharField(
        label=pgettext_lazy("disputes", "Summary"), widget=forms.Textarea(attrs={"rows": 3})
    )
    dispute_type = forms.ChoiceField(
        label=_("Dispute type"), choices=[("", "—"), *DisputeType.choices], required=False
    )
    consequence = forms.ChoiceField(
        label=_("Consequence"), choices=[("", "—"), *Consequence.choices], required=False
    )
    cause = forms.ChoiceField(
        label=pgettext_lazy("disputes", "Cause"), choices=[("", "—"), *Cause.choices], required=False
    )
    has_threat = forms.BooleanField(label=_("Threats made"), required=False)
    weapons_involved = forms.BooleanField(label=_("Weapons involved"), required=False)
    crowd_size = forms.IntegerField(label=_("People involved"), min_value=0, initial=2)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(
            level=UnitLevel.STATION, is_active=True
        )
        if user.unit_id and user.unit.level == UnitLevel.STATION:
            self.fields["unit"].initial = user.unit_id
        self.fields["occurred_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class AssessmentForm(StyledForm):
    """研判: classification, both checklists and the colour, in one form."""

    dispute_type = forms.ChoiceField(label=_("Dispute type"), choices=[("", "—"), *DisputeType.choices])
    consequence = forms.ChoiceField(label=_("Consequence"), choices=[("", "—"), *Consequence.choices])
    cause = forms.ChoiceField(label=pgettext_lazy("disputes", "Cause"), choices=[("", "—"), *Cause.choices])
    cause_detail = forms.CharField(label=_("Cause in words"), max_length=200, required=False)
    crowd_size = forms.IntegerField(label=_("People involved"), min_value=0)
    has_threat = forms.BooleanField(label=_("Threats made"), required=False)
    threat_to_kill = forms.BooleanField(label=_("Threat to kill"), required=False)
    weapons_involved = forms.BooleanField(label=_("Weapons involved"), required=False)
    cross_department = forms.BooleanField(label=_("Needs several departments"), required=False)
    community_officer = forms.ModelChoiceField(
        label=_("Community officer"), queryset=Officer.objects.none(), required=False
    )
    colour = forms.ChoiceField(label=_("Risk colour"), choices=RiskColour.choices, widget=forms.RadioSelect)
    override_reason = forms.CharField(
        label=_("Reason for a colour other than the proposed one"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )

    CLASSIFICATION = (
        "dispute_type",
        "consequence",
        "cause",
        "cause_detail",
        "crowd_size",
        "has_threat",
        "threat_to_kill",
        "weapons_involved",
        "cross_department",
    )

    def __init__(
        self, *args, dispute: Dispute, user, items, answers: dict, proposed_colour: str = "", **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        self.fields["community_officer"].queryset = _officers_for(dispute, user)
        for name in self.CLASSIFICATION:
            self.fields[name].initial = getattr(dispute, name)
        self.fields["community_officer"].initial = dispute.community_officer_id
        self.fields["colour"].initial = proposed_colour or dispute.colour
        for item in self.items:
            existing = answers.get(item.pk)
            self.add_field(
                f"item_{item.pk}",
                forms.ChoiceField(
                    label=item.text,
                    choices=Answer.choices,
                    widget=forms.RadioSelect,
                    initial=existing.answer if existing else None,
                    help_text=item.guidance,
                ),
            )
            self.add_field(
                f"note_{item.pk}",
                forms.CharField(
                    label=_("Note"), max_length=300, required=False, initial=existing.note if existing else ""
                ),
            )

    def checklist_groups(self):
        groups = []
        for kind, label in ChecklistKind.choices:
            rows = [
                (item, self[f"item_{item.pk}"], self[f"note_{item.pk}"])
                for item in self.items
                if item.kind == kind
            ]
            groups.append((label, rows))
        return groups

    def classification(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.CLASSIFICATION}

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            item.pk: (self.cleaned_data[f"item_{item.pk}"], self.cleaned_data.get(f"note_{item.pk}", ""))
            for item in self.items
        }


class AssignForm(StyledForm):
    community_officer = forms.ModelChoiceField(
        label=_("Community officer"), queryset=Officer.objects.none(), required=False
    )
    township = forms.CharField(label=_("Township responsible"), max_length=60, required=False)
    next_steps = forms.CharField(label=_("Next steps"), max_length=300, required=False)

    def __init__(self, *args, dispute: Dispute, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community_officer"].queryset = _officers_for(dispute, user)
        self.fields["community_officer"].initial = dispute.community_officer_id
        self.fields["township"].initial = dispute.township
        self.fields["next_steps"].initial = dispute.next_steps


class VisitForm(StyledForm):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput())
    method = forms.ChoiceField(label=_("How"), choices=VisitMethod.choices)
    situation = forms.ChoiceField(label=_("Situation"), choices=VisitSituation.choices)
    outcome = forms.CharField(label=_("What was found and done"), widget=forms.Textarea(attrs={"rows": 3}))
    next_steps = forms.CharField(label=_("Next steps"), max_length=300, required=False)
    next_due = forms.DateField(
        label=_("Next visit due"),
        widget=DateInput(),
        required=False,
        help_text=_("Empty: the colour's interval from this visit."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["visited_on"].initial = timezone.localdate()


class ResolveForm(StyledForm):
    resolved_on = forms.DateField(label=_("Resolved on"), widget=DateInput())
    method = forms.ChoiceField(label=_("How it was resolved"), choices=ResolutionMethod.choices)
    outcome = forms.CharField(label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    township = forms.CharField(label=_("Township responsible"), max_length=60, required=False)

    def __init__(self, *args, dispute: Dispute, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resolved_on"].initial = timezone.localdate()
        self.fields["township"].initial = dispute.township


class TownshipForm(StyledForm):
    confirmed = forms.TypedChoiceField(
        label=_("Township's answer"),
        choices=[("1", _("Confirms the dispute is resolved")), ("0", _("Does not confirm"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    confirmed_by = forms.CharField(label=_("Confirmed for the township by"), max_length=60)
    confirmed_on = forms.DateField(label=_("On"), widget=DateInput())
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed_on"].initial = timezone.localdate()


class NoticeForm(StyledForm):
    reason = forms.ChoiceField(label=pgettext_lazy("disputes", "Reason"), choices=NoticeReason.choices)
    recipient = forms.CharField(label=_("To"), max_length=100)
    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 5}))
    suggestions = forms.CharField(label=_("Suggestions"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, eligible: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [(v, label) for v, label in NoticeReason.choices if v in eligible]


class NoticeDecisionForm(StyledForm):
    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve and issue")), ("0", _("Return for revision"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class NoticeDeliveryForm(StyledForm):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    method = forms.ChoiceField(label=_("Delivered by"), choices=DeliveryMethod.choices)
    received_by = forms.CharField(label=_("Received by"), max_length=60)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["delivered_on"].initial = timezone.localdate()


class ChecklistItemForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            else:
                widget.attrs.setdefault("class", "form-control form-control-sm")

    class Meta:
        model = ChecklistItem
        fields = ["kind", "code", "text", "guidance", "factor", "auto_fact", "order", "is_active"]


class ScoringModelForm(StyledForm):
    """Every setting of the risk model as a field; publishing makes a new version."""

    note = forms.CharField(label=_("What changed"), max_length=200)
    red_min = forms.IntegerField(label=_("Red from score"), min_value=1, max_value=100)
    yellow_min = forms.IntegerField(label=_("Yellow from score"), min_value=1, max_value=100)
    hard_triggers = forms.MultipleChoiceField(
        label=_("Hard triggers (force red)"),
        choices=[
            (f, Factor(f).label)
            for f in (Factor.THREAT_TO_KILL, Factor.WEAPONS, Factor.THREAT, Factor.FLAGGED_PARTY)
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    threat_phrases = forms.CharField(
        label=_("Threat-to-kill phrases (one a line)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    threat_points = forms.IntegerField(label=_("Threats or weapons"), min_value=0)
    flagged_party_points = forms.IntegerField(label=_("Flagged party"), min_value=0)
    prior_dispute_points = forms.IntegerField(label=_("Party in earlier disputes"), min_value=0)
    repeat_call_points = forms.IntegerField(label=_("Each repeat call"), min_value=0)
    repeat_call_cap = forms.IntegerField(label=_("Repeat calls at most"), min_value=0)
    repeat_window_days = forms.IntegerField(label=_("Repeat-call window (days)"), min_value=1)
    cross_department_points = forms.IntegerField(label=_("Several departments"), min_value=0)
    crowd_bands = forms.CharField(label=_("Crowd bands (people:points, …)"))
    age_bands = forms.CharField(label=_("Unresolved bands (more than days:points, …)"))
    visit_red = forms.IntegerField(label=_("Visit red every (days)"), min_value=1)
    visit_yellow = forms.IntegerField(label=_("Visit yellow every (days)"), min_value=1)
    visit_blue = forms.IntegerField(label=_("Visit blue every (days)"), min_value=1)
    long_unresolved_days = forms.IntegerField(label=_("Unresolved for long after (days)"), min_value=1)
    assess_within_days = forms.IntegerField(label=_("Assess within (days)"), min_value=0)
    visit_overdue_notice_days = forms.IntegerField(
        label=_("List for notice when a visit is overdue by (days)"), min_value=0
    )
    township_confirm_days = forms.IntegerField(label=_("Township confirms within (days)"), min_value=1)

    def __init__(self, *args, config: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name in scoring.INT_KEYS:
            self.fields[name].initial = config[name]
        self.fields["hard_triggers"].initial = config["hard_triggers"]
        self.fields["threat_phrases"].initial = "\n".join(config["threat_phrases"])
        self.fields["crowd_bands"].initial = ", ".join(f"{a}:{b}" for a, b in config["crowd_bands"])
        self.fields["age_bands"].initial = ", ".join(f"{a}:{b}" for a, b in config["age_bands"])
        for colour in RiskColour.values:
            self.fields[f"visit_{colour}"].initial = config["visit_interval_days"][colour]
        for dispute_type, label in DisputeType.choices:
            self.add_field(
                f"type_{dispute_type}",
                forms.IntegerField(
                    label=label, min_value=0, initial=config["type_points"].get(dispute_type, 0)
                ),
            )
        for consequence, label in Consequence.choices:
            self.add_field(
                f"consequence_{consequence}",
                forms.IntegerField(
                    label=label, min_value=0, initial=config["consequence_points"].get(consequence, 0)
                ),
            )

    @staticmethod
    def _bands(value: str) -> list[list[int]]:
        bands = []
        for part in value.replace("，", ",").split(","):
            part = part.strip()
            if not part:
                continue
            try:
                a, b = (int(x) for x in part.replace("：", ":").split(":"))
            except ValueError as exc:
                raise forms.ValidationError(_("Write bands as 5:10, 30:25.")) from exc
            bands.append([a, b])
        return bands

    def clean_crowd_bands(self):
        return self._bands(self.cleaned_data["crowd_bands"])

    def clean_age_bands(self):
        return self._bands(self.cleaned_data["age_bands"])

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        config = {name: data[name] for name in scoring.INT_KEYS}
        config["hard_triggers"] = list(data["hard_triggers"])
        config["threat_phrases"] = [p.strip() for p in data["threat_phrases"].splitlines() if p.strip()]
        config["crowd_bands"] = data["crowd_bands"]
        config["age_bands"] = data["age_bands"]
        config["visit_interval_days"] = {c: data[f"visit_{c}"] for c in RiskColour.values}
        config["type_points"] = {t: data[f"type_{t}"] for t in DisputeType.values}
        config["consequence_points"] = {c: data[f"consequence_{c}"] for c in Consequence.values}
        try:
            self.config = scoring.validate_config(config)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return data


class ReviewForm(StyledForm):
    month = forms.DateField(
        label=_("Month"),
        input_formats=["%Y-%m"],
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
    )
    unit = forms.ModelChoiceField(label=_("Unit (and below)"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        today = timezone.localdate()
        self.fields["month"].initial = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
