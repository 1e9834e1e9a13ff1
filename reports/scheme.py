"""The assessment scheme: what is scored, how, and the arithmetic that turns inputs into a score.

A scheme is data (``AssessmentScheme.definition``) so that legal-affairs can change weights,
caps, veto items and grade thresholds without a release, and so that every assessment can
keep the exact scheme it was scored with. ``score(inputs, definition)`` is a pure function of
the stored inputs and the stored definition: recomputing a published assessment from what it
stored gives the same numbers, whatever has happened to the data or the scheme since.

The default follows the deduction-from-100 skeleton of practice.md §8.4: 100 points split
by execution element (警情 15 · 案件 35 · 人员 20 · 涉案财物 10 · 场所 10 · 卷宗 10); each
element loses points for problems not rectified on time, the case element also for the
case-quality rates the seeds report; general deductions for problem density, rectification
on time, repeat problems and the negative list; veto items (一票否决) for custody overruns.
Deliberately absent (部令第137号 practice, 宁夏细则): case counts, detention counts, fines and
clearance rates — case counts appear only as the denominator of a rate.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

TWO_PLACES = Decimal("0.01")
FOUR_PLACES = Decimal("0.0001")

# Execution-element groups of the skeleton and the warning element types each covers.
# A human finding without an element counts under the case element.
ELEMENT_GROUPS: dict[str, tuple[str, ...]] = {
    "incident": ("incident",),
    "case": ("case", "document", ""),
    "person": ("person", "measure"),
    "property": ("property",),
    "venue": ("venue_visit",),
    "case_file": ("case_file",),
}


@dataclass(frozen=True)
class Indicator:
    """One figure the scheme can score. ``numerator``/``denominator`` name input keys; a
    count has no denominator. ``drill`` lists the input keys whose items lie behind it."""

    label: str
    numerator: str
    denominator: str | None = None
    per: int = 1  # 100 for "per 100 cases"; 1 for rates (shown as %)
    drill: tuple[str, ...] = ()

    @property
    def is_rate(self) -> bool:
        return self.denominator is not None and self.per == 1

    def value(self, inputs: dict) -> Decimal | None:
        num = Decimal(str(inputs.get(self.numerator, 0)))
        if self.denominator is None:
            return num
        den = Decimal(str(inputs.get(self.denominator, 0)))
        if den == 0:
            return None  # nothing to rate: no deduction, shown as "—"
        return (num * self.per / den).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


INDICATORS: dict[str, Indicator] = {
    "problems_per_100_cases": Indicator(
        _("Problems per 100 cases"),
        "problems",
        "cases_accepted",
        per=100,
        drill=("problems", "cases_accepted"),
    ),
    "rectified_on_time_rate": Indicator(
        _("Rectified on time"), "problems_on_time", "problems_due", drill=("problems_due", "problems_late")
    ),
    "overdue_rectifications": Indicator(_("Overdue rectifications"), "overdue", drill=("overdue",)),
    "repeat_problems": Indicator(_("Repeat problems"), "repeat_problems", drill=("repeat_problems",)),
    "negative_list_points": Indicator(_("Negative-list hits (weighted)"), "neg_points", drill=("neg_hits",)),
    "admin_closure_rate": Indicator(
        _("Administrative-case closure rate"),
        "admin_closed",
        "admin_accepted",
        drill=("admin_accepted", "admin_not_closed"),
    ),
    "arrest_approval_rate": Indicator(
        _("Criminal arrest-approval rate"),
        "arrest_approved",
        "arrest_decided",
        drill=("arrest_decided", "arrest_refused"),
    ),
    "litigation_loss_rate": Indicator(
        _("Administrative litigation loss rate"),
        "litigation_lost",
        "admin_decided_12m",
        drill=("admin_decided_12m", "litigation_lost"),
    ),
    "filing_timeliness_rate": Indicator(
        _("Acceptance-to-filing timeliness"),
        "filing_timely",
        "filing_decided",
        drill=("filing_decided", "filing_late"),
    ),
}
_ELEMENT_LABELS = {
    "incident": _("Incident problems not rectified on time"),
    "case": _("Case problems not rectified on time"),
    "person": _("Person and measure problems not rectified on time"),
    "property": _("Property problems not rectified on time"),
    "venue": _("Venue problems not rectified on time"),
    "case_file": _("Case-file problems not rectified on time"),
}
for _group, _label in _ELEMENT_LABELS.items():
    INDICATORS[f"late_{_group}"] = Indicator(_label, f"late_{_group}", drill=(f"late_{_group}",))

RULES = ("per_count", "below_target", "above_target")
VETO_SOURCES = ("risk_points", "negative_list")

# Stored in the scheme (and so in every snapshot) as plain msgids: the page translates
# them when it shows them, the snapshot stays language-neutral.
DEFAULT_SCHEME: dict = {
    "base": 100,
    "groups": [
        {"key": "incident", "label": gettext_noop("Incidents"), "points": 15},
        {"key": "case", "label": gettext_noop("Cases"), "points": 35},
        {"key": "person", "label": gettext_noop("Persons and measures"), "points": 20},
        {"key": "property", "label": gettext_noop("Property"), "points": 10},
        {"key": "venue", "label": gettext_noop("Venues"), "points": 10},
        {"key": "case_file", "label": gettext_noop("Case files"), "points": 10},
        {"key": "general", "label": gettext_noop("General"), "points": None},
    ],
    "items": [
        {
            "key": "late_incident",
            "group": "incident",
            "indicator": "late_incident",
            "rule": "per_count",
            "points": 1,
            "cap": 15,
        },
        {
            "key": "late_case",
            "group": "case",
            "indicator": "late_case",
            "rule": "per_count",
            "points": 1,
            "cap": 20,
        },
        {
            "key": "admin_closure",
            "group": "case",
            "indicator": "admin_closure_rate",
            "rule": "below_target",
            "target": 0.9,
            "points": 0.2,
            "cap": 5,
        },
        {
            "key": "arrest_approval",
            "group": "case",
            "indicator": "arrest_approval_rate",
            "rule": "below_target",
            "target": 0.8,
            "points": 0.2,
            "cap": 5,
        },
        {
            "key": "litigation_loss",
            "group": "case",
            "indicator": "litigation_loss_rate",
            "rule": "above_target",
            "target": 0,
            "points": 1,
            "cap": 5,
        },
        {
            "key": "filing_timeliness",
            "group": "case",
            "indicator": "filing_timeliness_rate",
            "rule": "below_target",
            "target": 0.95,
            "points": 0.2,
            "cap": 5,
        },
        {
            "key": "late_person",
            "group": "person",
            "indicator": "late_person",
            "rule": "per_count",
            "points": 1,
            "cap": 20,
        },
        {
            "key": "late_property",
            "group": "property",
            "indicator": "late_property",
            "rule": "per_count",
            "points": 1,
            "cap": 10,
        },
        {
            "key": "late_venue",
            "group": "venue",
            "indicator": "late_venue",
            "rule": "per_count",
            "points": 1,
            "cap": 10,
        },
        {
            "key": "late_case_file",
            "group": "case_file",
            "indicator": "late_case_file",
            "rule": "per_count",
            "points": 1,
            "cap": 10,
        },
        {
            "key": "problem_density",
            "group": "general",
            "indicator": "problems_per_100_cases",
            "rule": "per_count",
            "points": 0.5,
            "cap": 10,
        },
        {
            "key": "on_time",
            "group": "general",
            "indicator": "rectified_on_time_rate",
            "rule": "below_target",
            "target": 0.9,
            "points": 0.2,
            "cap": 10,
        },
        {
            "key": "repeat",
            "group": "general",
            "indicator": "repeat_problems",
            "rule": "per_count",
            "points": 2,
            "cap": 10,
        },
        {
            "key": "negative_list",
            "group": "general",
            "indicator": "negative_list_points",
            "rule": "per_count",
            "points": 1,
            "cap": 30,
        },
    ],
    "veto": [
        {
            "key": "custody_overrun",
            "label": gettext_noop("Custody period overrun (超期羁押)"),
            "source": "risk_points",
            "codes": ["arrest_request_deadline", "custody_2m_expiring"],
        }
    ],
    "veto_score_cap": 59,
    "grades": {"excellent": 90, "pass": 75},
}


class SchemeError(ValueError):
    """A scheme definition that cannot be scored; the message says what to fix."""


def _number(value, what: str, *, allow_none: bool = False) -> Decimal | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise SchemeError(_("%(what)s must be a number.") % {"what": what})
    try:
        number = Decimal(str(value))
    except ArithmeticError as exc:
        raise SchemeError(_("%(what)s must be a number.") % {"what": what}) from exc
    if not number.is_finite() or number < 0:
        raise SchemeError(_("%(what)s must be zero or more.") % {"what": what})
    return number


def validate(definition: dict) -> dict:
    """Check a definition; returns it unchanged or raises ``SchemeError`` naming the problem."""
    if not isinstance(definition, dict):
        raise SchemeError(_("The scheme must be an object."))
    _number(definition.get("base"), _("The base score"))
    groups = definition.get("groups") or []
    group_keys = set()
    for group in groups:
        if not isinstance(group, dict) or not group.get("key"):
            raise SchemeError(_("Every group needs a key."))
        _number(group.get("points"), _("Points of group %(key)s") % {"key": group["key"]}, allow_none=True)
        group_keys.add(group["key"])
    items = definition.get("items")
    if not isinstance(items, list) or not items:
        raise SchemeError(_("The scheme needs at least one item."))
    seen = set()
    for item in items:
        key = item.get("key") if isinstance(item, dict) else None
        if not key or key in seen:
            raise SchemeError(_("Every item needs a unique key."))
        seen.add(key)
        if item.get("indicator") not in INDICATORS:
            raise SchemeError(_("Item %(key)s: unknown indicator.") % {"key": key})
        if item.get("rule") not in RULES:
            raise SchemeError(_("Item %(key)s: unknown rule.") % {"key": key})
        if item.get("group") and item["group"] not in group_keys:
            raise SchemeError(_("Item %(key)s: unknown group.") % {"key": key})
        _number(item.get("points"), _("Points of item %(key)s") % {"key": key})
        _number(item.get("cap"), _("Cap of item %(key)s") % {"key": key}, allow_none=True)
        if item["rule"] != "per_count":
            target = _number(item.get("target"), _("Target of item %(key)s") % {"key": key})
            if target > 1:
                raise SchemeError(_("Item %(key)s: a target rate lies between 0 and 1.") % {"key": key})
    veto_keys = set()
    for veto in definition.get("veto") or []:
        key = veto.get("key") if isinstance(veto, dict) else None
        if not key or key in veto_keys:
            raise SchemeError(_("Every veto item needs a unique key."))
        veto_keys.add(key)
        if veto.get("source") not in VETO_SOURCES:
            raise SchemeError(_("Veto item %(key)s: unknown source.") % {"key": key})
        field = "codes" if veto["source"] == "risk_points" else "numbers"
        if not isinstance(veto.get(field), list) or not veto[field]:
            raise SchemeError(_("Veto item %(key)s lists nothing.") % {"key": key})
    _number(definition.get("veto_score_cap"), _("The score cap after a veto"), allow_none=True)
    grades = definition.get("grades") or {}
    excellent = _number(grades.get("excellent"), _("The threshold for excellent"))
    passing = _number(grades.get("pass"), _("The threshold for up to standard"))
    if passing > excellent:
        raise SchemeError(_("The threshold for excellent must not be below the one for up to standard."))
    return definition


def default_definition() -> dict:
    return copy.deepcopy(DEFAULT_SCHEME)


def _q(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def item_deduction(item: dict, inputs: dict) -> Decimal:
    """Points one item takes off, before the group cap (capped by the item's own cap)."""
    value = INDICATORS[item["indicator"]].value(inputs)
    if value is None:
        return Decimal(0)
    points = Decimal(str(item["points"]))
    rule = item["rule"]
    if rule == "per_count":
        raw = points * value
    else:
        target = Decimal(str(item["target"]))
        gap = target - value if rule == "below_target" else value - target
        raw = points * max(gap, Decimal(0)) * 100  # points per percentage point
    if item.get("cap") is not None:
        raw = min(raw, Decimal(str(item["cap"])))
    return _q(raw)


@dataclass
class Scored:
    score: Decimal
    total_deduction: Decimal
    deductions: dict[str, str]  # item key -> points, as strings (JSON keeps them exact)
    vetoed_by: list[str]
    grade: str


def score(inputs: dict, definition: dict) -> Scored:
    """The score of one subject from its inputs: deductions per item, group caps, veto, grade."""
    groups = {g["key"]: g for g in definition.get("groups") or []}
    deductions: dict[str, Decimal] = {}
    by_group: dict[str, list[str]] = {}
    for item in definition["items"]:
        deductions[item["key"]] = item_deduction(item, inputs)
        by_group.setdefault(item.get("group") or "", []).append(item["key"])
    # A group cap (an element's points) limits the sum of its items: scale nothing, just
    # take the items in scheme order until the cap is used up, so each item shows what it
    # actually cost.
    for key, item_keys in by_group.items():
        cap = groups.get(key, {}).get("points")
        if cap is None:
            continue
        left = Decimal(str(cap))
        for item_key in item_keys:
            taken = min(deductions[item_key], left)
            deductions[item_key] = taken
            left -= taken
    total = sum(deductions.values(), Decimal(0))
    base = Decimal(str(definition["base"]))
    result = max(base - total, Decimal(0))
    vetoed = [v["key"] for v in definition.get("veto") or [] if inputs.get(f"veto_{v['key']}", 0) > 0]
    if vetoed and definition.get("veto_score_cap") is not None:
        result = min(result, Decimal(str(definition["veto_score_cap"])))
    grades = definition["grades"]
    if vetoed:
        grade = "fail"
    elif result >= Decimal(str(grades["excellent"])):
        grade = "excellent"
    elif result >= Decimal(str(grades["pass"])):
        grade = "pass"
    else:
        grade = "fail"
    return Scored(
        score=_q(result),
        total_deduction=_q(total),
        deductions={k: str(v) for k, v in deductions.items()},
        vetoed_by=vetoed,
        grade=grade,
    )


def figures(inputs: dict, definition: dict) -> dict[str, Decimal | None]:
    """The value of every indicator the scheme scores, for display."""
    return {item["indicator"]: INDICATORS[item["indicator"]].value(inputs) for item in definition["items"]}
