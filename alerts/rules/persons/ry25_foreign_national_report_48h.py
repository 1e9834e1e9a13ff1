from django.db.models import Case, F, Q, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import DocumentKind, ElementType, MeasureKind
from cases.models import CoerciveMeasure, LegalDocument, Person

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, PeriodUnit
from ..common import ADMIN_RULES, CRIMINAL_RULES, earliest
from ._questioning import measure_officer, notices

# Counted from the decision (bail, surveillance, administrative detention) or from the execution
# (criminal detention, arrest), as the articles word it.
FROM_DECISION = (MeasureKind.BAIL, MeasureKind.RESIDENTIAL_SURVEILLANCE, MeasureKind.ADMIN_DETENTION)
FROM_EXECUTION = (MeasureKind.CRIMINAL_DETENTION, MeasureKind.ARREST)


@register
class ForeignNationalReport48h(DeadlineRule):
    ref = "RY25"
    code = "foreign_national_report_48h"
    name = _("Measure against a foreign national not reported to the provincial bureau in 48 hours")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 367")), LegalBasis(ADMIN_RULES, _("Art. 254")))
    confidence = "P"
    description = _(
        "A catalogue candidate addition. When bail or residential surveillance is decided, or "
        "criminal detention or arrest executed, against a foreign national (the person's 'foreign "
        "national' flag), the unit must report it level by level to the provincial bureau within 48 "
        "hours (and inform the foreign-affairs office); likewise within 48 hours of deciding "
        "administrative detention of a foreigner. Counted from the recorded minute of the decision "
        "or execution. The act is a report document (kind 'report on a foreign national') naming "
        "the measure, or the person, issued from the start on. Red when none is recorded by then "
        "(or only after it). Compulsory drug rehabilitation, departure orders and deportation are "
        "not measures in the data and are not checked."
    )
    start_label = gettext_noop("measure decided or executed")
    limit = (48, PeriodUnit.HOURS)
    act_label = gettext_noop("report to the provincial bureau")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((LegalDocument, "measure"), (LegalDocument, "person__measures"), (Person, "measures"))
    thresholds = {"*": Band(blue="12h", yellow="4h")}

    def applies(self, ctx):
        return Q(person__is_foreign=True, kind__in=[*FROM_DECISION, *FROM_EXECUTION])

    def start_expression(self, ctx):
        return Case(
            When(kind__in=FROM_DECISION, then=Coalesce("decided_at", "started_at")), default=F("started_at")
        )

    def act_expression(self, ctx):
        return earliest(*notices(DocumentKind.FOREIGN_NATIONAL_REPORT, "issued_at"))
