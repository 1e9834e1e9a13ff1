"""The dispute risk model: from a dispute's facts to a proposed colour, explainably.

Pure functions over plain data, so that the same code scores one dispute on its page and
thousands in the daily run, and so that an old assessment can be re-read against the
version of the model it was made with (``ScoringModel.config`` is frozen per version).

The default is the model suggested in practice.md §7 (additive points, bands, hard
triggers). Where that model is silent we chose, and say so here:

* consequence points (injury +10, serious injury +20, self-harm +15, damage +5,
  disorder +10) — practice.md does not weigh consequences; an injury already happened is
  the strongest sign that the next step is a crime;
* earlier disputes of a party outside the repeat-call window +10 (inside it they are
  repeat calls, +10 each, so nothing is counted twice);
* below the yellow band a dispute is blue, not "no colour": every recorded dispute is
  followed up until it is resolved (the blue class in 修水's scheme is "latent").
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .choices import DisputeType, Factor, RiskColour

DEFAULT_CONFIG: dict = {
    "type_points": {
        DisputeType.MARRIAGE: 15,
        DisputeType.FAMILY: 15,
        DisputeType.DEBTS: 15,
        DisputeType.LABOUR: 15,
        DisputeType.NEIGHBOURHOOD: 10,
        DisputeType.LAND: 10,
        DisputeType.CONSUMER: 5,
        DisputeType.TRAFFIC: 5,
        DisputeType.OTHER: 0,
    },
    "consequence_points": {
        "none": 0,
        "property_damage": 5,
        "injury": 10,
        "serious_injury": 20,
        "self_harm": 15,
        "public_order": 10,
    },
    "repeat_call_points": 10,
    "repeat_call_cap": 30,
    "repeat_window_days": 30,
    "threat_points": 30,
    "flagged_party_points": 20,
    "prior_dispute_points": 10,
    # [minimum people, points], checked from the largest band down.
    "crowd_bands": [[30, 25], [5, 10]],
    # [more than N days unresolved, points]
    "age_bands": [[7, 10]],
    "cross_department_points": 10,
    "red_min": 70,
    "yellow_min": 50,
    "hard_triggers": [Factor.THREAT_TO_KILL, Factor.WEAPONS],
    # Threat language (黄岩 民转刑 practice): found in the incident summary, it is a threat to kill.
    "threat_phrases": ["同归于尽", "拼命", "杀了", "弄死", "砍死", "杀人", "灭门", "一起死"],
    # Follow-up (回访) intervals in calendar days: a red dispute is visited every day,
    # holidays included; a dispute does not wait for a working day.
    "visit_interval_days": {RiskColour.RED: 1, RiskColour.YELLOW: 3, RiskColour.BLUE: 7},
    # Listing for notice (通报)
    "long_unresolved_days": 30,
    "assess_within_days": 1,
    "visit_overdue_notice_days": 3,
    "township_confirm_days": 15,
}

INT_KEYS = (
    "repeat_call_points",
    "repeat_call_cap",
    "repeat_window_days",
    "threat_points",
    "flagged_party_points",
    "prior_dispute_points",
    "cross_department_points",
    "red_min",
    "yellow_min",
    "long_unresolved_days",
    "assess_within_days",
    "visit_overdue_notice_days",
    "township_confirm_days",
)


def default_config() -> dict:
    return copy.deepcopy({k: _plain(v) for k, v in DEFAULT_CONFIG.items()})


def _plain(value):
    """TextChoices members → their string values, recursively (JSON-ready)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def validate_config(raw: dict) -> dict:
    """A complete, consistent config or ``ValueError`` naming what is wrong.

    Missing keys take the default, so a model saved before a key existed still scores.
    """
    config = default_config()
    config.update(_plain(raw or {}))
    errors = []
    for key in INT_KEYS:
        if not isinstance(config[key], int) or config[key] < 0:
            errors.append(f"{key}: a whole number ≥ 0")
    for key in ("type_points", "consequence_points"):
        if not all(isinstance(v, int) and v >= 0 for v in config[key].values()):
            errors.append(f"{key}: whole numbers ≥ 0")
    for key in ("crowd_bands", "age_bands"):
        bands = config[key]
        if not all(isinstance(b, list) and len(b) == 2 and all(isinstance(x, int) for x in b) for b in bands):
            errors.append(f"{key}: pairs of whole numbers")
        else:
            config[key] = sorted(bands, key=lambda b: -b[0])
    if not 0 < config["yellow_min"] < config["red_min"] <= 100:
        errors.append("bands: 0 < yellow_min < red_min ≤ 100")
    if any(t not in Factor.values for t in config["hard_triggers"]):
        errors.append("hard_triggers: unknown factor")
    intervals = config["visit_interval_days"]
    if set(intervals) != set(RiskColour.values) or not all(
        isinstance(v, int) and v >= 1 for v in intervals.values()
    ):
        errors.append("visit_interval_days: one whole number ≥ 1 per colour")
    config["threat_phrases"] = [p.strip() for p in config["threat_phrases"] if p and p.strip()]
    if errors:
        raise ValueError("; ".join(errors))
    return config


@dataclass
class Facts:
    """What is known about one dispute, from the data and the officer's answers."""

    dispute_type: str = ""
    consequence: str = ""
    repeat_calls: int = 0
    has_threat: bool = False
    threat_to_kill: bool = False
    weapons: bool = False
    flagged_party: bool = False
    prior_disputes: int = 0
    crowd_size: int = 0
    days_unresolved: int = 0
    cross_department: bool = False

    def with_answers(self, answers: dict[str, bool], *, min_crowd: int = 5) -> Facts:
        """Apply checklist answers: an answered item linked to a factor decides it."""
        facts = copy.copy(self)
        for factor, value in answers.items():
            if factor == Factor.THREAT:
                facts.has_threat = value
            elif factor == Factor.THREAT_TO_KILL:
                facts.threat_to_kill = value
            elif factor == Factor.WEAPONS:
                facts.weapons = value
            elif factor == Factor.FLAGGED_PARTY:
                facts.flagged_party = value
            elif factor == Factor.CROSS_DEPARTMENT:
                facts.cross_department = value
            elif factor == Factor.PRIOR_DISPUTES:
                facts.prior_disputes = max(facts.prior_disputes, 1) if value else 0
            elif factor == Factor.REPEAT_CALLS:
                facts.repeat_calls = max(facts.repeat_calls, 1) if value else 0
            elif factor == Factor.CROWD:
                facts.crowd_size = max(facts.crowd_size, min_crowd) if value else 0
        return facts


@dataclass
class FactorScore:
    code: str
    points: int
    value: object = None

    def as_json(self) -> dict:
        return {"code": self.code, "points": self.points, "value": self.value}


@dataclass
class Proposal:
    score: int
    colour: str
    factors: list[FactorScore] = field(default_factory=list)
    hard_triggers: list[str] = field(default_factory=list)

    def factors_json(self) -> list[dict]:
        return [f.as_json() for f in self.factors]


def crowd_threshold(config: dict) -> int:
    bands = config.get("crowd_bands") or [[5, 0]]
    return min(b[0] for b in bands)


def propose(facts: Facts, config: dict) -> Proposal:
    """Score ``facts`` under ``config`` (already validated): points, colour, reasons."""
    factors: list[FactorScore] = []

    def add(code: str, points: int, value=None) -> None:
        factors.append(FactorScore(code=str(code), points=points, value=value))

    if facts.dispute_type:
        add(Factor.DISPUTE_TYPE, config["type_points"].get(facts.dispute_type, 0), facts.dispute_type)
    if facts.consequence:
        add(Factor.CONSEQUENCE, config["consequence_points"].get(facts.consequence, 0), facts.consequence)
    if facts.repeat_calls:
        points = min(facts.repeat_calls * config["repeat_call_points"], config["repeat_call_cap"])
        add(Factor.REPEAT_CALLS, points, facts.repeat_calls)
    threats = [
        str(code)
        for code, present in (
            (Factor.THREAT, facts.has_threat),
            (Factor.THREAT_TO_KILL, facts.threat_to_kill),
            (Factor.WEAPONS, facts.weapons),
        )
        if present
    ]
    if threats:
        # "Threats or weapons +30": counted once however many of them there are.
        add(Factor.THREAT, config["threat_points"], threats)
    if facts.flagged_party:
        add(Factor.FLAGGED_PARTY, config["flagged_party_points"], True)
    if facts.prior_disputes:
        add(Factor.PRIOR_DISPUTES, config["prior_dispute_points"], facts.prior_disputes)
    for minimum, points in config["crowd_bands"]:
        if facts.crowd_size >= minimum:
            add(Factor.CROWD, points, facts.crowd_size)
            break
    for days, points in config["age_bands"]:
        if facts.days_unresolved > days:
            add(Factor.UNRESOLVED_AGE, points, facts.days_unresolved)
            break
    if facts.cross_department:
        add(Factor.CROSS_DEPARTMENT, config["cross_department_points"], True)

    score = min(100, sum(f.points for f in factors))
    present = {
        Factor.THREAT: facts.has_threat,
        Factor.THREAT_TO_KILL: facts.threat_to_kill,
        Factor.WEAPONS: facts.weapons,
        Factor.FLAGGED_PARTY: facts.flagged_party,
        Factor.PRIOR_DISPUTES: bool(facts.prior_disputes),
        Factor.REPEAT_CALLS: bool(facts.repeat_calls),
        Factor.CROWD: facts.crowd_size >= crowd_threshold(config),
        Factor.CROSS_DEPARTMENT: facts.cross_department,
        Factor.UNRESOLVED_AGE: any(facts.days_unresolved > d for d, _ in config["age_bands"]),
        Factor.CONSEQUENCE: facts.consequence not in ("", "none"),
        Factor.DISPUTE_TYPE: bool(facts.dispute_type),
    }
    hard = [str(code) for code in config["hard_triggers"] if present.get(code)]
    if hard or score >= config["red_min"]:
        colour = RiskColour.RED
    elif score >= config["yellow_min"]:
        colour = RiskColour.YELLOW
    else:
        colour = RiskColour.BLUE
    return Proposal(score=score, colour=str(colour), factors=factors, hard_triggers=hard)


def detect_threat_language(text: str, phrases: list[str]) -> list[str]:
    return [p for p in phrases if p and p in (text or "")]
