from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from cases.choices import CaseKind, ElementType, SessionLocation
from cases.models import QuestioningSession, VenueVisit

from .. import register
from ..base import FAR_FUTURE, DetectionRule, LegalBasis, _midnight
from ..common import CPL, CRIMINAL_RULES, PUBLIC_ORDER_LAW_2026, REVISED_PUBLIC_ORDER_LAW_IN_FORCE, earliest
from ._visits import visit_officer


@register
class AvRecordingGapArea(DetectionRule):
    ref = "CS08"
    code = "av_recording_gap_area"
    name = _("Questioning in the handling area not fully recorded on audio-video")
    element = ElementType.VENUE_VISIT
    model = VenueVisit
    basis = (
        LegalBasis(CPL, _("Art. 123")),
        LegalBasis(CRIMINAL_RULES, _("Art. 208")),
        LegalBasis(
            PUBLIC_ORDER_LAW_2026,
            _("synchronous recording of questioning in venues (article number not yet confirmed)"),
            valid_from=REVISED_PUBLIC_ORDER_LAW_IN_FORCE,
        ),
    )
    confidence = "S"
    description = _(
        "An interrogation or inquiry held in the handling area during a person's stay with no "
        "recording, or a recording not complete and continuous. Criminal cases: always (the "
        "handling area records every questioning; major cases also AJ17). Administrative and other "
        "questioning: from 2026-01-01, when the revised public-order law requires full synchronous "
        "recording of questioning in case-handling venues (secondary source; article not "
        "confirmed). A session counts for the stay when it names the visit, or names none and falls "
        "within the stay. Red as soon as such a session is in the data (shown from the first one)."
    )
    anchor_label = gettext_noop("questioned in the handling area")
    defect_label = gettext_noop("complete, continuous audio-video recording")
    officer = visit_officer()
    case = "case_id"
    label = "person__name"
    related_changes = ((QuestioningSession, "visit"), (QuestioningSession, "person__visits"))

    @property
    def anchor(self):
        gap = Q(av_recorded=False) | Q(av_complete=False)
        required = Q(case__kind=CaseKind.CRIMINAL) | Q(
            started_at__gte=_midnight(REVISED_PUBLIC_ORDER_LAW_IN_FORCE)
        )
        sessions = QuestioningSession.objects.filter(gap, required, location=SessionLocation.HANDLING_AREA)
        named = sessions.filter(visit=OuterRef("pk"))
        within = sessions.filter(
            visit__isnull=True,
            person=OuterRef("person_id"),
            started_at__gte=OuterRef("entered_at"),
            started_at__lte=Coalesce(OuterRef("exited_at"), Value(FAR_FUTURE)),
        )
        return earliest(
            Subquery(named.order_by("started_at").values("started_at")[:1]),
            Subquery(within.order_by("started_at").values("started_at")[:1]),
        )

    def defect(self, ctx):
        return Q()  # the anchor is the first session with a gap: none, no row
