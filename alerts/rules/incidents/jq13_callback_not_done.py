import datetime

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, IncidentCategory, IncidentDisposal
from cases.models import Incident

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import PRACTICE


@register
class CallbackNotDone(DeadlineRule):
    ref = "JQ13"
    code = "callback_not_done"
    name = _("Reporter not called back")
    element = ElementType.INCIDENT
    model = Incident
    basis = (LegalBasis(PRACTICE, _("daily call-backs (Dunhua; Legal Daily 2022-10-13)")),)
    confidence = "U"
    description = _(
        "A handled incident with a caller's number and no call-back recorded within 3 days of the "
        "disposal (day the incident was disposed of not counted). Local practice, not law; incidents "
        "disposed of more than the window (30 days) ago are no longer watched."
    )
    start = "disposed_at"
    start_label = gettext_noop("incident disposed of")
    limit = (3, PeriodUnit.DAYS)
    act = "callback_at"
    act_label = gettext_noop("call-back")
    officer = "officer_id"
    case = None
    label = "number"
    thresholds = {"*": Band(blue="2d", yellow="1d")}
    params = {"window_days": Param(30, _("Window (days)"))}

    def applies(self, ctx):
        since = ctx.as_of - datetime.timedelta(days=ctx.param("window_days"))
        return (
            ~Q(caller_phone="")
            & ~Q(category=IncidentCategory.FALSE_ALARM)
            & ~Q(disposal=IncidentDisposal.PENDING)
            & Q(disposed_at__gte=since)
        )
