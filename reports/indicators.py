"""The inputs of the monthly assessment, as set-based aggregate queries.

Every input is a *spec*: a source table and a ``Q`` condition (counted, or for the
negative list summed by item weight). The same spec serves twice:

* ``unit_inputs`` runs one grouped aggregate query per source table
  (``GROUP BY unit`` with one conditional ``COUNT``/``SUM`` per spec) — four queries for
  the whole city, whatever the number of units or rows;
* ``drill_down`` filters the source by the same ``Q`` for one unit subtree (or leader),
  so the list behind a figure is by construction the items that made it.

Definitions (contract of issues 6 and 7, timestamps only, so a figure is frozen at the
cut-off and the drill-down finds the same items later):

* a *problem* is a warning of kind ``problem`` raised (``created_at``) in the period;
  exempted ones are counted apart (``problems_exempted``) and in nothing else;
* *due* problems are those whose ``rectify_due_at`` falls in the period; *on time* ones
  were closed out (``closed_at``) no later than that; *late* ones were not;
* *overdue* at the cut-off: ``rectify_due_at`` before the cut-off and not closed out by it
  (items the patrol resolved itself do not count);
* *repeat* problems have ``regression_of`` set;
* negative-list hits count by ``decided_on``, weighted by their item's weight;
* administrative-case closure: administrative cases accepted in the period that were
  decided, closed or withdrawn by the cut-off;
* arrest approval: the procuratorate's answers (approval / refusal documents) received
  in the period — approvals over answers;
* administrative litigation loss: the source system only flags ``litigation_lost``
  without a judgment date, so the rate is taken over administrative cases decided in
  the twelve months to the cut-off (a rolling rate);
* acceptance-to-filing timeliness: criminal cases whose filing decision (filed or
  declined) fell in the period, decided within the review tier's limit in calendar days
  (3 / 7 / 30 / 60) — the patrol's own rules count working days and raise the warnings;
  this is the coarse rate the seeds report.

Mid-level leaders: a leader answers for the unit they belong to and everything below it
(``Officer.unit`` subtree) — their inputs are that subtree's — except the negative list,
which counts the hits naming them (as chief responsible or among the officers): a sanction
is personal.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import models
from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from alerts.choices import ItemKind, Level, WorkflowState
from alerts.models import NegativeListHit, Warning
from cases.choices import CaseKind, DocumentKind, FilingReviewTier
from cases.models import Case, LegalDocument
from supervision.choices import SUPERVISORY_KINDS, UnitLevel
from supervision.models import Officer, Unit

from .scheme import ELEMENT_GROUPS

FILING_LIMIT_DAYS = {
    FilingReviewTier.STANDARD: 3,
    FilingReviewTier.VERIFY_LEAD: 7,
    FilingReviewTier.COMPLEX: 30,
    FilingReviewTier.ECON_PREFECTURE: 60,
}


@dataclass(frozen=True)
class Period:
    """A calendar month; figures are frozen at ``cutoff`` (the first instant of the next month)."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Period:
        try:
            year, month = (int(part) for part in text.split("-"))
            datetime.date(year, month, 1)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"not a month: {text!r} (expected YYYY-MM)") from exc
        return cls(year, month)

    @property
    def key(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def last_day(self) -> datetime.date:
        return self.next().first_day - datetime.timedelta(days=1)

    @property
    def start(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first_day, datetime.time.min))

    @property
    def cutoff(self) -> datetime.datetime:
        return self.next().start

    def next(self) -> Period:
        return Period(self.year + self.month // 12, self.month % 12 + 1)

    def previous(self) -> Period:
        return Period(self.year - (self.month == 1), (self.month - 2) % 12 + 1)

    def same_month_last_year(self) -> Period:
        return Period(self.year - 1, self.month)


@dataclass(frozen=True)
class Spec:
    source: str  # "warning" | "case" | "document" | "hit"
    q: Q
    weighted: bool = False  # sum of negative-list item weights instead of a count


SOURCES: dict[str, type[models.Model]] = {
    "warning": Warning,
    "case": Case,
    "document": LegalDocument,
    "hit": NegativeListHit,
}


def specs(period: Period, veto: Iterable[dict] = ()) -> dict[str, Spec]:
    """Every input of the assessment for ``period`` (plus one per veto item of the scheme)."""
    start, cutoff = period.start, period.cutoff
    in_period = {"created_at__gte": start, "created_at__lt": cutoff}
    problem = Q(kind=ItemKind.PROBLEM, exempted=False)
    due = problem & Q(rectify_due_at__gte=start, rectify_due_at__lt=cutoff)
    on_time = Q(closed_at__isnull=False, closed_at__lte=F("rectify_due_at"))
    late = due & ~on_time
    admin_accepted = Q(kind=CaseKind.ADMINISTRATIVE, accepted_at__gte=start, accepted_at__lt=cutoff)
    concluded = Q(decided_at__lt=cutoff) | Q(closed_at__lt=cutoff) | Q(withdrawn_at__lt=cutoff)
    answered = Q(received_at__gte=start, received_at__lt=cutoff) | Q(
        received_at__isnull=True, issued_at__gte=start, issued_at__lt=cutoff
    )
    arrest_decided = Q(kind__in=[DocumentKind.ARREST_APPROVAL, DocumentKind.NO_ARREST_DECISION]) & answered
    year_before = Period(period.year - 1, period.month).next().start  # 12 months to the cut-off
    admin_decided = Q(kind=CaseKind.ADMINISTRATIVE, decided_at__gte=year_before, decided_at__lt=cutoff)
    filing_decided = Q(kind=CaseKind.CRIMINAL) & (
        Q(filed_at__gte=start, filed_at__lt=cutoff)
        | Q(filed_at__isnull=True, declined_at__gte=start, declined_at__lt=cutoff)
    )
    timely = Q()
    for tier, days in FILING_LIMIT_DAYS.items():
        limit = F("accepted_at") + datetime.timedelta(days=days)
        timely |= Q(filing_review_tier=tier) & (
            Q(filed_at__lte=limit) | Q(filed_at__isnull=True, declined_at__lte=limit)
        )
    hits = Q(decided_on__gte=period.first_day, decided_on__lte=period.last_day)

    result = {
        "problems": Spec("warning", problem & Q(**in_period)),
        "problems_exempted": Spec("warning", Q(kind=ItemKind.PROBLEM, exempted=True, **in_period)),
        "problems_due": Spec("warning", due),
        "problems_on_time": Spec("warning", due & on_time),
        "problems_late": Spec("warning", late),
        "overdue": Spec(
            "warning",
            problem
            & Q(rectify_due_at__lt=cutoff)
            & (Q(closed_at__isnull=True) | Q(closed_at__gte=cutoff))
            & ~Q(workflow_state=WorkflowState.AUTO_RESOLVED),
        ),
        "repeat_problems": Spec("warning", problem & Q(regression_of__isnull=False, **in_period)),
        "cases_accepted": Spec("case", Q(accepted_at__gte=start, accepted_at__lt=cutoff)),
        "admin_accepted": Spec("case", admin_accepted),
        "admin_closed": Spec("case", admin_accepted & concluded),
        "admin_not_closed": Spec("case", admin_accepted & ~concluded),
        "arrest_decided": Spec("document", arrest_decided),
        "arrest_approved": Spec("document", arrest_decided & Q(kind=DocumentKind.ARREST_APPROVAL)),
        "arrest_refused": Spec("document", arrest_decided & Q(kind=DocumentKind.NO_ARREST_DECISION)),
        "admin_decided_12m": Spec("case", admin_decided),
        "litigation_lost": Spec("case", admin_decided & Q(litigation_lost=True)),
        "filing_decided": Spec("case", filing_decided),
        "filing_timely": Spec("case", filing_decided & timely),
        "filing_late": Spec("case", filing_decided & ~timely),
        "neg_hits": Spec("hit", hits),
        "neg_points": Spec("hit", hits, weighted=True),
    }
    for group, element_types in ELEMENT_GROUPS.items():
        result[f"late_{group}"] = Spec("warning", late & Q(element_type__in=element_types))
    for item in veto:
        if item["source"] == "risk_points":
            q = Q(
                risk_point__code__in=item["codes"],
                peak_level=Level.RED,
                raised_at__gte=start,
                raised_at__lt=cutoff,
            )
            result[f"veto_{item['key']}"] = Spec("warning", q)
        else:
            result[f"veto_{item['key']}"] = Spec("hit", hits & Q(item__number__in=item["numbers"]))
    return result


def _aggregate(source: str, source_specs: dict[str, Spec], base=None, group_by: str = "unit") -> dict:
    """One grouped query: ``{group value: {input key: number}}``."""
    model = SOURCES[source]
    qs = base if base is not None else model.objects.all()
    aggregates = {}
    for key, spec in source_specs.items():
        if spec.weighted:
            aggregates[key] = Sum("item__weight", filter=spec.q, default=Decimal(0))
        else:
            aggregates[key] = Count("pk", filter=spec.q)
    rows = qs.values(group_by).annotate(**aggregates).order_by()
    return {row.pop(group_by): row for row in rows}


def _jsonable(value):
    if isinstance(value, Decimal):
        # Weights have two decimal places; keep them exact and JSON-friendly.
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def raw_inputs_by_unit(period: Period, veto: Iterable[dict] = ()) -> dict[int, dict]:
    """Every input per owning unit (not rolled up): one aggregate query per source table."""
    all_specs = specs(period, veto)
    by_unit: dict[int, dict] = {}
    for source in SOURCES:
        source_specs = {k: s for k, s in all_specs.items() if s.source == source}
        if not source_specs:
            continue
        for unit_id, row in _aggregate(source, source_specs).items():
            target = by_unit.setdefault(unit_id, {})
            for key, value in row.items():
                target[key] = target.get(key, 0) + (value or 0)
    return by_unit


def assessed_units() -> list[Unit]:
    """Branches and stations that handle cases (the supervisory offices are not assessed)."""
    return list(
        Unit.objects.filter(is_active=True, level__in=[UnitLevel.BRANCH, UnitLevel.STATION])
        .exclude(kind__in=SUPERVISORY_KINDS)
        .order_by("path")
    )


def empty_inputs(keys: Iterable[str]) -> dict:
    return dict.fromkeys(keys, 0)


def roll_up(units: list[Unit], raw: dict[int, dict], keys: Iterable[str]) -> dict[int, dict]:
    """Inputs per assessed unit = the sum over its subtree. Units are few (a city has
    a few hundred); the rows behind the figures were already aggregated in SQL."""
    keys = list(keys)
    paths = dict(Unit.objects.values_list("pk", "path"))
    result = {}
    for unit in units:
        totals = empty_inputs(keys)
        for unit_id, row in raw.items():
            if paths.get(unit_id, "").startswith(unit.path):
                for key, value in row.items():
                    totals[key] += value
        result[unit.pk] = {k: _jsonable(v) for k, v in totals.items()}
    return result


def unit_inputs(period: Period, veto: Iterable[dict] = ()) -> dict[int, dict]:
    """``{unit id: inputs}`` for every assessed unit, rolled up over its subtree."""
    veto = list(veto)
    raw = raw_inputs_by_unit(period, veto)
    return roll_up(assessed_units(), raw, specs(period, veto).keys())


def leaders() -> list[Officer]:
    return list(
        Officer.objects.filter(is_active=True, is_mid_level_leader=True, unit__is_active=True)
        .select_related("unit")
        .order_by("unit__path", "badge_no")
    )


def leader_hits(period: Period) -> dict[int, dict]:
    """Negative-list hits naming each leader (chief responsible or among the officers), two queries."""
    hits = specs(period)["neg_hits"].q
    by_chief = (
        NegativeListHit.objects.filter(hits, chief__isnull=False)
        .values("chief")
        .annotate(n=Count("pk"), w=Sum("item__weight"))
        .order_by()
    )
    through = NegativeListHit.officers.through
    named = (
        through.objects.filter(
            negativelisthit__decided_on__gte=period.first_day,
            negativelisthit__decided_on__lte=period.last_day,
        )
        # Named twice (chief and officer) counts once.
        .exclude(negativelisthit__chief_id=F("officer_id"))
        .values("officer")
        .annotate(n=Count("pk"), w=Sum("negativelisthit__item__weight"))
        .order_by()
    )
    result: dict[int, dict] = {}
    for officer_id, row in [(r["chief"], r) for r in by_chief] + [(r["officer"], r) for r in named]:
        entry = result.setdefault(officer_id, {"neg_hits": 0, "neg_points": Decimal(0)})
        entry["neg_hits"] += row["n"]
        entry["neg_points"] += row["w"] or Decimal(0)
    return result


def leader_inputs(
    period: Period, unit_figures: dict[int, dict], veto: Iterable[dict] = ()
) -> dict[int, dict]:
    """``{officer id: inputs}`` for every mid-level leader (see the module docstring).

    ``unit_figures`` may lack a leader's unit (a supervisory office is not assessed as a
    unit); those subtrees are rolled up here from the same raw figures.
    """
    veto = list(veto)
    people = leaders()
    keys = list(specs(period, veto).keys())
    missing = [o.unit for o in people if o.unit_id not in unit_figures]
    if missing:
        raw = raw_inputs_by_unit(period, veto)
        unit_figures = {**unit_figures, **roll_up(list({u.pk: u for u in missing}.values()), raw, keys)}
    personal = leader_hits(period)
    result = {}
    for officer in people:
        inputs = dict(unit_figures.get(officer.unit_id) or empty_inputs(keys))
        hits = personal.get(officer.pk, {"neg_hits": 0, "neg_points": Decimal(0)})
        inputs["neg_hits"] = hits["neg_hits"]
        inputs["neg_points"] = _jsonable(hits["neg_points"])
        result[officer.pk] = inputs
    return result


# --------------------------------------------------------------------------------------
# Drill-down: the items behind a figure.


def drill_down(
    key: str,
    *,
    period: Period,
    unit: Unit,
    officer: Officer | None = None,
    veto: Iterable[dict] = (),
    fetched_by=None,
):
    """The rows behind input ``key`` for ``unit``'s subtree (or a leader's own hits).

    Returns ``(source, queryset)``; the queryset is additionally scoped to ``fetched_by``
    when given, so a drill-down can never show what the reader may not see.
    """
    all_specs = specs(period, veto)
    spec = all_specs[key]
    model = SOURCES[spec.source]
    qs = model.objects.filter(spec.q)
    if officer is not None and spec.source == "hit":
        qs = qs.filter(Q(chief=officer) | Q(officers=officer)).distinct()
    else:
        qs = qs.in_unit_subtree(unit)
    if fetched_by is not None:
        qs = qs.visible_to(fetched_by)
    return spec.source, qs
