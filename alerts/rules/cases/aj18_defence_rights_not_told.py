from django.db.models import OuterRef, Q, Subquery, Value
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, DocumentKind, ElementType, MeasureKind, PersonRole, SessionKind
from cases.models import CoerciveMeasure, LegalDocument, Person, QuestioningSession

from .. import register
from ..base import Band, DeadlineRule, LegalBasis, Param, PeriodUnit
from ..common import CPL, CRIMINAL_RULES, document_time, earliest, lead_officer

# The coercive measures of the Criminal Procedure Law (a summons is not one).
COERCIVE_MEASURE_KINDS = (
    MeasureKind.COMPELLED_APPEARANCE,
    MeasureKind.BAIL,
    MeasureKind.RESIDENTIAL_SURVEILLANCE,
    MeasureKind.CRIMINAL_DETENTION,
    MeasureKind.ARREST,
)


@register
class DefenceRightsNotTold(DeadlineRule):
    ref = "AJ18"
    code = "defence_rights_not_told"
    name = _("Suspect not told of the right to a defender")
    element = ElementType.PERSON
    model = Person
    basis = (LegalBasis(CPL, _("Art. 34 ¶2")), LegalBasis(CRIMINAL_RULES, _("Art. 43")))
    confidence = "P"
    description = _(
        "A criminal suspect must be told of the right to engage a defender at the first interrogation "
        "or when the first coercive measure is taken (compelled appearance, bail, residential "
        "surveillance, detention or arrest; a summons is not one), whichever comes first. The act is "
        "a notice of the right to a defender issued to the suspect (or, naming no person, on the "
        "suspect's case). The law sets no period beyond 'at that time'; the notice is usually "
        "recorded with the first interrogation, which after a detention may come up to 24 hours "
        "later, so a tolerance of 24 hours (a parameter; 0 for the strict reading) is allowed before "
        "the warning turns red. Red only: there is no 'approaching'. A notice recorded after the "
        "tolerance is recorded as a late breach."
    )
    start_label = gettext_noop("first interrogation or coercive measure")
    act_label = gettext_noop("notice of the right to a defender")
    officer = lead_officer("case_id")
    case = "case_id"
    label = "name"
    red_only = True
    thresholds = {"*": Band()}
    params = {"tolerance_hours": Param(24, _("Tolerance after the first interrogation or measure (hours)"))}
    related_changes = (
        (QuestioningSession, "person"),
        (CoerciveMeasure, "person"),
        (LegalDocument, "person"),
    )

    def applies(self, ctx):
        return Q(role=PersonRole.SUSPECT, case__kind=CaseKind.CRIMINAL)

    def start_expression(self, ctx):
        interrogation = (
            QuestioningSession.objects.filter(person=OuterRef("pk"), kind=SessionKind.INTERROGATION)
            .order_by("started_at")
            .values("started_at")[:1]
        )
        measure = (
            CoerciveMeasure.objects.filter(person=OuterRef("pk"), kind__in=COERCIVE_MEASURE_KINDS)
            .order_by("started_at")
            .values("started_at")[:1]
        )
        return earliest(Subquery(interrogation), Subquery(measure))

    def limit_expression(self, ctx):
        return Value(ctx.param("tolerance_hours")), PeriodUnit.HOURS

    def act_expression(self, ctx):
        return earliest(
            document_time(kind=DocumentKind.RIGHTS_NOTICE, person=OuterRef("pk")),
            document_time(kind=DocumentKind.RIGHTS_NOTICE, person__isnull=True, case=OuterRef("case_id")),
        )
