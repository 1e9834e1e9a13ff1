"""Forms of the alerts app: the risk-point configuration, the holiday-calendar import and the
webhook subscriptions."""

from __future__ import annotations

import datetime

from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from supervision.models import Unit
from supervision.querysets import scope_path

from .choices import Level
from .deadlines.announcement import (
    ParsedAnnouncement,
    parse_announcement,
    parse_structured,
    validate_for_year,
)
from .models import RiskPoint
from .rules.base import RiskPointRule, format_duration, parse_duration, parse_period_key


class RiskPointConfigForm(forms.Form):
    """On/off, thresholds per period length (blue and yellow: how long before the due time;
    red: grace after it) and the rule's parameters."""

    enabled = forms.BooleanField(label=_("Switched on"), required=False)

    def __init__(self, *args, rule: RiskPointRule, thresholds: dict, params: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule = rule
        self.threshold_keys = sorted(thresholds, key=lambda k: (k != "*", k))
        for key in self.threshold_keys:
            band = thresholds[key]
            for level in ("blue", "yellow", "red"):
                if rule.red_only and level != "red":
                    continue
                self.fields[f"t:{key}:{level}"] = forms.CharField(
                    label=f"{key} {level}",
                    required=False,
                    initial=format_duration(band.get(level)),
                    widget=forms.TextInput(attrs={"size": 6, "class": "form-control form-control-sm"}),
                )
        for name, param in rule.params.items():
            field_kwargs = {
                "label": param.label,
                "help_text": param.help,
                "initial": params.get(name, param.default),
            }
            if param.kind == "choice":
                field = forms.ChoiceField(choices=param.choices, **field_kwargs)
            elif param.kind == "bool":
                field = forms.BooleanField(required=False, **field_kwargs)
            elif param.kind == "duration":
                field = forms.CharField(**field_kwargs)
            else:
                field = forms.IntegerField(min_value=0, **field_kwargs)
            field.widget.attrs.setdefault("class", "form-control form-control-sm")
            self.fields[f"p:{name}"] = field

    def threshold_rows(self):
        rows = []
        for key in self.threshold_keys:
            rows.append(
                {
                    "key": key,
                    "fields": [
                        self[f"t:{key}:{level}"]
                        for level in ("blue", "yellow", "red")
                        if f"t:{key}:{level}" in self.fields
                    ],
                }
            )
        return rows

    def param_fields(self):
        return [self[name] for name in self.fields if name.startswith("p:")]

    def clean(self):
        data = super().clean()
        thresholds: dict[str, dict] = {}
        for key in self.threshold_keys:
            if key != "*" and parse_period_key(key) is None:
                continue
            band = {}
            for level in ("blue", "yellow", "red"):
                name = f"t:{key}:{level}"
                if name not in self.fields:
                    band[level] = None
                    continue
                try:
                    band[level] = parse_duration(data.get(name))
                except ValueError:
                    self.add_error(name, _("Write a duration such as 2d, 12h, 30min or 0."))
            if band.get("red") is None:
                band["red"] = 0
            blue, yellow = band.get("blue"), band.get("yellow")
            if blue is not None and yellow is not None and yellow > blue:
                self.add_error(f"t:{key}:yellow", _("Yellow must start no earlier than blue."))
            thresholds[key] = band
        self.cleaned_thresholds = thresholds
        self.cleaned_params = {name[2:]: data.get(name) for name in self.fields if name.startswith("p:")}
        return data


class CalendarImportForm(forms.Form):
    """The State Council's announcement pasted as published, and/or structured lines."""

    year = forms.IntegerField(label=_("Year"), min_value=2004, max_value=2040)
    announcement = forms.CharField(
        label=_("Announcement text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
        help_text=_("Paste the State Council's notice on the year's holiday arrangements as published."),
    )
    structured = forms.CharField(
        label=_("Structured lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control font-monospace"}),
        help_text=_("One entry per line: 2027-01-01..2027-01-03 元旦 · 2027-02-07 上班"),
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        year = data.get("year")
        text, lines = data.get("announcement") or "", data.get("structured") or ""
        if not text.strip() and not lines.strip():
            raise forms.ValidationError(_("Paste the announcement or enter the structured lines."))
        parsed = ParsedAnnouncement(year=year)
        if text.strip():
            parsed.merge(parse_announcement(text, year))
        if lines.strip():
            parsed.merge(parse_structured(lines, year))
        if year and parsed.year and parsed.year != year:
            self.add_error("year", _("The announcement is for %(year)s.") % {"year": parsed.year})
        if parsed.errors:
            self.add_error(None, _("Could not read: %(items)s") % {"items": "; ".join(parsed.errors)})
        if not parsed.holidays:
            self.add_error(None, _("No holidays found."))
        if year:
            problems = validate_for_year(parsed, year)
            if problems:
                self.add_error(
                    None, _("Dates outside the year or listed twice: %(d)s") % {"d": ", ".join(problems)}
                )
        self.parsed = parsed
        return data

    def preview(self) -> list[dict]:
        """Day by day what the import will set, in date order."""
        parsed: ParsedAnnouncement = self.parsed
        days = sorted(set(parsed.holidays) | parsed.workdays)
        return [
            {
                "date": day,
                "weekday": day.isoweekday(),
                "holiday": parsed.holidays.get(day, ""),
                "workday": day in parsed.workdays,
                "weekend": day.weekday() >= 5,
            }
            for day in days
        ]


def weekday_name(day: datetime.date) -> str:
    return "一二三四五六日"[day.weekday()]


class WebhookSubscriptionForm(forms.Form):
    """A webhook subscription's address and filters. The unit choices are the user's scope;
    the signing secret is never a field (it is made by the platform and shown once)."""

    name = forms.CharField(label=_("Name"), max_length=100)
    url = forms.URLField(
        label=_("URL"),
        max_length=500,
        assume_scheme="https",
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("The receiving system's address (http or https)."),
    )
    levels = forms.MultipleChoiceField(
        label=_("Levels"),
        choices=Level.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: every level."),
    )
    risk_points = forms.ModelMultipleChoiceField(
        label=_("Risk points"),
        queryset=RiskPoint.objects.none(),
        required=False,
        help_text=_("Empty: every risk point."),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit subtree"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("Empty: the whole platform."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["risk_points"].queryset = RiskPoint.objects.order_by("code")
        self.fields["risk_points"].widget.attrs.update(size=8)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(is_active=True).order_by("path")
        if scope_path(user) != "":
            self.fields["unit"].required = True  # only those who see everything subscribe to all of it
        for name, field in self.fields.items():
            if name != "levels":
                field.widget.attrs.setdefault(
                    "class",
                    "form-select form-select-sm"
                    if name in ("risk_points", "unit")
                    else "form-control form-control-sm",
                )

    @classmethod
    def initial_for(cls, subscription) -> dict:
        return {
            "name": subscription.name,
            "url": subscription.url,
            "levels": subscription.levels,
            "risk_points": list(subscription.risk_points.all()),
            "unit": subscription.unit,
        }
