"""The execution elements (执法要素) as the case-handling system knows them.

Every date, time, state and flag a risk point reads is a real, typed field here. Each
element carries the source system's ``external_id`` (ingestion upserts by it), its owning
``unit`` (scoping and routing) and ``updated_at`` (incremental patrols read only what
changed). Dates are aware datetimes in Asia/Shanghai; a missing act is ``NULL``.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from supervision.models import Officer, Unit
from supervision.querysets import ScopedQuerySet

from .choices import (
    AdminCaseType,
    AdminDecision,
    AreaType,
    CaseEventKind,
    CaseKind,
    CaseSource,
    CaseStatus,
    DecidingOrgan,
    DocumentDirection,
    DocumentKind,
    FilingReviewTier,
    Gender,
    IncidentCategory,
    IncidentDisposal,
    IncidentSource,
    Jurisdiction,
    LimitChangeKind,
    LimitChangeReason,
    LimitClock,
    LimitUnit,
    MeasureEndReason,
    MeasureKind,
    MovementPurpose,
    PersonRole,
    PropertyKind,
    PropertyStatus,
    RecipientKind,
    RoomKind,
    SeizureKind,
    SessionKind,
    SessionLocation,
    VenueIncidentKind,
    VenueKind,
    VisitExitReason,
)


class Element(models.Model):
    """Fields every ingested element shares."""

    external_id = models.CharField(_("source id"), max_length=64, unique=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="+"
    )
    source_updated_at = models.DateTimeField(
        _("updated in source"),
        null=True,
        blank=True,
        help_text=_(
            "The source system's version of this record; an older version never overwrites a newer one."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


# --------------------------------------------------------------------------------------
# Incidents (警情)


class Incident(Element):
    """A call or report to the police: the start of everything."""

    number = models.CharField(_("incident number"), max_length=40, db_index=True)
    received_at = models.DateTimeField(_("received at"), db_index=True)
    source = models.CharField(_("source"), max_length=20, choices=IncidentSource.choices)
    category = models.CharField(_("category"), max_length=20, choices=IncidentCategory.choices, db_index=True)
    is_dispute = models.BooleanField(_("dispute incident"), default=False, db_index=True)
    is_emergency = models.BooleanField(_("emergency call"), default=False)
    area_type = models.CharField(_("area"), max_length=10, choices=AreaType.choices, default=AreaType.URBAN)
    location = models.CharField(_("location"), max_length=200, blank=True)
    location_key = models.CharField(
        _("normalised address"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("Address normalised by the source, used to link repeat calls."),
    )
    caller_name = models.CharField(_("caller"), max_length=50, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=20, blank=True, db_index=True)
    summary = models.TextField(_("summary"), blank=True)
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("handling officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incidents",
    )
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived on scene at"), null=True, blank=True)
    disposal = models.CharField(
        _("disposal"), max_length=20, choices=IncidentDisposal.choices, default=IncidentDisposal.PENDING
    )
    disposed_at = models.DateTimeField(_("disposed at"), null=True, blank=True)
    result_recorded_at = models.DateTimeField(_("result recorded at"), null=True, blank=True)
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=12, choices=Jurisdiction.choices, default=Jurisdiction.OWN
    )
    transferred_at = models.DateTimeField(_("transferred at"), null=True, blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=100, blank=True)
    reporter_told_at = models.DateTimeField(
        _("reporter told at"),
        null=True,
        blank=True,
        help_text=_("When the reporter was told of the transfer or of the competent authority."),
    )
    feedback_at = models.DateTimeField(_("feedback to caller at"), null=True, blank=True)
    callback_at = models.DateTimeField(_("call-back at"), null=True, blank=True)
    callback_outcome = models.CharField(_("call-back outcome"), max_length=200, blank=True)
    has_threat = models.BooleanField(_("threats made"), default=False, help_text=_("扬言报复、同归于尽 …"))
    weapons_involved = models.BooleanField(_("weapons involved"), default=False)
    crowd_size = models.PositiveIntegerField(_("people involved"), default=0)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="incident_unit_received"),
            # Prefix search on numbers (the free-text box on list pages) on PostgreSQL.
            models.Index(fields=["number"], name="incident_number_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.number


# --------------------------------------------------------------------------------------
# Cases (案件)


class Case(Element):
    """A criminal or administrative case with its lifecycle as dated fields.

    The lifecycle dates are what the rules read; ``CaseEvent`` rows hold every other
    dated act (interrogations, hearings, mediation, reconsideration …).
    ``last_activity_at`` is the latest investigative act, kept by ingestion.
    """

    number = models.CharField(_("case number"), max_length=40, db_index=True)
    name = models.CharField(_("case name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=CaseKind.choices, db_index=True)
    admin_type = models.CharField(
        _("administrative procedure"), max_length=16, choices=AdminCaseType.choices, blank=True
    )
    cause = models.CharField(_("cause (案由)"), max_length=100)
    source = models.CharField(
        _("source"), max_length=20, choices=CaseSource.choices, default=CaseSource.INCIDENT
    )
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    officers = models.ManyToManyField(
        Officer, verbose_name=_("handling officers"), through="CaseOfficer", related_name="cases"
    )
    status = models.CharField(_("status"), max_length=30, choices=CaseStatus.choices, db_index=True)
    # Flags the rules need
    is_major = models.BooleanField(
        _("major case"),
        default=False,
        help_text=_("May lead to life imprisonment or death, or otherwise major."),
    )
    is_economic_crime = models.BooleanField(_("economic crime"), default=False)
    is_state_security = models.BooleanField(_("state security or terrorism"), default=False)
    is_fast_track = models.BooleanField(_("fast-track procedure"), default=False)
    has_complainant = models.BooleanField(_("has a complainant"), default=True)
    filing_review_tier = models.CharField(
        _("filing review tier"),
        max_length=20,
        choices=FilingReviewTier.choices,
        default=FilingReviewTier.STANDARD,
    )
    act_occurred_at = models.DateTimeField(_("act occurred at"), null=True, blank=True)
    act_ended_at = models.DateTimeField(_("continuing act ended at"), null=True, blank=True)
    # Lifecycle
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), db_index=True)
    receipt_waiver_reason = models.CharField(
        _("no receipt because"),
        max_length=200,
        blank=True,
        help_text=_("The reporter refused the receipt or could not be reached."),
    )
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True, db_index=True)
    declined_at = models.DateTimeField(_("filing declined at"), null=True, blank=True)
    solved_at = models.DateTimeField(_("solved at"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("suspended at"), null=True, blank=True)
    investigation_concluded_at = models.DateTimeField(_("investigation concluded at"), null=True, blank=True)
    transferred_for_prosecution_at = models.DateTimeField(
        _("transferred for prosecution at"), null=True, blank=True
    )
    transferred_out_at = models.DateTimeField(_("transferred to another organ at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn or terminated at"), null=True, blank=True)
    decided_at = models.DateTimeField(_("administrative decision at"), null=True, blank=True)
    decision = models.CharField(
        _("administrative decision"), max_length=16, choices=AdminDecision.choices, blank=True
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, db_index=True)
    last_activity_at = models.DateTimeField(_("last investigative act at"), null=True, blank=True)
    litigation_lost = models.BooleanField(
        _("lost in administrative litigation"),
        default=False,
        help_text=_("Set when a court annulled or changed the decision (败诉)."),
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-accepted_at"]
        indexes = [
            models.Index(fields=["unit", "accepted_at"], name="case_unit_accepted"),
            models.Index(fields=["kind", "status"], name="case_kind_status"),
            models.Index(fields=["number"], name="case_number_prefix", opclasses=["varchar_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and self.withdrawn_at is None


class CaseOfficer(models.Model):
    """A handling officer of a case (at least two per case; the first is the lead)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_officers")
    officer = models.ForeignKey(Officer, on_delete=models.PROTECT, related_name="case_roles")
    is_lead = models.BooleanField(_("lead officer"), default=False)

    class Meta:
        verbose_name = _("handling officer")
        verbose_name_plural = _("handling officers")
        constraints = [models.UniqueConstraint(fields=["case", "officer"], name="caseofficer_unique")]

    def __str__(self) -> str:
        return f"{self.case} · {self.officer}"


class CaseEvent(Element):
    """A dated act in a case: investigation steps, hearings, mediation, reconsideration …"""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=32, choices=CaseEventKind.choices, db_index=True)
    occurred_at = models.DateTimeField(_("time"))
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["case", "kind", "occurred_at"], name="caseevent_case_kind_time")]

    def __str__(self) -> str:
        return f"{self.case} {self.get_kind_display()} {timezone.localtime(self.occurred_at):%Y-%m-%d}"


# --------------------------------------------------------------------------------------
# Persons and coercive measures (人员、强制措施)


class Person(Element):
    """A person involved in a case or an incident, in one role.

    The same human may appear in several records; ``id_number`` links them (for dispute
    matching and repeat-party checks). It is stored whole and masked on display for
    roles that don't need it (``supervision.privacy``).
    """

    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE, related_name="persons"
    )
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="persons",
    )
    role = models.CharField(
        pgettext_lazy("person", "role"), max_length=16, choices=PersonRole.choices, db_index=True
    )
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50, db_index=True)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, db_index=True)
    gender = models.CharField(_("gender"), max_length=8, choices=Gender.choices, default=Gender.UNKNOWN)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Special groups the law protects
    is_minor = models.BooleanField(_("minor"), default=False)
    is_pregnant = models.BooleanField(_("pregnant"), default=False)
    is_nursing = models.BooleanField(_("nursing an infant under one"), default=False)
    is_disabled = models.BooleanField(_("blind, deaf or mute"), default=False)
    has_mental_illness = models.BooleanField(_("partly mentally ill"), default=False)
    is_foreign = models.BooleanField(_("foreign national"), default=False)
    is_deputy = models.BooleanField(_("people's congress deputy"), default=False)
    # Risk flags from the key-person registers (disputes, 民转刑)
    is_released_prisoner = models.BooleanField(_("released prisoner"), default=False)
    is_drug_user = models.BooleanField(_("drug user"), default=False)
    has_mental_disorder_risk = models.BooleanField(_("mental disorder with risk of harm"), default=False)
    # Defence
    has_defender = models.BooleanField(_("has a defender"), default=False)
    special_situation_found_at = models.DateTimeField(
        _("special situation found at"),
        null=True,
        blank=True,
        help_text=_("When the police learned the person needs legal aid (AJ19)."),
    )
    identity_unknown = models.BooleanField(_("identity unknown"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["case_id", "role", "name"]
        indexes = [
            models.Index(fields=["name"], name="person_name_prefix", opclasses=["varchar_pattern_ops"]),
            # A unit's list pages read "this unit's rows, newest first": one index range each.
            models.Index(fields=["unit", "updated_at"], name="person_unit_updated"),
        ]

    def __str__(self) -> str:
        return self.name


class CoerciveMeasure(Element):
    """A coercive measure on a person: start, approved limit, extensions (``LimitChange``) and end."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="measures"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE, related_name="measures"
    )
    kind = models.CharField(_("measure"), max_length=30, choices=MeasureKind.choices, db_index=True)
    decided_by = models.CharField(
        pgettext_lazy("deciding organ", "decided by"),
        max_length=16,
        choices=DecidingOrgan.choices,
        default=DecidingOrgan.POLICE,
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    documents_received_at = models.DateTimeField(
        _("documents received at"),
        null=True,
        blank=True,
        help_text=_("For measures decided by a court or procuratorate: when the police received them."),
    )
    assigned_at = models.DateTimeField(_("assigned for execution at"), null=True, blank=True)
    started_at = models.DateTimeField(
        _("started at"),
        db_index=True,
        help_text=_("Execution, or the person's arrival for summons and questioning."),
    )
    limit_value = models.PositiveIntegerField(_("approved limit"), null=True, blank=True)
    limit_unit = models.CharField(_("limit unit"), max_length=14, choices=LimitUnit.choices, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True, db_index=True)
    end_reason = models.CharField(
        _("ended because"), max_length=30, choices=MeasureEndReason.choices, blank=True
    )
    sent_to_facility_at = models.DateTimeField(_("sent to the detention facility at"), null=True, blank=True)
    family_notified_at = models.DateTimeField(_("family notified at"), null=True, blank=True)
    family_notice_waiver = models.CharField(_("family not notified because"), max_length=200, blank=True)
    rest_meal_recorded_at = models.DateTimeField(_("last meal or rest recorded at"), null=True, blank=True)
    is_onsite_emergency = models.BooleanField(_("taken on the spot in an emergency"), default=False)
    reported_at = models.DateTimeField(_("reported for approval at"), null=True, blank=True)
    designated_residence = models.BooleanField(_("designated residence"), default=False)
    deferred = models.BooleanField(_("execution deferred"), default=False)
    location = models.CharField(_("held at"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("coercive measure")
        verbose_name_plural = _("coercive measures")
        ordering = ["started_at"]
        indexes = [
            models.Index(fields=["kind", "ended_at"], name="measure_kind_open"),
            models.Index(fields=["unit", "started_at"], name="measure_unit_started"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.person}"


class LimitChange(Element):
    """One version change of a statutory clock: an approved extension, a suspension
    (appraisal, mediation, unknown identity) and its end, or a restart (new offence,
    transfer). Kept as rows so that the period in force at any moment can be rebuilt."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="limit_changes",
    )
    measure = models.ForeignKey(
        CoerciveMeasure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="limit_changes",
    )
    property = models.ForeignKey(
        "Property",
        verbose_name=_("property"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="limit_changes",
    )
    clock = models.CharField(_("clock"), max_length=20, choices=LimitClock.choices)
    kind = models.CharField(_("change"), max_length=20, choices=LimitChangeKind.choices)
    reason = models.CharField(
        pgettext_lazy("limit change", "reason"), max_length=24, choices=LimitChangeReason.choices, blank=True
    )
    effective_at = models.DateTimeField(_("effective at"))
    new_limit_value = models.PositiveIntegerField(
        _("limit after the change"),
        null=True,
        blank=True,
        help_text=_("For an extension: the whole limit now in force (e.g. 7 days, 3 months)."),
    )
    new_limit_unit = models.CharField(_("unit"), max_length=14, choices=LimitUnit.choices, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("limit change")
        verbose_name_plural = _("limit changes")
        ordering = ["effective_at"]

    def __str__(self) -> str:
        when = timezone.localtime(self.effective_at)
        return f"{self.get_clock_display()} {self.get_kind_display()} {when:%Y-%m-%d %H:%M}"


# --------------------------------------------------------------------------------------
# Property (涉案财物)


class Property(Element):
    """A seized, sealed, frozen or otherwise held item, from taking to final disposal."""

    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="property_items",
    )
    owner = models.ForeignKey(
        Person,
        verbose_name=_("owner or holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="property_items",
    )
    name = models.CharField(pgettext_lazy("property", "item"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=PropertyKind.choices)
    seizure_kind = models.CharField(_("measure"), max_length=16, choices=SeizureKind.choices)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=2, default=1)
    value = models.DecimalField(_("value (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=PropertyStatus.choices, db_index=True)
    seized_at = models.DateTimeField(_("taken at"), db_index=True)
    seized_by = models.ForeignKey(
        Officer, verbose_name=_("taken by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    taken_remotely = models.BooleanField(_("taken away from the unit"), default=False)
    returned_to_unit_at = models.DateTimeField(_("back at the unit at"), null=True, blank=True)
    urgent_work_done_at = models.DateTimeField(
        _("urgent appraisal or identification done at"), null=True, blank=True
    )
    held_by_police = models.BooleanField(_("held by the police"), default=True)
    receipt_issued = models.BooleanField(_("list or receipt issued"), default=False)
    list_signed_by_officer = models.BooleanField(_("list signed by the officer"), default=False)
    list_signed_by_holder = models.BooleanField(_("list signed by the holder"), default=False)
    list_signed_by_witness = models.BooleanField(_("list signed by a witness"), default=False)
    list_has_details = models.BooleanField(_("list describes the items"), default=False)
    stored_at = models.DateTimeField(_("stored (入库) at"), null=True, blank=True)
    storage_location = models.CharField(_("storage location"), max_length=100, blank=True)
    custodian_registered_at = models.DateTimeField(
        _("registered with the custodian at"), null=True, blank=True
    )
    inspectorate_filed_at = models.DateTimeField(_("filed with the inspectorate at"), null=True, blank=True)
    is_perishable = models.BooleanField(_("perishable or hard to keep"), default=False)
    found_unrelated_at = models.DateTimeField(_("found unrelated to the case at"), null=True, blank=True)
    owner_notified_at = models.DateTimeField(_("owner notified or public notice at"), null=True, blank=True)
    expires_at = models.DateTimeField(
        _("measure expires at"), null=True, blank=True, help_text=_("For freezes and seizures with a term.")
    )
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    confiscated_at = models.DateTimeField(_("confiscated at"), null=True, blank=True)
    destroyed_at = models.DateTimeField(_("destroyed at"), null=True, blank=True)
    disposed_at = models.DateTimeField(
        _("finally disposed at"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "Returned, confiscated, destroyed, sold, released or transferred: the item left police hands."
        ),
    )

    class Meta:
        verbose_name = _("property item")
        verbose_name_plural = _("property")
        ordering = ["-seized_at"]
        indexes = [models.Index(fields=["unit", "seized_at"], name="property_unit_seized")]

    def __str__(self) -> str:
        return self.name


class PropertyMovement(Element):
    """A check-out of stored property (for interrogation, appraisal, identification …) and its return."""

    property = models.ForeignKey(
        Property, verbose_name=_("property"), on_delete=models.CASCADE, related_name="movements"
    )
    purpose = models.CharField(_("purpose"), max_length=16, choices=MovementPurpose.choices)
    moved_out_at = models.DateTimeField(_("checked out at"))
    due_back_at = models.DateTimeField(_("due back at"), null=True, blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("property movement")
        verbose_name_plural = _("property movements")
        ordering = ["moved_out_at"]

    def __str__(self) -> str:
        return f"{self.property} {timezone.localtime(self.moved_out_at):%Y-%m-%d}"


# --------------------------------------------------------------------------------------
# Venues (办案场所) and who is in them


class Venue(models.Model):
    """A handling area (办案区) or case-handling centre."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=VenueKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="venues")
    is_active = models.BooleanField(_("in use"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["unit__path", "code"]

    def __str__(self) -> str:
        return self.name


class VenueVisit(Element):
    """A person's stay in a handling area: entry, the five entry checks, exit."""

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="visits")
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="visits"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE, related_name="visits"
    )
    arrived_at = models.DateTimeField(_("brought to the police at"), null=True, blank=True)
    entered_at = models.DateTimeField(_("entered at"), db_index=True)
    exited_at = models.DateTimeField(_("left at"), null=True, blank=True, db_index=True)
    exit_reason = models.CharField(
        _("left because"), max_length=24, choices=VisitExitReason.choices, blank=True
    )
    # The five entry checks (五项检查)
    check_identity = models.BooleanField(_("identity checked"), default=False)
    check_body = models.BooleanField(_("body safety check"), default=False)
    check_belongings = models.BooleanField(_("belongings registered"), default=False)
    check_health = models.BooleanField(_("health asked and checked"), default=False)
    check_info_collected = models.BooleanField(_("information collected"), default=False)
    checked_by = models.ForeignKey(
        Officer,
        verbose_name=_("checks done by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("checks done at"), null=True, blank=True)
    room_kind = models.CharField(_("held in"), max_length=16, choices=RoomKind.choices, blank=True)
    custodial_decision_at = models.DateTimeField(
        _("custodial decision at"),
        null=True,
        blank=True,
        help_text=_("Detention or arrest decided while the person is in the area."),
    )
    release_decision_at = models.DateTimeField(
        _("non-custodial decision at"),
        null=True,
        blank=True,
        help_text=_("Bail, surveillance, warning or fine decided: the person must be let go."),
    )
    incident_kind = models.CharField(
        _("incident in the area"), max_length=12, choices=VenueIncidentKind.choices, blank=True
    )
    incident_at = models.DateTimeField(_("incident at"), null=True, blank=True)
    incident_reported_at = models.DateTimeField(_("incident reported at"), null=True, blank=True)

    class Meta:
        verbose_name = _("venue visit")
        verbose_name_plural = _("venue visits")
        ordering = ["-entered_at"]
        indexes = [models.Index(fields=["unit", "entered_at"], name="visit_unit_entered")]

    def __str__(self) -> str:
        return f"{self.person} @ {self.venue}"

    @property
    def checks_done(self) -> int:
        return sum(
            (
                self.check_identity,
                self.check_body,
                self.check_belongings,
                self.check_health,
                self.check_info_collected,
            )
        )


class VenueMovement(Element):
    """A person taken out of the handling area and brought back (起赃、辨认 …)."""

    visit = models.ForeignKey(
        VenueVisit, verbose_name=_("visit"), on_delete=models.CASCADE, related_name="movements"
    )
    out_at = models.DateTimeField(_("taken out at"))
    back_at = models.DateTimeField(_("brought back at"), null=True, blank=True)
    purpose = models.CharField(_("purpose"), max_length=100, blank=True)
    approved_by = models.CharField(_("approved by"), max_length=50, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("venue movement")
        verbose_name_plural = _("venue movements")
        ordering = ["out_at"]

    def __str__(self) -> str:
        return f"{self.visit} {timezone.localtime(self.out_at):%H:%M}"


class QuestioningSession(Element):
    """One interrogation (讯问) or inquiry (询问): when, where, recorded, who was present."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="sessions"
    )
    visit = models.ForeignKey(
        VenueVisit,
        verbose_name=_("venue visit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    location = models.CharField(_("where"), max_length=20, choices=SessionLocation.choices)
    started_at = models.DateTimeField(_("started at"), db_index=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    av_recorded = models.BooleanField(_("audio-video recorded"), default=False)
    av_complete = models.BooleanField(_("recording complete and continuous"), default=False)
    guardian_present = models.BooleanField(_("guardian or adult present"), default=False)
    female_officer_present = models.BooleanField(_("female officer present"), default=False)
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("questioning session")
        verbose_name_plural = _("questioning sessions")
        ordering = ["started_at"]
        indexes = [models.Index(fields=["unit", "started_at"], name="session_unit_started")]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} · {self.person} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
        )


# --------------------------------------------------------------------------------------
# Case files (卷宗) and legal documents (文书)


class CaseFile(Element):
    """The file (dossier) of a case: when it was built, scanned and archived."""

    case = models.OneToOneField(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="case_file"
    )
    built_at = models.DateTimeField(_("file built at"), null=True, blank=True)
    e_file_built_at = models.DateTimeField(_("electronic file built at"), null=True, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True, db_index=True)
    volumes = models.PositiveIntegerField(_("volumes"), default=1)

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        indexes = [models.Index(fields=["unit", "updated_at"], name="casefile_unit_updated")]

    def __str__(self) -> str:
        return f"{self.case} {_('file')}"


class FileRequirement(models.Model):
    """What a complete file of a case kind must contain (editable by the legal-affairs unit)."""

    case_kind = models.CharField(_("case kind"), max_length=16, choices=CaseKind.choices)
    document_kind = models.CharField(_("document"), max_length=40, choices=DocumentKind.choices)
    condition = models.CharField(
        _("required when"),
        max_length=40,
        blank=True,
        help_text=_(
            "Empty: always. Otherwise a case flag or state, e.g. 'filed', 'has_measures', 'has_property'."
        ),
    )
    is_active = models.BooleanField(pgettext_lazy("switch", "active"), default=True)

    class Meta:
        verbose_name = _("file requirement")
        verbose_name_plural = _("file requirements")
        constraints = [
            models.UniqueConstraint(fields=["case_kind", "document_kind", "condition"], name="filereq_unique")
        ]

    def __str__(self) -> str:
        return f"{self.get_case_kind_display()}: {self.get_document_kind_display()}"


class LegalDocument(Element):
    """A legal document (文书) on any element: its kind, number, issue and service, and
    whether each required signature, seal and date is on it. Most risk points ask
    whether a document exists and when it was issued or served."""

    kind = models.CharField(_("document"), max_length=40, choices=DocumentKind.choices, db_index=True)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=DocumentDirection.choices, default=DocumentDirection.ISSUED
    )
    case = models.ForeignKey(
        Case,
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    incident = models.ForeignKey(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    measure = models.ForeignKey(
        CoerciveMeasure,
        verbose_name=_("measure"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    property = models.ForeignKey(
        Property,
        verbose_name=_("property"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="documents",
    )
    session = models.ForeignKey(
        QuestioningSession,
        verbose_name=_("questioning session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="documents",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, db_index=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    served_at = models.DateTimeField(_("served at"), null=True, blank=True)
    served_to = models.CharField(_("served to"), max_length=100, blank=True)
    recipient_kind = models.CharField(
        pgettext_lazy("served document", "recipient"),
        max_length=16,
        choices=RecipientKind.choices,
        blank=True,
    )
    service_impossible_reason = models.CharField(_("not served because"), max_length=200, blank=True)
    # Formal completeness
    signed_by_subject = models.BooleanField(_("signed by the person"), default=False)
    subject_refusal_noted = models.BooleanField(_("refusal to sign noted"), default=False)
    signed_by_officers = models.BooleanField(_("signed by the officers"), default=False)
    signed_by_witness = models.BooleanField(_("signed by a witness"), default=False)
    sealed = models.BooleanField(_("sealed"), default=False)
    dated = models.BooleanField(_("dated"), default=False)
    has_av_recording = models.BooleanField(_("audio-video recording kept"), default=False)
    late_reason = models.CharField(_("reason for delay stated"), max_length=200, blank=True)
    arrival_time_filled = models.BooleanField(_("arrival time filled in"), default=False)
    leave_time_filled = models.BooleanField(_("leaving time filled in"), default=False)
    in_file = models.BooleanField(_("attached to the file"), default=False)
    scanned = models.BooleanField(_("scanned into the electronic file"), default=False)
    is_favourable = models.BooleanField(
        _("favourable outcome"),
        null=True,
        blank=True,
        help_text=_("For decisions received: e.g. arrest approved (yes) or not (no)."),
    )

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")
        ordering = ["issued_at"]
        indexes = [
            models.Index(fields=["case", "kind"], name="document_case_kind"),
            models.Index(fields=["measure", "kind"], name="document_measure_kind"),
            models.Index(fields=["unit", "issued_at"], name="document_unit_issued"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()


# --------------------------------------------------------------------------------------
# Ingestion record


class Ingestion(models.Model):
    """One batch taken in through the API or a file: who, when, what happened to each record."""

    class Channel(models.TextChoices):
        API = "api", _("REST API")
        FILE = "file", _("File import")
        DEMO = "demo", _("Demo seed")

    class Status(models.TextChoices):
        PREVIEWED = "previewed", _("Checked, not committed")
        COMMITTED = "committed", _("Committed")
        REJECTED = "rejected", _("Rejected")
        RUNNING = "running", _("Running")

    element_type = models.CharField(_("element"), max_length=16)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    actor = models.ForeignKey(
        "supervision.User",
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    received = models.PositiveIntegerField(_("records received"), default=0)
    created = models.PositiveIntegerField(_("records created"), default=0)
    updated = models.PositiveIntegerField(_("records updated"), default=0)
    unchanged = models.PositiveIntegerField(_("records unchanged"), default=0)
    rejected = models.PositiveIntegerField(_("records rejected"), default=0)
    older = models.PositiveIntegerField(
        _("older versions ignored"),
        default=0,
        help_text=_("Records whose source version is older than the one already held; left untouched."),
    )
    progress_done = models.PositiveIntegerField(_("rows checked"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    error_count = models.PositiveIntegerField(
        _("problems found"),
        default=0,
        help_text=_("All problems found; the list keeps the first ones when there are very many."),
    )
    upload = models.FileField(
        _("uploaded file"),
        upload_to="imports/%Y/%m/",
        blank=True,
        help_text=_("The file a person uploaded: checked first, then committed from this same file."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("ingestion")
        verbose_name_plural = _("ingestions")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.element_type} {timezone.localtime(self.started_at):%Y-%m-%d %H:%M}"
