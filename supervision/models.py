from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .audit import action_label
from .choices import SUPERVISORY_KINDS, AuditSource, JobKind, JobStatus, Role, UnitKind, UnitLevel
from .job_counts import count_rows
from .querysets import ScopedQuerySet, UnitQuerySet

LEVEL_BY_DEPTH = {0: UnitLevel.CITY, 1: UnitLevel.BRANCH, 2: UnitLevel.STATION}


class Unit(models.Model):
    """A unit in the three-level tree: city bureau → branch/county bureau → station.

    ``path`` is a materialised path of primary keys (``/1/4/17/``) so that "this unit
    and everything below it" is one indexed prefix match.
    """

    code = models.CharField(_("unit code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=100)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    level = models.CharField(_("level"), max_length=10, choices=UnitLevel.choices, editable=False)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, editable=False)
    is_active = models.BooleanField(pgettext_lazy("switch", "active"), default=True)
    sort_order = models.PositiveIntegerField(_("sort order"), default=0)

    scope_field = "pk"
    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["path"]
        indexes = [models.Index(fields=["path"], name="unit_path_prefix", opclasses=["varchar_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # The path is derived data: recompute it (and the subtree's) whenever the parent moves.
        old_path = self.path
        parent_path = self.parent.path if self.parent_id else "/"
        depth = parent_path.count("/") - 1
        self.level = LEVEL_BY_DEPTH.get(depth, UnitLevel.STATION)
        if self.pk is None:
            self.path = ""
            super().save(*args, **kwargs)
            kwargs.pop("force_insert", None)
        self.path = f"{parent_path}{self.pk}/"
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in Unit.objects.filter(parent=self):
                child.save()

    def clean(self) -> None:
        depth = 0
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A unit cannot be its own ancestor.")})
            depth += 1
            ancestor = ancestor.parent
        if depth > 2:
            raise ValidationError({"parent": _("Units form three levels: city, branch, station.")})

    @property
    def display_name(self) -> str:
        return self.short_name or self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def is_supervisory(self) -> bool:
        return self.kind in SUPERVISORY_KINDS

    @property
    def bureau(self) -> Unit:
        """The bureau a supervisory office belongs to, else the unit itself."""
        if self.is_supervisory and self.parent_id:
            return self.parent
        return self


class PlatformUserManager(UserManager.from_queryset(ScopedQuerySet)):
    pass


class User(AbstractUser):
    """A person (or a machine, for API clients) who signs in. Belongs to one unit."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.OFFICER)
    officer = models.OneToOneField(
        "Officer",
        verbose_name=_("officer record"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = PlatformUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def scope_unit(self) -> Unit | None:
        """The unit whose subtree this user sees."""
        return self.unit.bureau if self.unit_id else None


class Officer(models.Model):
    """A police officer or auxiliary officer as the case-handling system knows them (警号).

    Elements name their handling officers by badge number; an officer who also signs
    in is linked to their ``User``.
    """

    badge_no = models.CharField(_("badge number"), max_length=20, unique=True)
    name = models.CharField(pgettext_lazy("person", "name"), max_length=50)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officers")
    is_auxiliary = models.BooleanField(_("auxiliary officer"), default=False)
    is_mid_level_leader = models.BooleanField(
        _("mid-level leader"),
        default=False,
        help_text=_("Assessed monthly on how they supervise cases (执法履职考评)."),
    )
    is_active = models.BooleanField(pgettext_lazy("switch", "active"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        ordering = ["unit__path", "badge_no"]

    def __str__(self) -> str:
        return f"{self.name}（{self.badge_no}）"


class AuditEventQuerySet(ScopedQuerySet):
    def update(self, **kwargs):  # pragma: no cover - guarded for every backend
        raise TypeError("The audit trail is append-only.")

    def delete(self):  # pragma: no cover
        raise TypeError("The audit trail is append-only.")


class AuditEvent(models.Model):
    """One write that went through the platform: who, when, what, before/after, from where.

    Append-only. On PostgreSQL a trigger rejects UPDATE and DELETE on this table
    (migration 0002); on every backend the model refuses to save an existing row.
    """

    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    # No database-level foreign keys: deleting a user or unit must never touch the trail.
    actor = models.ForeignKey(
        User,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    source = models.CharField(_("source"), max_length=10, choices=AuditSource.choices)
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("object type"), max_length=80, blank=True)
    target_id = models.CharField(pgettext_lazy("audit", "object id"), max_length=64, blank=True)
    target_repr = models.CharField(_("object"), max_length=255, blank=True)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    remote_addr = models.GenericIPAddressField(pgettext_lazy("network", "address"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_target"),
            models.Index(fields=["unit", "occurred_at"], name="audit_unit_time"),
        ]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")

    @property
    def action_label(self) -> str:
        """What happened, in words (the code itself when no app labels it)."""
        return action_label(self.action)


class JobRun(models.Model):
    """One run of a scheduled job for one period: the single record that the interface,
    ``/healthz`` and retries consult. Unique per (kind, period) so that a second trigger
    for the same period — two beat instances, a retry — finds this row and does nothing new.
    """

    # Not constrained to JobKind: later apps add job kinds without touching this table.
    kind = models.CharField(_("job"), max_length=30)
    period = models.CharField(_("period"), max_length=30)
    status = models.CharField(
        _("status"), max_length=10, choices=JobStatus.choices, default=JobStatus.RUNNING
    )
    triggered_by = models.CharField(_("triggered by"), max_length=10, choices=AuditSource.choices)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    heartbeat_at = models.DateTimeField(_("last heartbeat"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=1)
    progress_done = models.PositiveIntegerField(_("steps done"), default=0)
    progress_total = models.PositiveIntegerField(_("steps in all"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    options = models.JSONField(_("options"), default=dict, blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at"]
        constraints = [models.UniqueConstraint(fields=["kind", "period"], name="jobrun_one_per_period")]
        indexes = [models.Index(fields=["kind", "-started_at"], name="jobrun_kind_recent")]

    def __str__(self) -> str:
        return f"{self.kind_label} {self.period}"

    @property
    def kind_label(self) -> str:
        try:
            return str(JobKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def count_rows(self) -> list:
        """The counts as labelled rows (``supervision.job_counts``)."""
        return count_rows(self.kind, self.counts)

    @property
    def progress_percent(self) -> int:
        if not self.progress_total:
            return 100 if self.status == JobStatus.SUCCEEDED else 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def duration(self):
        end = self.finished_at or timezone.now()
        return end - self.started_at
