"""Vocabularies of the alerts app. Codes are stable (they travel in the API and in
fingerprints); labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """The three colours (红黄蓝三色预警). Blue = approaching, yellow = imminent, red = breached."""

    BLUE = "blue", _("Blue (approaching)")
    YELLOW = "yellow", _("Yellow (imminent)")
    RED = "red", _("Red (breached)")


LEVEL_RANK = {Level.BLUE: 1, Level.YELLOW: 2, Level.RED: 3}


class WarningSource(models.TextChoices):
    """Where a warning comes from: patrol findings, people's findings and dispute lapses
    all live in the one warning table."""

    PATROL = "patrol", _("Daily patrol")
    SPOT_CHECK = "spot_check", _("Offline spot-check")
    PETITION = "petition", _("Petition back-check")
    DISPUTE = "dispute", _("Dispute follow-up")
    MANUAL = "manual", _("Recorded by hand")


class ItemKind(models.TextChoices):
    """Reminders (执法提醒) ask for attention before a breach; problems (执法问题) are
    breaches or findings that must be rectified and closed out (整改销号)."""

    REMINDER = "reminder", _("Reminder")
    PROBLEM = "problem", _("Problem")


class WorkflowState(models.TextChoices):
    """What people have done about a warning; the patrol never moves this axis except to
    mark an item it resolved itself (``auto_resolved``).

    A problem: new → notified → acknowledged → submitted → verified → closed; a rejected
    rectification goes back to ``acknowledged`` with the reason in its history. A reminder:
    new → notified → acknowledged, then closed or resolved by the patrol.
    """

    NEW = "new", pgettext_lazy("workflow state", "New")
    NOTIFIED = "notified", pgettext_lazy("workflow state", "Notified")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("workflow state", "Acknowledged")
    SUBMITTED = "submitted", pgettext_lazy("workflow state", "Rectification submitted")
    VERIFIED = "verified", pgettext_lazy("workflow state", "Verified")
    CLOSED = "closed", pgettext_lazy("workflow state", "Closed out")
    AUTO_RESOLVED = "auto_resolved", pgettext_lazy("workflow state", "Resolved before rectification")


# States in which an item still asks something of someone.
OPEN_WORKFLOW_STATES = frozenset(
    {
        WorkflowState.NEW,
        WorkflowState.NOTIFIED,
        WorkflowState.ACKNOWLEDGED,
        WorkflowState.SUBMITTED,
        WorkflowState.VERIFIED,
    }
)


class Department(models.TextChoices):
    """The three departments that act on findings (三个监督检查 routing)."""

    LEGAL = "legal", _("Legal affairs")
    DISCIPLINE = "discipline", _("Discipline inspection")
    PETITION = "petition", _("Petitions")


class Sanction(models.TextChoices):
    """What is decided on a negative-list hit (执法负面清单)."""

    WARNING = "warning", _("Warning (警示)")
    ADMONISHMENT = "admonishment", _("Admonishment (诫勉)")
    SELF_EXAMINATION = "self_examination", _("Ordered self-examination (责令检查)")
    OTHER = "other", _("Other")


class ClearReason(models.TextChoices):
    CONDITION_CLEARED = (
        "condition_cleared",
        _("The required act is recorded or the condition no longer holds"),
    )
    LATE = "late", _("The act was recorded after the deadline")
    RULE_DISABLED = "rule_disabled", _("The risk point was switched off")
    OUT_OF_FORCE = "out_of_force", _("The risk point is no longer in force")


class EventKind(models.TextChoices):
    """A change of a warning's condition, one row each (the condition's history)."""

    RAISED = "raised", _("Raised")
    ESCALATED = "escalated", _("Escalated")
    DE_ESCALATED = "de_escalated", _("De-escalated")
    CHANGED = "changed", _("Due time changed")
    CLEARED = "cleared", _("Cleared")
    REOPENED = "reopened", _("Reopened")


class ChunkStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class CalendarSource(models.TextChoices):
    LIBRARY = "library", _("chinese-calendar library")
    ANNOUNCEMENT = "announcement", _("State Council announcement")
    MANUAL = "manual", _("Entered by hand")


class Holiday(models.TextChoices):
    """Public holidays (法定节假日) as the calendar names them."""

    NEW_YEARS_DAY = "new_years_day", _("New Year's Day")
    SPRING_FESTIVAL = "spring_festival", _("Spring Festival")
    TOMB_SWEEPING_DAY = "tomb_sweeping_day", _("Tomb-sweeping Day")
    LABOUR_DAY = "labour_day", _("Labour Day")
    DRAGON_BOAT_FESTIVAL = "dragon_boat_festival", _("Dragon Boat Festival")
    MID_AUTUMN_FESTIVAL = "mid_autumn_festival", _("Mid-autumn Festival")
    NATIONAL_DAY = "national_day", _("National Day")
    ANTI_FASCIST_70TH_DAY = "anti_fascist_70th_day", _("Anti-Fascist War Victory 70th Anniversary")
    OTHER = "other", _("Public holiday")


class Confidence(models.TextChoices):
    """How sure the catalogue is of a rule's legal basis (risk-points.md §0)."""

    PRIMARY = "P", _("Confirmed in the primary text")
    SECONDARY = "S", _("Confirmed in a secondary source")
    UNCONFIRMED = "U", _("Unconfirmed: local practice or design assumption")


class WorkflowAction(models.TextChoices):
    """A move in an item's workflow history (and the kind of the notification it sends)."""

    NOTIFIED = "notified", _("Notified")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ASSIGNED = "assigned", _("Assigned")
    REMINDED = "reminded", _("Reminded")
    SUBMITTED = "submitted", _("Rectification submitted")
    VERIFIED = "verified", _("Rectification verified")
    REJECTED = "rejected", _("Rectification rejected")
    CLOSED = "closed", _("Closed out")
    ESCALATED = "escalated", _("Escalated")
    BECAME_PROBLEM = "became_problem", _("Became a problem")
    AUTO_RESOLVED = "auto_resolved", _("Resolved by the patrol")
    REOPENED = "reopened", _("Reopened")
    OPENED = "opened", _("Problem recorded")
    EXEMPTED = "exempted", _("Exempted")
    UNEXEMPTED = "unexempted", _("Exemption ended")


class ExemptionStatus(models.TextChoices):
    REQUESTED = "requested", _("Awaiting approval")
    APPROVED = "approved", pgettext_lazy("exemption", "In force")
    REJECTED = "rejected", _("Refused")
    ENDED = "ended", _("Ended")


# Escalation steps of an overdue problem (0 = not escalated).
ESCALATION_STEPS = {
    1: _("Reminder to the station chief"),
    2: _("Listed to the branch (挂牌通报)"),
    3: _("Summons talk and written notice (约谈提醒·抄告)"),
}


class PetitionChannel(models.TextChoices):
    """How a petition or complaint (信访) reached the bureau."""

    LETTER = "letter", _("Letter")
    VISIT = "visit", _("Visit in person")
    PHONE = "phone", _("Telephone")
    ONLINE = "online", _("Online")
    HOTLINE = "hotline", _("12345 hotline")
    REFERRED = "referred", _("Referred by another organ")
