import copy

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, LimitClock, LimitUnit, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, LimitChange

from ...deadlines import Change, ClockSpec
from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit, SqlRows
from ..common import CPL, CRIMINAL_RULES
from ._measures import measure_lifted, month_end_param
from ._questioning import HOLDING_KINDS, measure_officer

# The measures whose recorded limit is the measure's own maximum, by the unit of that limit
# and the clock whose approved extensions, stops and restarts version it. Criminal detention
# is left to RY12/RY13: its recorded 3 days are the time to request arrest, after which the
# detention lawfully lasts until the procuratorate decides.
PARTS = (
    (PeriodUnit.HOURS, LimitClock.QUESTIONING, HOLDING_KINDS),
    (PeriodUnit.MONTHS, LimitClock.CUSTODY, (MeasureKind.ARREST,)),
    (PeriodUnit.MONTHS, LimitClock.MEASURE, (MeasureKind.BAIL, MeasureKind.RESIDENTIAL_SURVEILLANCE)),
    (PeriodUnit.DAYS, LimitClock.MEASURE, (MeasureKind.BAIL, MeasureKind.RESIDENTIAL_SURVEILLANCE)),
    (PeriodUnit.DAYS, None, (MeasureKind.ADMIN_DETENTION,)),
)


@register
class ExpiredMeasureNotLifted(DeadlineRule):
    ref = "RY21"
    code = "expired_measure_not_lifted"
    name = _("Coercive measure past its limit not lifted or changed")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CPL, _("Art. 98, 99")), LegalBasis(CRIMINAL_RULES, _("Art. 161")))
    confidence = "P"
    description = _(
        "Any coercive measure still in force after its limit must be lifted, the person released or "
        "the measure changed at once. The limit is the one recorded on the measure (its approved "
        "limit in hours, days or months), moved by the approved extensions, stops and restarts of "
        "its clock (questioning for summons and questioning, custody for arrest, the non-custodial "
        "measure clock for bail and residential surveillance); administrative detention runs its "
        "recorded days. Counted as the other periods (start day not counted for days and months, "
        "the recorded minute for hours) and never extended for holidays. Red as soon as the limit "
        "has passed with the measure not ended, lifted or changed (red only: RY01, RY02, RY06, "
        "RY15, RY17 and RY18 give the earlier warnings); ended after it, the breach is recorded and "
        "cleared. Criminal detention is watched by RY12 and RY13 instead, and a measure with no "
        "recorded limit is not counted."
    )
    start = "started_at"
    start_label = gettext_noop("measure started")
    limit = (0, PeriodUnit.DAYS)
    custody = True
    act_label = gettext_noop("lifting, release or change of the measure")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LimitChange, "measure"), (LegalDocument, "measure"))
    red_only = True
    thresholds = {"*": Band()}
    params = {"month_end": month_end_param()}
    part = PARTS[0]

    def applies(self, ctx):
        unit, _clock, kinds = self.part
        return Q(kind__in=kinds, limit_value__isnull=False, limit_unit=LimitUnit(unit.value))

    def limit_expression(self, ctx):
        return F("limit_value"), self.part[0]

    def unit_choices(self, base_unit):
        # An extension may change the unit (days of bail into months); compute the ones in use.
        return (PeriodUnit.DAYS, PeriodUnit.MONTHS) if base_unit != PeriodUnit.HOURS else (PeriodUnit.HOURS,)

    def act_expression(self, ctx):
        return measure_lifted()

    def rows(self, ctx):
        # One statement: the deadline query of each (unit, clock) part, joined by UNION ALL.
        sqls, params = [], []
        for part in PARTS:
            clone = copy.copy(self)
            clone.part = part
            clone.clock = ClockSpec(part[1], "measure") if part[1] else None
            rows = DeadlineRule.rows(clone, ctx)
            sqls.append(rows.sql)
            params.extend(rows.params)
        union = " UNION ALL ".join(f"SELECT * FROM ({sql}) p{i}" for i, sql in enumerate(sqls))  # noqa: S608
        return SqlRows(union, params)

    def changes_for(self, element_ids):
        found: dict[int, list[Change]] = {}
        ids = list(element_ids)
        clocks = Q()
        for _unit, clock, kinds in PARTS:
            if clock:
                clocks |= Q(clock=clock, measure__kind__in=kinds)
        for offset in range(0, len(ids), 1000):
            rows = LimitChange.objects.filter(clocks, measure_id__in=ids[offset : offset + 1000]).values(
                "measure_id",
                "id",
                "kind",
                "effective_at",
                "reason",
                "new_limit_value",
                "new_limit_unit",
                "approved_at",
            )
            for row in rows:
                found.setdefault(row["measure_id"], []).append(Change.from_row(row))
        return found
