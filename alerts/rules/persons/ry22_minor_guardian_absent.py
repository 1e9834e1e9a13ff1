from django.db.models import BigIntegerField, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import ElementType, Gender
from cases.models import Person, QuestioningSession

from .. import register
from ..base import DetectionRule, LegalBasis
from ..common import ADMIN_RULES, CRIMINAL_RULES, lead_officer


@register
class MinorGuardianAbsent(DetectionRule):
    ref = "RY22"
    code = "minor_guardian_absent"
    name = _("Minor questioned without a guardian or other adult present")
    element = ElementType.PERSON
    model = Person
    basis = (LegalBasis(CRIMINAL_RULES, _("Art. 323–326")), LegalBasis(ADMIN_RULES, _("Art. 75")))
    confidence = "P"
    description = _(
        "A person under 18 (the person's 'minor' flag, as the source system sets it for the time of "
        "the questioning) interrogated or questioned — as suspect, violator, victim or witness, in a "
        "criminal or administrative case — with no legal representative, guardian or other suitable "
        "adult recorded as present; or a female minor questioned with no female officer present. "
        "Red as soon as such a questioning session is in the data (shown from the first one); it "
        "clears when the sessions are corrected."
    )
    anchor_label = gettext_noop("minor questioned")
    defect_label = gettext_noop("guardian or adult present (and a female officer for a girl)")
    officer = Coalesce(lead_officer("case_id"), F("incident__officer_id"), output_field=BigIntegerField())
    case = "case_id"
    label = "name"
    related_changes = ((QuestioningSession, "person"),)

    @property
    def anchor(self):
        defective = QuestioningSession.objects.filter(person=OuterRef("pk")).filter(
            Q(guardian_present=False) | Q(female_officer_present=False, person__gender=Gender.FEMALE)
        )
        return Subquery(defective.order_by("started_at").values("started_at")[:1])

    def applies(self, ctx):
        return Q(is_minor=True)

    def defect(self, ctx):
        return Q()  # the anchor is the first defective session: none, no row
