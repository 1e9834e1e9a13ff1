"""Forms of the findings pages (spot-checks, petitions, routing) and the negative list.

Every choice a form offers is limited to the user's scope (units, cases, officers,
problems), so a form cannot become a way to write outside it.
"""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Case
from supervision.models import Officer, Unit

from .choices import Department, PetitionChannel, Sanction
from .models import ChecklistItem, NegativeListItem, Warning

DATE = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})
SMALL = {"class": "form-control form-control-sm"}
SELECT = {"class": "form-select form-select-sm"}


class _ScopedForm(forms.Form):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.Select | forms.SelectMultiple):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")

    def _case_by_number(self, number: str) -> Case | None:
        number = (number or "").strip()
        if not number:
            return None
        case = Case.objects.visible_to(self.user).filter(number=number).first()
        if case is None:
            raise forms.ValidationError(_("No case with this number in your scope."))
        return case

    def _officers_by_badge(self, text: str) -> list[Officer]:
        badges = [b for b in (text or "").replace("，", ",").replace(" ", ",").split(",") if b]
        if not badges:
            return []
        found = {o.badge_no: o for o in Officer.objects.visible_to(self.user).filter(badge_no__in=badges)}
        missing = [b for b in badges if b not in found]
        if missing:
            raise forms.ValidationError(
                _("Unknown badge numbers in your scope: %(badges)s") % {"badges": ", ".join(missing)}
            )
        return [found[b] for b in badges]


class SpotCheckDrawForm(_ScopedForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit (and below)"))
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), widget=DATE)
    sample_size = forms.IntegerField(label=_("Sample size"), min_value=1, max_value=200, initial=10)
    seed = forms.CharField(
        label=_("Seed"),
        required=False,
        max_length=64,
        help_text=_("Leave empty for a random one. The same seed draws the same cases."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(is_active=True)


class FindingForm(_ScopedForm):
    checklist_item = forms.ModelChoiceField(
        queryset=ChecklistItem.objects.filter(is_active=True), label=_("Checklist item"), required=False
    )
    text = forms.CharField(label=_("Finding"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    department = forms.ChoiceField(label=_("Held by"), choices=Department.choices, initial=Department.LEGAL)


class PetitionForm(_ScopedForm):
    unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Unit"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    petitioner = forms.CharField(label=_("Petitioner"), max_length=100)
    channel = forms.ChoiceField(label=_("Channel"), choices=PetitionChannel.choices)
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=40)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(is_active=True)

    def clean_case_number(self):
        return self._case_by_number(self.cleaned_data.get("case_number"))


class PetitionConclusionForm(_ScopedForm):
    conclusion = forms.CharField(label=_("Back-check conclusion"), widget=forms.Textarea(attrs={"rows": 3}))


class RouteForm(_ScopedForm):
    to_department = forms.ChoiceField(label=_("Hand to"), choices=Department.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class NegativeListItemForm(_ScopedForm):
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=9999)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(label=_("Weight"), min_value=0, max_digits=5, decimal_places=2)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class NegativeListHitForm(_ScopedForm):
    item = forms.ModelChoiceField(
        queryset=NegativeListItem.objects.filter(is_active=True), label=pgettext_lazy("negative list", "Item")
    )
    case_number = forms.CharField(label=_("Case number"), required=False, max_length=40)
    problem = forms.IntegerField(label=_("Problem number"), required=False, min_value=1)
    officers = forms.CharField(label=_("Officers (badge numbers)"), required=False, max_length=400)
    chief = forms.CharField(label=_("Chief responsible (badge number)"), required=False, max_length=20)
    sanction = forms.ChoiceField(label=_("Sanction"), choices=Sanction.choices)
    sanction_note = forms.CharField(label=_("Sanction details"), required=False, max_length=200)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE, initial=timezone.localdate)
    description = forms.CharField(
        label=_("What happened"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def clean_case_number(self):
        return self._case_by_number(self.cleaned_data.get("case_number"))

    def clean_problem(self):
        pk = self.cleaned_data.get("problem")
        if not pk:
            return None
        warning = Warning.objects.visible_to(self.user).filter(pk=pk).first()
        if warning is None:
            raise forms.ValidationError(_("No problem with this number in your scope."))
        return warning

    def clean_officers(self):
        return self._officers_by_badge(self.cleaned_data.get("officers"))

    def clean_chief(self):
        officers = self._officers_by_badge(self.cleaned_data.get("chief"))
        if len(officers) > 1:
            raise forms.ValidationError(_("One chief responsible."))
        return officers[0] if officers else None
