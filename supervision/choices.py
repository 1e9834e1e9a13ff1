from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class UnitLevel(models.TextChoices):
    CITY = "city", _("City bureau")
    BRANCH = "branch", _("Branch bureau")
    STATION = "station", _("Station")


class UnitKind(models.TextChoices):
    CITY_BUREAU = "city_bureau", _("City public-security bureau")
    BRANCH_BUREAU = "branch_bureau", _("Branch bureau")
    COUNTY_BUREAU = "county_bureau", _("County bureau")
    POLICE_STATION = "police_station", _("Police station")
    BRIGADE = "brigade", _("Brigade")
    DEPARTMENT = "department", _("Department")
    LEGAL_AFFAIRS = "legal_affairs", _("Legal-affairs unit")
    CASE_CENTRE = "case_centre", _("Case-management centre")


# Functional units that supervise the bureau they belong to: their people see the
# whole bureau, not only their own office (a 法制大队 officer supervises every station).
SUPERVISORY_KINDS = frozenset({UnitKind.LEGAL_AFFAIRS, UnitKind.CASE_CENTRE})


class Role(models.TextChoices):
    OFFICER = "officer", _("Case-handling officer")
    LEGAL_OFFICER = "legal_officer", _("Legal officer")
    STATION_CHIEF = "station_chief", _("Station chief")
    LEGAL_AFFAIRS = "legal_affairs", _("Legal-affairs unit officer")
    LEADER = "leader", _("Leader")
    AUDITOR = "auditor", _("Auditor (read-only)")
    API_CLIENT = "api_client", _("API client")


class AuditSource(models.TextChoices):
    UI = "ui", _("Browser")
    API = "api", _("API")
    JOB = "job", _("Scheduled job")
    ADMIN = "admin", pgettext_lazy("admin site", "Administration")
    SYSTEM = "system", _("System")


class JobKind(models.TextChoices):
    PATROL = "patrol", _("Daily patrol")
    WEEKLY_BULLETIN = "weekly_bulletin", _("Weekly bulletin")
    MONTHLY_ASSESSMENT = "monthly_assessment", _("Monthly assessment")
    SWEEP = "sweep", _("Escalation and notification sweep")
    IMPORT = "import", _("File import")
    DISPUTE_INTAKE = "dispute_intake", _("Dispute intake and triage")
    DISPUTE_SWEEP = "dispute_sweep", _("Overdue dispute follow-up sweep")


class JobStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
