import datetime

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType
from cases.models import CoerciveMeasure, Person

from .. import register
from ..base import DetectionRule, LegalBasis, Param
from ..common import ADMIN_RULES, CPL, CRIMINAL_RULES, QUESTIONING_RULES
from ._questioning import HOLDING_KINDS, measure_officer


@register
class SerialSummons(DetectionRule):
    ref = "RY03"
    code = "serial_summons"
    name = _("Serial summons amounting to disguised detention")
    element = ElementType.MEASURE
    model = CoerciveMeasure
    basis = (
        LegalBasis(CPL, _("Art. 119 ¶3")),
        LegalBasis(CRIMINAL_RULES, _("Art. 80, 200")),
        LegalBasis(ADMIN_RULES, _("Art. 69 ¶2")),
        LegalBasis(QUESTIONING_RULES, _("Art. 12 (7)")),
    )
    confidence = "U"
    description = _(
        "A summons, compelled appearance, questioning for verification or continued questioning "
        "that starts less than the minimum interval (12 hours, a parameter) after another of these "
        "measures on the same person ended — or while it was still running. The same person is the "
        "same person record or the same ID number. The law forbids serial summons but sets no "
        "interval; 12 hours is local practice (unconfirmed). Red as soon as it is in the data; the "
        "warning sits on the later measure."
    )
    anchor = "started_at"
    anchor_label = gettext_noop("summons or questioning started")
    defect_label = gettext_noop("a rest interval after the previous summons or questioning")
    officer = measure_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((CoerciveMeasure, "person__measures"), (Person, "measures"))
    params = {"min_interval_hours": Param(12, _("Minimum interval between summons (hours)"))}

    def applies(self, ctx):
        return Q(kind__in=HOLDING_KINDS)

    def defect(self, ctx):
        gap = datetime.timedelta(hours=ctx.param("min_interval_hours"))
        previous = CoerciveMeasure.objects.filter(
            kind__in=HOLDING_KINDS,
            started_at__lt=OuterRef("started_at"),
            ended_at__isnull=False,
            ended_at__gt=OuterRef("started_at") - gap,
        ).exclude(pk=OuterRef("pk"))
        same_person = previous.filter(person=OuterRef("person_id"))
        same_id_number = previous.filter(person__id_number=OuterRef("person__id_number")).exclude(
            person__id_number=""
        )
        return Q(Exists(same_person)) | Q(Exists(same_id_number))
