"""The scheme editor's form: one row of fields per item, built from the current definition."""

from __future__ import annotations

import copy
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .scheme import INDICATORS


def _decimal(label, *, required=True, max_value=None) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal(0),
        max_value=max_value,
        max_digits=7,
        decimal_places=4,
    )


def _plain(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


class SchemeForm(forms.Form):
    """Weights, caps and targets per item; group points; grade thresholds; veto lists.

    The structure (which items exist, which indicator each scores) stays as it is: new
    indicators are code (``reports.scheme.INDICATORS``); their weights are data.
    """

    excellent = _decimal(_("Excellent from"), max_value=Decimal(1000))
    passing = _decimal(_("Up to standard from"), max_value=Decimal(1000))
    veto_score_cap = _decimal(_("Score cap after a veto"), required=False)
    note = forms.CharField(label=_("What changed"), max_length=200)

    def __init__(self, *args, definition: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.base_definition = copy.deepcopy(definition)
        self.initial.update(
            excellent=definition["grades"]["excellent"],
            passing=definition["grades"]["pass"],
            veto_score_cap=definition.get("veto_score_cap"),
        )
        self.item_rows = []
        for group in definition.get("groups") or []:
            name = f"group__{group['key']}"
            self.fields[name] = _decimal(_("Points"), required=False)
            self.initial[name] = group.get("points")
        for item in definition["items"]:
            key = item["key"]
            names = {}
            for attr, required in (("points", True), ("cap", False), ("target", False)):
                if attr == "target" and item["rule"] == "per_count":
                    continue
                name = f"item__{key}__{attr}"
                self.fields[name] = _decimal(
                    _("Points") if attr == "points" else _("Cap") if attr == "cap" else _("Target"),
                    required=required or attr == "target",
                    max_value=Decimal(1) if attr == "target" else None,
                )
                self.initial[name] = item.get(attr)
                names[attr] = name
            self.item_rows.append(
                {"item": item, "label": INDICATORS[item["indicator"]].label, "names": names}
            )
        for veto in definition.get("veto") or []:
            name = f"veto__{veto['key']}"
            field = "codes" if veto["source"] == "risk_points" else "numbers"
            self.fields[name] = forms.CharField(
                label=_(veto["label"]),
                help_text=_("Risk-point codes, comma-separated")
                if field == "codes"
                else _("Negative-list item numbers, comma-separated"),
            )
            self.initial[name] = ", ".join(str(v) for v in veto[field])
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control form-control-sm")

    def group_fields(self):
        return [(group, self[f"group__{group['key']}"]) for group in self.base_definition.get("groups") or []]

    def item_fields(self):
        return [
            {**row, "bound": {attr: self[name] for attr, name in row["names"].items()}}
            for row in self.item_rows
        ]

    def veto_fields(self):
        return [self[f"veto__{v['key']}"] for v in self.base_definition.get("veto") or []]

    def clean(self):
        cleaned = super().clean()
        for veto in self.base_definition.get("veto") or []:
            name = f"veto__{veto['key']}"
            raw = cleaned.get(name)
            if raw is None:
                continue
            values = [part.strip() for part in raw.split(",") if part.strip()]
            if veto["source"] == "negative_list":
                if not all(v.isdigit() for v in values):
                    self.add_error(name, _("List item numbers, e.g. 3, 7."))
                    continue
                values = [int(v) for v in values]
            cleaned[name] = values
        return cleaned

    def definition(self) -> dict:
        data = self.cleaned_data
        definition = copy.deepcopy(self.base_definition)
        definition["grades"] = {"excellent": _plain(data["excellent"]), "pass": _plain(data["passing"])}
        definition["veto_score_cap"] = _plain(data.get("veto_score_cap"))
        for group in definition.get("groups") or []:
            group["points"] = _plain(data.get(f"group__{group['key']}"))
        for item in definition["items"]:
            for attr in ("points", "cap", "target"):
                name = f"item__{item['key']}__{attr}"
                if name in self.fields:
                    item[attr] = _plain(data.get(name))
        for veto in definition.get("veto") or []:
            field = "codes" if veto["source"] == "risk_points" else "numbers"
            veto[field] = data[f"veto__{veto['key']}"]
        return definition
