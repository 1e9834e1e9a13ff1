"""Risk points, the holiday calendar, warnings and their history, and the patrol's work items.

Two state axes on a warning: the *condition* (level, due time, cleared) belongs to the
patrol and is rewritten only when the data says something different; the *workflow*
(``workflow_state``) belongs to people and the rectification issue builds it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cases.choices import ElementType
from cases.models import Case
from supervision.models import JobRun, Officer, Unit, User
from supervision.querysets import ScopedQuerySet, scope_path

from .choices import (
    CalendarSource,
    ChunkStatus,
    ClearReason,
    Department,
    EventKind,
    ExemptionStatus,
    ItemKind,
    Level,
    PetitionChannel,
    Sanction,
    WarningSource,
    WorkflowAction,
    WorkflowState,
)


class AppendOnlyQuerySet(ScopedQuerySet):
    """A history that is only ever appended to."""

    def update(self, **kwargs):
        raise TypeError("This history is append-only.")

    def delete(self):
        raise TypeError("This history is append-only.")


class PlatformWideQuerySet(ScopedQuerySet):
    """Rows that belong to the whole platform (the rule catalogue, the calendar): every
    signed-in user with a scope sees all of them, a user without one sees nothing."""

    def visible_to(self, user):
        return self if scope_path(user) is not None else self.none()

    def in_unit_subtree(self, unit):
        return self


# --------------------------------------------------------------------------------------
# Holiday calendar (法定节假日 and 调休 make-up working days)


class CalendarYear(models.Model):
    """A year whose official holiday arrangement the platform knows.

    A year without a row is *unknown*: deadlines falling in it are computed on the plain
    calendar (Saturday and Sunday rest, no public holidays) and flagged on the warning.
    """

    year = models.PositiveIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=16, choices=CalendarSource.choices)
    announcement = models.TextField(_("announcement text"), blank=True)
    holiday_count = models.PositiveIntegerField(_("holidays"), default=0)
    workday_count = models.PositiveIntegerField(_("make-up working days"), default=0)
    imported_by = models.ForeignKey(
        User,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarDay(models.Model):
    """One date with everything a set-based query needs to join on: whether it is a
    working day, and the derived columns the deadline arithmetic uses.

    ``next_workday`` is the date itself when it is a working day, else the first working
    day after it (the holiday roll-over target of CPL Art. 105 ¶4). ``workday_seq``
    counts working days up to and including the date, so "the Nth working day after D"
    is the working day whose sequence is ``seq(D) + N``. ``unknown_seq`` counts days of
    unknown years the same way, so a span touches an unknown year iff the counts differ.
    ``roll_known`` is false when the date or any day up to its roll-over target lies in
    a year without an official calendar.
    """

    date = models.DateField(_("date"), primary_key=True)
    is_workday = models.BooleanField(_("working day"))
    holiday = models.CharField(_("public holiday"), max_length=40, blank=True)
    is_makeup_workday = models.BooleanField(_("make-up working day"), default=False)
    known = models.BooleanField(_("official calendar known"), default=False)
    next_workday = models.DateField(_("next working day"))
    roll_known = models.BooleanField(_("roll-over known"), default=False)
    workday_seq = models.PositiveIntegerField(_("working-day number"), db_index=True)
    unknown_seq = models.PositiveIntegerField(_("unknown-day number"), default=0)

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return self.date.isoformat()


# --------------------------------------------------------------------------------------
# Risk points: the editable part (on/off, thresholds, parameters). The definition itself
# (names, legal basis, query) is code in ``alerts.rules``.


class RiskPoint(models.Model):
    """The configuration of one risk point, edited by the legal-affairs unit.

    ``thresholds`` maps a period key (``"*"`` for any, or e.g. ``"3d"``, ``"30d"``,
    ``"8h"``) to ``{"blue": minutes|null, "yellow": minutes|null, "red": minutes}``:
    blue and yellow are how long before the due time the level starts, red is the grace
    after it. ``params`` holds the rule's own parameters (local limits, windows).
    """

    code = models.CharField(_("code"), max_length=64, unique=True)
    ref = models.CharField(_("catalogue number"), max_length=8, unique=True)
    element_type = models.CharField(_("element"), max_length=16, choices=ElementType.choices)
    enabled = models.BooleanField(_("switched on"), default=True)
    thresholds = models.JSONField(_("thresholds"), default=dict, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        User, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk point")
        verbose_name_plural = _("risk points")
        ordering = ["ref"]

    def __str__(self) -> str:
        return f"{self.ref} {self.code}"

    @property
    def definition(self):
        from .rules import registry

        return registry.get(self.code)


# --------------------------------------------------------------------------------------
# Warnings


class WarningQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(cleared_at__isnull=True)


class Warning(models.Model):
    """The one warning of the platform: a patrol finding, a human finding or a dispute lapse.

    ``fingerprint`` identifies what the warning is about — ``<risk point>:<element type>:
    <element id>`` for patrol warnings — and the database allows one *open* warning
    (``cleared_at IS NULL``) per fingerprint, whatever runs at once.
    """

    source = models.CharField(
        _("source"), max_length=12, choices=WarningSource.choices, default=WarningSource.PATROL, db_index=True
    )
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="warnings",
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=128, db_index=True)
    # What it is about (routing: unit and officer of the element).
    # A human finding or a dispute lapse may have no execution element (blank / null).
    element_type = models.CharField(_("element"), max_length=16, choices=ElementType.choices, blank=True)
    element_id = models.BigIntegerField(_("element id"), null=True, blank=True)
    element_label = models.CharField(_("element"), max_length=200, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Condition (owned by the patrol).
    level = models.CharField(
        pgettext_lazy("warning", "level"), max_length=8, choices=Level.choices, db_index=True
    )
    peak_level = models.CharField(_("highest level"), max_length=8, choices=Level.choices)
    start_at = models.DateTimeField(_("period starts"), null=True, blank=True)
    due_at = models.DateTimeField(_("due"), null=True, blank=True, db_index=True)
    late_at = models.DateTimeField(
        _("act recorded late at"),
        null=True,
        blank=True,
        help_text=_("The required act was recorded, but after the deadline."),
    )
    calendar_missing = models.BooleanField(
        _("holiday calendar missing"),
        default=False,
        help_text=_("The due date falls in a year without an official holiday calendar: verify it."),
    )
    explanation = models.JSONField(_("arithmetic"), default=list, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    level_changed_at = models.DateTimeField(_("level changed"), default=timezone.now)
    cleared_at = models.DateTimeField(_("cleared"), null=True, blank=True)
    clear_reason = models.CharField(
        _("cleared because"), max_length=20, choices=ClearReason.choices, blank=True
    )
    # Workflow (owned by people; alerts.workflow moves it).
    kind = models.CharField(
        _("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.REMINDER, db_index=True
    )
    workflow_state = models.CharField(
        _("workflow"), max_length=20, choices=WorkflowState.choices, default=WorkflowState.NEW, db_index=True
    )
    department = models.CharField(
        _("held by"), max_length=12, choices=Department.choices, default=Department.LEGAL
    )
    assignee = models.ForeignKey(
        User,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rectify_due_at = models.DateTimeField(_("rectify by"), null=True, blank=True, db_index=True)
    escalation_step = models.PositiveSmallIntegerField(_("escalation step"), default=0)
    # When the sweep must next look at the item (a reminder, an escalation); null = nothing due.
    next_action_at = models.DateTimeField(_("next action due"), null=True, blank=True)
    exempted = models.BooleanField(_("exempted"), default=False)
    closed_at = models.DateTimeField(_("closed out"), null=True, blank=True, db_index=True)
    closed_by = models.ForeignKey(
        User,
        verbose_name=_("closed out by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    regression_of = models.ForeignKey(
        "self",
        verbose_name=_("regression of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="regressions",
    )
    run = models.ForeignKey(
        JobRun,
        verbose_name=_("last changed by run"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now, db_index=True)

    objects = WarningQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning")
        verbose_name_plural = _("warnings")
        ordering = ["-updated_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["fingerprint"],
                condition=Q(cleared_at__isnull=True),
                name="warning_one_open_per_fingerprint",
            )
        ]
        indexes = [
            models.Index(fields=["risk_point", "cleared_at"], name="warning_rule_open"),
            models.Index(fields=["unit", "cleared_at", "level"], name="warning_unit_open_level"),
            models.Index(fields=["element_type", "element_id"], name="warning_element"),
            models.Index(fields=["updated_at", "id"], name="warning_feed_cursor"),
            models.Index(
                fields=["next_action_at"],
                condition=Q(next_action_at__isnull=False),
                name="warning_next_action",
            ),
            models.Index(fields=["unit", "kind", "workflow_state"], name="warning_unit_kind_state"),
        ]

    def __str__(self) -> str:
        rule = self.risk_point.ref if self.risk_point_id else self.get_source_display()
        return f"{rule} {self.element_label}"

    @property
    def is_open(self) -> bool:
        return self.cleared_at is None


class WarningEvent(models.Model):
    """One change of a warning's condition: raised, escalated, de-escalated, due changed,
    cleared, reopened. Append-only; the warning's history."""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("change"), max_length=16, choices=EventKind.choices)
    level_from = models.CharField(_("from"), max_length=8, choices=Level.choices, blank=True)
    level_to = models.CharField(
        pgettext_lazy("level change", "to"), max_length=8, choices=Level.choices, blank=True
    )
    due_at = models.DateTimeField(_("due"), null=True, blank=True)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now)
    run = models.ForeignKey(
        JobRun, verbose_name=_("run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.ForeignKey(
        User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    scope_field = "warning__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("warning change")
        verbose_name_plural = _("warning changes")
        ordering = ["occurred_at", "id"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.kind} {self.occurred_at:%Y-%m-%d %H:%M}"


# --------------------------------------------------------------------------------------
# The patrol's work items: one per risk point (× branch) of a run, completion in the DB.


class PatrolChunk(models.Model):
    """One piece of a patrol run: a risk point, optionally narrowed to a unit subtree.

    A chunk commits its warnings and its own ``done`` mark in one transaction, so a
    worker killed mid-chunk leaves nothing half-written; the run is finished by whichever
    chunk completes last (a conditional UPDATE on the run), not by a chord.
    """

    run = models.ForeignKey(JobRun, verbose_name=_("run"), on_delete=models.CASCADE, related_name="+")
    rule_code = models.CharField(_("risk point"), max_length=64)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ChunkStatus.choices, default=ChunkStatus.PENDING, db_index=True
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    worker = models.CharField(_("worker"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("patrol chunk")
        verbose_name_plural = _("patrol chunks")
        ordering = ["run", "rule_code", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["run", "rule_code", "unit"], name="patrolchunk_unique"),
            models.UniqueConstraint(
                fields=["run", "rule_code"], condition=Q(unit__isnull=True), name="patrolchunk_unique_whole"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.rule_code} {self.unit_id or ''}".strip()


# --------------------------------------------------------------------------------------
# Negative list (执法负面清单): items kept by the legal-affairs unit, hits recorded per case.


class NegativeListItem(models.Model):
    """One numbered item of the negative list and its weight in the monthly assessment."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        default=5,
        help_text=_("Points deducted in the monthly assessment for each hit."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("negative-list item")
        verbose_name_plural = _("negative-list items")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class NegativeListHit(models.Model):
    """A case that hit a negative-list item: who was responsible and what was decided."""

    item = models.ForeignKey(
        NegativeListItem, verbose_name=_("negative-list item"), on_delete=models.PROTECT, related_name="hits"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    warning = models.ForeignKey(
        Warning,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="negative_list_hits",
    )
    officers = models.ManyToManyField(Officer, verbose_name=_("officers"), blank=True, related_name="+")
    chief = models.ForeignKey(
        Officer,
        verbose_name=_("chief responsible"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sanction = models.CharField(_("sanction"), max_length=20, choices=Sanction.choices)
    sanction_note = models.CharField(_("sanction details"), max_length=200, blank=True)
    decided_on = models.DateField(_("decided on"), db_index=True)
    description = models.TextField(_("what happened"), blank=True)
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("negative-list hit")
        verbose_name_plural = _("negative-list hits")
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["unit", "decided_on"], name="neglisthit_unit_date")]

    def __str__(self) -> str:
        return f"{self.item.number} {self.decided_on}"


# --- rectification workflow (flow)
# The people's side of a warning: its history of moves, the attachments of a
# rectification, the policy that sets deadlines and escalation steps, the step-3 summons
# talk and written notice, exemptions, in-app notifications and outbound webhooks.


class WorkflowEvent(models.Model):
    """One move of a warning's workflow (notified, acknowledged, rejected, escalated …).
    Append-only: the item's history as people and the sweep made it."""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.CASCADE, related_name="workflow_events"
    )
    action = models.CharField(_("action"), max_length=20, choices=WorkflowAction.choices)
    from_state = models.CharField(_("from"), max_length=20, choices=WorkflowState.choices, blank=True)
    to_state = models.CharField(
        pgettext_lazy("state change", "to"), max_length=20, choices=WorkflowState.choices, blank=True
    )
    actor = models.ForeignKey(
        User, verbose_name=_("by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("note"), blank=True)
    escalation_step = models.PositiveSmallIntegerField(_("escalation step"), default=0)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    scope_field = "warning__unit"
    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        # Insertion order is the true order (a time-travelling sweep writes logical times).
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.action} {self.occurred_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Workflow history is append-only.")
        super().save(*args, **kwargs)


def rectification_upload_to(instance, filename: str) -> str:
    return f"rectification/{timezone.now():%Y/%m}/{instance.warning_id}/{filename}"


class RectificationAttachment(models.Model):
    """A file submitted with a rectification (a corrected document, a photo, a scan)."""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.CASCADE, related_name="attachments"
    )
    event = models.ForeignKey(
        WorkflowEvent, verbose_name=_("submitted with"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=rectification_upload_to, max_length=255)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField(_("size"))
    content_type = models.CharField(_("type"), max_length=100)
    uploaded_by = models.ForeignKey(
        User,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)

    scope_field = "warning__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification attachment")
        verbose_name_plural = _("rectification attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name


class RectificationPolicy(models.Model):
    """Deadlines and escalation steps, one row for the platform, edited by legal affairs.

    Default choice (documented in docs/workflow.md): a red problem is a breach already
    running, 3 days; yellow 5; blue 7 — the spirit of 限期整改 within a working week.
    Escalation counts from the rectification deadline: step 1 (reminder to the station
    chief) at the deadline, step 2 (listed to the branch, 挂牌通报) ``step2_after_days``
    later, step 3 (summons talk 约谈提醒 and written notice 抄告) ``step3_after_days``
    after the deadline. Reminders repeat every ``reminder_interval_hours`` while an item
    waits for acknowledgement or for a rectification.
    """

    red_days = models.PositiveSmallIntegerField(_("red: days to rectify"), default=3)
    yellow_days = models.PositiveSmallIntegerField(_("yellow: days to rectify"), default=5)
    blue_days = models.PositiveSmallIntegerField(_("blue: days to rectify"), default=7)
    reminder_interval_hours = models.PositiveSmallIntegerField(_("remind every (hours)"), default=24)
    step2_after_days = models.PositiveSmallIntegerField(
        _("list to the branch after (days overdue)"), default=3
    )
    step3_after_days = models.PositiveSmallIntegerField(_("summons talk after (days overdue)"), default=7)
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)
    updated_by = models.ForeignKey(
        User, verbose_name=_("updated by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("rectification policy")
        verbose_name_plural = _("rectification policies")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)

    def days_for(self, level: str) -> int:
        return {"red": self.red_days, "yellow": self.yellow_days}.get(level, self.blue_days)


class SummonsNotice(models.Model):
    """Step 3 of escalation: the summons-talk record (约谈提醒) and the written notice (抄告)
    the leader signs. One per escalated problem."""

    warning = models.OneToOneField(
        Warning, verbose_name=_("problem"), on_delete=models.CASCADE, related_name="summons"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("notice number"), max_length=40, unique=True)
    text = models.TextField(_("notice text"))
    created_at = models.DateTimeField(_("drawn up"), default=timezone.now)
    talk_held_at = models.DateTimeField(_("talk held"), null=True, blank=True)
    talk_note = models.TextField(_("talk record"), blank=True)
    signed_by = models.ForeignKey(
        User, verbose_name=_("signed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("summons talk and written notice")
        verbose_name_plural = _("summons talks and written notices")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class Exemption(models.Model):
    """豁免: a unit (and its subtree) exempted from a risk point, or from one element, with a
    reason and an end — a date, or until the condition clears. Exempt items stay in the
    record, are marked ``exempted`` and send nothing."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    risk_point = models.ForeignKey(
        RiskPoint,
        verbose_name=_("risk point"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    element_type = models.CharField(_("element"), max_length=16, choices=ElementType.choices, blank=True)
    element_id = models.BigIntegerField(_("element id"), null=True, blank=True)
    warning = models.ForeignKey(
        Warning,
        verbose_name=_("requested from item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    until_clears = models.BooleanField(_("until the condition clears"), default=False)
    status = models.CharField(
        _("status"), max_length=10, choices=ExemptionStatus.choices, default=ExemptionStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    approved_by = models.ForeignKey(
        User, verbose_name=_("decided by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.CharField(_("decision note"), max_length=200, blank=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["status"], name="exemption_status")]

    def __str__(self) -> str:
        what = self.risk_point.ref if self.risk_point_id else f"{self.element_type}:{self.element_id}"
        return f"{self.unit} {what}"


class Notification(models.Model):
    """An in-app message to one person about one item (the bell in the navigation bar)."""

    recipient = models.ForeignKey(
        User, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=WorkflowAction.choices)
    text = models.CharField(_("text"), max_length=300)
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            )
        ]

    def __str__(self) -> str:
        return self.text


class WebhookSubscription(models.Model):
    """An outside system that wants workflow events: filtered by level, risk point and unit
    subtree; payloads signed with HMAC-SHA256; disabled after repeated failures."""

    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128)
    levels = models.JSONField(_("levels"), default=list, blank=True, help_text=_("Empty: every level."))
    risk_points = models.ManyToManyField(
        RiskPoint, verbose_name=_("risk points"), blank=True, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit subtree"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(pgettext_lazy("switch", "active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    disabled_at = models.DateTimeField(_("disabled"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    # Editable by those who see the unit filter's subtree; one without a unit filter (the
    # whole platform) only by those who see everything.
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one subscription (the attempt log)."""

    subscription = models.ForeignKey(
        WebhookSubscription,
        verbose_name=_("subscription"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    event = models.ForeignKey(
        WorkflowEvent,
        verbose_name=_("event"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"))
    payload = models.JSONField(_("payload"))
    status_code = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    succeeded = models.BooleanField(_("delivered"), default=False)
    attempted_at = models.DateTimeField(_("attempted"), default=timezone.now)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-attempted_at", "-id"]

    def __str__(self) -> str:
        return f"{self.subscription_id} #{self.attempt} {self.status_code or self.error}"


# --- findings and negative list (feed)
# People's findings (三个监督检查): offline spot-checks (网下抽查) and petition back-checks
# (信访倒查). Each finding becomes a problem in the one warning table (source spot_check or
# petition), so the inbox, the sweep, the feed and the assessment treat it like any other.


class ChecklistItem(models.Model):
    """One point a spot-check reviewer reads a case file for. Kept by the legal-affairs unit."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class SpotCheck(models.Model):
    """An offline spot-check (网下抽查): a reproducible random sample of a unit's cases
    accepted in a period. The same unit, period, size and ``seed`` always draw the same
    cases (they are ordered by ``md5(seed || id)``), so anyone can re-draw and verify."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    sample_size = models.PositiveIntegerField(_("sample size"))
    seed = models.CharField(_("seed"), max_length=64)
    population = models.PositiveIntegerField(_("cases in the period"), default=0)
    drawn_by = models.ForeignKey(
        User, verbose_name=_("drawn by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(_("drawn"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("spot-check")
        verbose_name_plural = _("spot-checks")
        ordering = ["-drawn_at", "-id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start}–{self.period_end}"


class SpotCheckCase(models.Model):
    """One case of a spot-check's sample, in draw order."""

    spot_check = models.ForeignKey(
        SpotCheck, verbose_name=_("spot-check"), on_delete=models.CASCADE, related_name="sample"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"))
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        User,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    scope_field = "spot_check__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("sampled case")
        verbose_name_plural = _("sampled cases")
        ordering = ["spot_check", "position"]
        constraints = [
            models.UniqueConstraint(fields=["spot_check", "case"], name="spotcheckcase_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.spot_check_id} #{self.position}"


class Petition(models.Model):
    """A petition or complaint (信访) recorded and linked to its case for the back-check
    (信访倒查)."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    received_on = models.DateField(_("received on"), db_index=True)
    petitioner = models.CharField(_("petitioner"), max_length=100)
    channel = models.CharField(_("channel"), max_length=12, choices=PetitionChannel.choices)
    content = models.TextField(_("content"))
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    conclusion = models.TextField(_("back-check conclusion"), blank=True)
    back_checked_at = models.DateTimeField(_("back-checked"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("petition")
        verbose_name_plural = _("petitions")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.petitioner}"


class Finding(models.Model):
    """What a reviewer found on a sampled case or in a petition back-check. Each finding
    opens one problem (``warning``), which carries the rectification from there on."""

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    sampled_case = models.ForeignKey(
        SpotCheckCase,
        verbose_name=_("sampled case"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="findings",
    )
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("petition"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="findings",
    )
    checklist_item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("checklist item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("responsible officer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("finding"))
    warning = models.OneToOneField(
        Warning,
        verbose_name=_("problem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="finding",
    )
    recorded_by = models.ForeignKey(
        User,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sampled_case__isnull=False, petition__isnull=True)
                | Q(sampled_case__isnull=True, petition__isnull=False),
                name="finding_from_one_check",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class WarningRoute(models.Model):
    """One move of an item between the three departments that act on findings; the
    routing history (append-only, also in the audit trail)."""

    warning = models.ForeignKey(
        Warning, verbose_name=_("warning"), on_delete=models.CASCADE, related_name="routes"
    )
    from_department = models.CharField(_("from"), max_length=12, choices=Department.choices)
    to_department = models.CharField(
        pgettext_lazy("routing", "to"), max_length=12, choices=Department.choices
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    routed_by = models.ForeignKey(
        User, verbose_name=_("routed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    routed_at = models.DateTimeField(_("routed"), default=timezone.now)

    scope_field = "warning__unit"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("routing")
        verbose_name_plural = _("routings")
        ordering = ["routed_at", "id"]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.from_department}→{self.to_department}"
