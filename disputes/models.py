"""Dispute records (矛盾纠纷) and everything done about them.

A dispute incident (``cases.Incident.is_dispute``) becomes a ``Dispute`` automatically; one
can also be opened by hand. Its parties are matched against the person flags of every
``cases.Person`` with the same ID number and against earlier disputes; repeat calls are
linked. The eight must-checks and eight must-judgements are answered as a checklist whose
items the legal-affairs unit configures; a versioned ``ScoringModel`` proposes a colour
that an officer confirms or overrides (``RiskAssessment``). The community officer records
follow-up visits; a dispute is resolved with an outcome and closed when the township
confirms. Major risks are escalated by a written notice (抄告) a leader approves.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.models import Incident, Person
from supervision.models import Officer, Unit
from supervision.querysets import ScopedQuerySet

from .choices import (
    Answer,
    AutoFact,
    Cause,
    ChecklistKind,
    Consequence,
    DeliveryMethod,
    DisputeOrigin,
    DisputeStatus,
    DisputeType,
    Factor,
    LinkReason,
    NoticeReason,
    NoticeStatus,
    ResolutionMethod,
    RiskColour,
    VisitMethod,
    VisitSituation,
)
from .querysets import DisputeQuerySet


class ScoringModel(models.Model):
    """One version of the risk model: weights, bands, hard triggers, threat phrases and
    follow-up intervals (see ``disputes.scoring``). Versions are never edited once
    published; a change publishes a new version, so every assessment stays explainable by
    the version it names. Exactly one version is active."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    config = models.JSONField(_("configuration"))
    is_active = models.BooleanField(pgettext_lazy("disputes", "active"), default=False)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("scoring model")
        verbose_name_plural = _("scoring models")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=Q(is_active=True), name="one_active_scoring"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.version}"


class ChecklistItem(models.Model):
    """One item of the 八必查 (on the persons) or 八必判 (on the risk) checklist.

    The official items are not public; the legal-affairs unit keeps this list. An item may
    feed a scoring factor (a "yes" switches it on) and may be answered automatically from
    the data (``auto_fact``) until an officer answers it. Items are deactivated, never
    deleted, so old answers keep their question.
    """

    kind = models.CharField(_("checklist"), max_length=10, choices=ChecklistKind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    text = models.CharField(_("question"), max_length=200)
    guidance = models.CharField(_("how to check"), max_length=300, blank=True)
    factor = models.CharField(
        _("feeds factor"),
        max_length=20,
        choices=Factor.choices,
        blank=True,
        help_text=_("A 'yes' counts here."),
    )
    auto_fact = models.CharField(
        _("answered from the data"),
        max_length=20,
        choices=AutoFact.choices,
        blank=True,
        help_text=_("Pre-answered by the platform until an officer answers."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(pgettext_lazy("disputes", "active"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["kind", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Dispute(models.Model):
    """A dispute record (一事一卷): one per dispute incident, or opened by hand."""

    unit = models.ForeignKey(Unit, verbose_name=_("station"), on_delete=models.PROTECT, related_name="+")
    incident = models.OneToOneField(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispute",
    )
    origin = models.CharField(_("origin"), max_length=10, choices=DisputeOrigin.choices)
    historical = models.BooleanField(
        _("historical record"),
        default=False,
        help_text=_("Taken in from before the platform went live, closed as the incident was disposed of."),
    )
    occurred_at = models.DateTimeField(pgettext_lazy("disputes", "reported at"), db_index=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    location_key = models.CharField(_("normalised address"), max_length=120, blank=True, db_index=True)
    caller_phone = models.CharField(_("caller phone"), max_length=20, blank=True, db_index=True)
    summary = models.TextField(pgettext_lazy("disputes", "summary"), blank=True)
    # Classification (纠纷类型、行为后果、纠纷成因)
    dispute_type = models.CharField(_("dispute type"), max_length=20, choices=DisputeType.choices, blank=True)
    consequence = models.CharField(_("consequence"), max_length=20, choices=Consequence.choices, blank=True)
    cause = models.CharField(_("cause"), max_length=20, choices=Cause.choices, blank=True)
    cause_detail = models.CharField(_("cause in words"), max_length=200, blank=True)
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("classified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty while the classification is the platform's guess."),
    )
    # Facts the risk model reads (copied from the incident, then the officer's)
    has_threat = models.BooleanField(pgettext_lazy("disputes", "threats made"), default=False)
    threat_to_kill = models.BooleanField(_("threat to kill"), default=False)
    weapons_involved = models.BooleanField(pgettext_lazy("disputes", "weapons involved"), default=False)
    crowd_size = models.PositiveIntegerField(_("people involved"), default=0)
    cross_department = models.BooleanField(_("needs several departments"), default=False)
    # Risk colour
    proposed_score = models.PositiveSmallIntegerField(_("proposed score"), default=0)
    proposed_colour = models.CharField(
        _("proposed colour"), max_length=10, choices=RiskColour.choices, blank=True
    )
    colour = models.CharField(
        _("risk colour"), max_length=10, choices=RiskColour.choices, blank=True, db_index=True
    )
    assessed_at = models.DateTimeField(_("assessed at"), null=True, blank=True)
    # Workflow
    status = models.CharField(
        _("status"), max_length=12, choices=DisputeStatus.choices, default=DisputeStatus.NEW, db_index=True
    )
    community_officer = models.ForeignKey(
        Officer,
        verbose_name=_("community officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    township = models.CharField(_("township responsible"), max_length=60, blank=True)
    next_steps = models.CharField(_("next steps"), max_length=300, blank=True)
    next_visit_due = models.DateField(_("next visit due"), null=True, blank=True, db_index=True)
    last_visit_on = models.DateField(_("last visit"), null=True, blank=True)
    # Resolution and closing the loop
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True, db_index=True)
    resolution_method = models.CharField(
        _("how it was resolved"), max_length=20, choices=ResolutionMethod.choices, blank=True
    )
    resolution_outcome = models.TextField(_("outcome"), blank=True)
    closed_on = models.DateField(_("loop closed on"), null=True, blank=True)
    township_confirmed_by = models.CharField(_("confirmed for the township by"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = DisputeQuerySet.as_manager()

    class Meta:
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["unit", "occurred_at"], name="dispute_unit_occurred"),
            models.Index(fields=["status", "next_visit_due"], name="dispute_status_due"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """JF + reported date + id: stable, readable on paper."""
        if self.pk is None:
            return "JF-"
        return f"JF{timezone.localtime(self.occurred_at):%Y%m%d}-{self.pk:05d}"

    @property
    def is_open(self) -> bool:
        return self.status in (DisputeStatus.NEW, DisputeStatus.IN_PROGRESS)

    def days_open(self, today: datetime.date | None = None) -> int:
        today = today or timezone.localdate()
        end = self.resolved_on or today
        return max(0, (end - timezone.localtime(self.occurred_at).date()).days)

    def is_visit_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == DisputeStatus.IN_PROGRESS
            and self.next_visit_due is not None
            and self.next_visit_due < today
        )


class DisputeParty(models.Model):
    """A person in a dispute, with what the key-person registers say about them.

    Parties of an intake dispute come from the incident's ``cases.Person`` rows; parties
    of a hand-opened dispute are entered. The flags are the OR over every ``cases.Person``
    record with the same ID number (data collision 数据碰撞); re-matched daily.
    """

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="parties"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    name = models.CharField(pgettext_lazy("disputes", "name"), max_length=50)
    id_number = models.CharField(_("ID number"), max_length=18, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_released_prisoner = models.BooleanField(_("released prisoner"), default=False)
    is_drug_user = models.BooleanField(_("drug user"), default=False)
    has_mental_disorder_risk = models.BooleanField(
        pgettext_lazy("disputes", "mental disorder with risk of harm"), default=False
    )
    earlier_disputes = models.PositiveIntegerField(_("earlier disputes"), default=0)
    matched_at = models.DateTimeField(_("matched at"), null=True, blank=True)

    scope_field = "dispute__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dispute", "person"], condition=Q(person__isnull=False), name="party_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_flagged(self) -> bool:
        return self.is_released_prisoner or self.is_drug_user or self.has_mental_disorder_risk


class DisputeLink(models.Model):
    """A repeat call: this dispute shares a party, an address or a caller with an earlier one."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="links"
    )
    earlier = models.ForeignKey(
        Dispute, verbose_name=_("earlier dispute"), on_delete=models.CASCADE, related_name="later_links"
    )
    reason = models.CharField(_("linked by"), max_length=20, choices=LinkReason.choices)
    created_at = models.DateTimeField(_("linked at"), default=timezone.now)

    scope_field = "dispute__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("repeat-call link")
        verbose_name_plural = _("repeat-call links")
        constraints = [
            models.UniqueConstraint(fields=["dispute", "earlier", "reason"], name="dispute_link_once"),
        ]

    def __str__(self) -> str:
        return f"{self.dispute} → {self.earlier} ({self.reason})"


class ChecklistAnswer(models.Model):
    """The answer to one checklist item for one dispute (the latest one; history is in the audit trail)."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=pgettext_lazy("disputes", "item"),
        on_delete=models.PROTECT,
        related_name="answers",
    )
    question = models.CharField(_("question as asked"), max_length=200)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when the platform answered from the data."),
    )
    answered_at = models.DateTimeField(_("answered at"), default=timezone.now)

    scope_field = "dispute__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = pgettext_lazy("disputes", "checklist answers")
        constraints = [models.UniqueConstraint(fields=["dispute", "item"], name="one_answer_per_item")]

    def __str__(self) -> str:
        return f"{self.dispute} · {self.question}: {self.answer}"

    @property
    def is_automatic(self) -> bool:
        return self.answered_by_id is None


class RiskAssessment(models.Model):
    """One assessment (研判): the proposal as the model version computed it, and the colour
    the officer confirmed — with the reason when it differs from the proposal."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="assessments"
    )
    scoring_model = models.ForeignKey(
        ScoringModel, verbose_name=_("scoring model"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveSmallIntegerField(pgettext_lazy("disputes", "score"))
    proposed_colour = models.CharField(_("proposed colour"), max_length=10, choices=RiskColour.choices)
    factors = models.JSONField(_("factors"), default=list)
    hard_triggers = models.JSONField(_("hard triggers"), default=list)
    colour = models.CharField(_("confirmed colour"), max_length=10, choices=RiskColour.choices)
    override_reason = models.TextField(_("reason for a different colour"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("assessed by"), on_delete=models.PROTECT, related_name="+"
    )
    assessed_at = models.DateTimeField(_("assessed at"), default=timezone.now)

    scope_field = "dispute__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.dispute} {self.colour} ({self.score})"

    @property
    def is_override(self) -> bool:
        return self.colour != self.proposed_colour


class FollowUpVisit(models.Model):
    """A follow-up visit (回访) by the community officer."""

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.CASCADE, related_name="visits"
    )
    visited_on = models.DateField(_("visited on"))
    method = models.CharField(_("how"), max_length=10, choices=VisitMethod.choices)
    situation = models.CharField(_("situation"), max_length=10, choices=VisitSituation.choices)
    outcome = models.TextField(_("what was found and done"))
    next_steps = models.CharField(_("next steps"), max_length=300, blank=True)
    next_due = models.DateField(_("next visit due"), null=True, blank=True)
    officer = models.ForeignKey(
        Officer, verbose_name=_("officer"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    scope_field = "dispute__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["-visited_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.dispute} {self.visited_on}"


def notice_upload_to(instance: DisputeNotice, filename: str) -> str:
    return f"disputes/notices/{timezone.localdate():%Y}/{filename}"


class DisputeNotice(models.Model):
    """A written notice (抄告) of a major dispute risk to the political-legal committee.

    Drafted after assessment by the branch, approved by a leader, generated as a PDF from
    the record at approval (the stored file is what was approved), then delivered.
    """

    dispute = models.ForeignKey(
        Dispute, verbose_name=_("dispute"), on_delete=models.PROTECT, related_name="notices"
    )
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing bureau"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(
        pgettext_lazy("disputes", "reason"), max_length=24, choices=NoticeReason.choices
    )
    recipient = models.CharField(_("to"), max_length=100)
    assessment = models.TextField(pgettext_lazy("disputes", "assessment"))
    suggestions = models.TextField(_("suggestions"))
    status = models.CharField(
        _("status"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT, db_index=True
    )
    year = models.PositiveIntegerField(pgettext_lazy("disputes", "year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("number in the year"), null=True, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("drafted by"), on_delete=models.PROTECT, related_name="+"
    )
    drafted_at = models.DateTimeField(_("drafted at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("disputes", "decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(pgettext_lazy("disputes", "decided at"), null=True, blank=True)
    decision_note = models.TextField(_("leader's note"), blank=True)
    document = models.FileField(_("document"), upload_to=notice_upload_to, blank=True)
    document_sha256 = models.CharField(_("document fingerprint"), max_length=64, blank=True)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    delivery_method = models.CharField(
        _("delivered by"), max_length=20, choices=DeliveryMethod.choices, blank=True
    )
    received_by = models.CharField(_("received by"), max_length=60, blank=True)
    delivery_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("delivery recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    scope_field = "dispute__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("written notice")
        verbose_name_plural = _("written notices")
        ordering = ["-drafted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="notice_number_once",
            )
        ]

    def __str__(self) -> str:
        return self.number or f"{self.dispute} · {self.get_status_display()}"

    @property
    def number(self) -> str:
        if not self.sequence:
            return ""
        return f"{self.issuing_unit.display_name}抄告〔{self.year}〕{self.sequence}号"
