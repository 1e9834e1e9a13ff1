# --- monthly assessment (assess)
#
# The monthly assessment (月考评) freezes three things per period: the scheme it was scored
# with (a snapshot, not a reference, so later edits never touch it), the raw inputs per
# unit and per mid-level leader (numerators and denominators, not rates), and the scores
# derived from the two. ``reports.scheme.score`` recomputes a score from a stored snapshot
# and stored inputs alone; a test holds it to the stored numbers.

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from alerts.models import PlatformWideQuerySet
from supervision.models import JobRun, Officer, Unit, User
from supervision.querysets import ScopedQuerySet


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("assessment status", "Draft")
    PUBLISHED = "published", pgettext_lazy("assessment status", "Published")


class Grade(models.TextChoices):
    """The three grades of 公安部令第137号 practice."""

    EXCELLENT = "excellent", _("Excellent (优秀)")
    PASS = "pass", _("Up to standard (达标)")
    FAIL = "fail", _("Below standard (不达标)")


class SubjectKind(models.TextChoices):
    UNIT = "unit", _("Unit")
    LEADER = "leader", _("Mid-level leader")


class AssessmentScheme(models.Model):
    """One version of the scoring scheme (items, weights, caps, veto items, grade thresholds).

    Versions are never edited in place: saving the editor creates the next version and
    makes it the current one, so every assessment can name the exact rules it was scored by.
    ``definition`` is validated by ``reports.scheme.validate``.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    definition = models.JSONField(_("definition"))
    is_current = models.BooleanField(_("current"), default=False)
    note = models.CharField(_("what changed"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=Q(is_current=True), name="scheme_one_current"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"


class Assessment(models.Model):
    """The monthly assessment of one calendar month for the whole city (one per period).

    Platform-wide like the scheme: everyone with a scope sees that it exists; the scores
    inside are scoped by their unit.
    """

    period = models.CharField(_("month"), max_length=7, unique=True)  # YYYY-MM
    period_start = models.DateField(_("first day"))
    period_end = models.DateField(_("last day"))
    cutoff_at = models.DateTimeField(_("figures frozen at"))
    scheme = models.ForeignKey(
        AssessmentScheme,
        verbose_name=_("scheme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
    )
    scheme_version = models.PositiveIntegerField(_("scheme version"))
    scheme_snapshot = models.JSONField(_("scheme as used"))
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    generated_at = models.DateTimeField(_("generated"), default=timezone.now)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        User,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    run = models.ForeignKey(
        JobRun, verbose_name=_("job run"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlatformWideQuerySet.as_manager()

    class Meta:
        verbose_name = _("monthly assessment")
        verbose_name_plural = _("monthly assessments")
        ordering = ["-period"]

    def __str__(self) -> str:
        return self.period

    @property
    def is_published(self) -> bool:
        return self.status == AssessmentStatus.PUBLISHED


class AssessmentScore(models.Model):
    """The score of one unit or one mid-level leader in one assessment.

    ``inputs`` are the raw figures (counts, numerators and denominators) as frozen at the
    cut-off; ``deductions`` is ``{item key: points}``; ranks are within the subject kind
    and unit level (stations among stations, branches among branches, leaders among leaders).
    """

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    subject_kind = models.CharField(_("assessed"), max_length=8, choices=SubjectKind.choices)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    officer = models.ForeignKey(
        Officer, verbose_name=_("leader"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    level = models.CharField(_("level"), max_length=10)  # the unit's level, or "leader"
    inputs = models.JSONField(_("inputs"))
    deductions = models.JSONField(_("deductions"))
    total_deduction = models.DecimalField(_("total deduction"), max_digits=7, decimal_places=2)
    score = models.DecimalField(_("score"), max_digits=6, decimal_places=2)
    vetoed_by = models.JSONField(_("veto items hit"), default=list, blank=True)
    grade = models.CharField(_("grade"), max_length=10, choices=Grade.choices)
    rank = models.PositiveIntegerField(_("rank"))
    rank_of = models.PositiveIntegerField(_("ranked among"))
    change_month = models.DecimalField(_("change vs last month"), max_digits=6, decimal_places=2, null=True)
    change_year = models.DecimalField(
        _("change vs same month last year"), max_digits=6, decimal_places=2, null=True
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("assessment score")
        verbose_name_plural = _("assessment scores")
        ordering = ["assessment", "subject_kind", "level", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "unit"],
                condition=Q(subject_kind="unit"),
                name="assessmentscore_one_per_unit",
            ),
            models.UniqueConstraint(
                fields=["assessment", "officer"],
                condition=Q(subject_kind="leader"),
                name="assessmentscore_one_per_leader",
            ),
        ]

    def __str__(self) -> str:
        who = self.officer.name if self.officer_id else self.unit.display_name
        return f"{self.assessment.period} {who} {self.score}"
