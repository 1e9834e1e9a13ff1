"""Vocabularies of the disputes app (矛盾纠纷). Identifiers follow the glossary."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeType(models.TextChoices):
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood dispute")
    FAMILY = "family", _("Family dispute")
    MARRIAGE = "marriage", _("Marriage or relationship dispute")
    LABOUR = "labour", _("Labour and wages dispute")
    LAND = "land", _("Land dispute")
    DEBTS = "debts", _("Debt dispute")
    CONSUMER = "consumer", _("Consumer dispute")
    TRAFFIC = "traffic", _("Traffic dispute")
    OTHER = "other", _("Other dispute")


class Consequence(models.TextChoices):
    NONE = "none", _("None")
    PROPERTY_DAMAGE = "property_damage", _("Property damage")
    INJURY = "injury", _("Minor injury")
    SERIOUS_INJURY = "serious_injury", _("Serious injury or death")
    SELF_HARM = "self_harm", _("Self-harm or threat of it")
    PUBLIC_ORDER = "public_order", _("Disturbance of public order")


class Cause(models.TextChoices):
    TRIVIAL = "trivial", _("Everyday friction")
    ECONOMIC = "economic", _("Money and economic interests")
    EMOTIONAL = "emotional", _("Emotions and relationships")
    PROPERTY_RIGHTS = "property_rights", _("Property or land rights")
    CONTRACT = "contract", _("Contract or service")
    INFRINGEMENT = "infringement", _("Infringement or damage")
    OTHER = "other", _("Other")


class DisputeStatus(models.TextChoices):
    NEW = "new", _("To assess")
    IN_PROGRESS = "in_progress", _("Being resolved")
    RESOLVED = "resolved", _("Resolved, awaiting township")
    CLOSED = "closed", _("Loop closed")


OPEN_STATUSES = (DisputeStatus.NEW, DisputeStatus.IN_PROGRESS)
UNCLOSED_STATUSES = (DisputeStatus.NEW, DisputeStatus.IN_PROGRESS, DisputeStatus.RESOLVED)


class RiskColour(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    BLUE = "blue", _("Blue")


# Red first: the order of triage lists and of every breakdown.
COLOUR_RANK = {RiskColour.RED: 0, RiskColour.YELLOW: 1, RiskColour.BLUE: 2}


class DisputeOrigin(models.TextChoices):
    INTAKE = "intake", _("Dispute incident (automatic)")
    MANUAL = "manual", _("Opened by hand")


class ChecklistKind(models.TextChoices):
    PERSONS = "persons", _("Eight must-checks on the persons (八必查)")
    RISK = "risk", _("Eight must-judgements on the risk (八必判)")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known yet")


class Factor(models.TextChoices):
    """The facts the scoring model weighs. Checklist items may feed a factor."""

    DISPUTE_TYPE = "dispute_type", _("Dispute type")
    CONSEQUENCE = "consequence", _("Consequence")
    REPEAT_CALLS = "repeat_calls", _("Repeat calls from the same parties or address")
    THREAT = "threat", _("Threats made")
    THREAT_TO_KILL = "threat_to_kill", _("Threat to kill or to die together")
    WEAPONS = "weapons", _("Weapons involved")
    FLAGGED_PARTY = "flagged_party", _("A party is a released prisoner, drug user or has a mental disorder")
    PRIOR_DISPUTES = "prior_disputes", _("A party was in earlier disputes")
    CROWD = "crowd", _("Many people involved")
    UNRESOLVED_AGE = "unresolved_age", _("Unresolved for long")
    CROSS_DEPARTMENT = "cross_department", _("Needs several departments")


# Factors a checklist answer can switch on or off (the others are numbers or classifications).
BOOLEAN_FACTORS = (
    Factor.THREAT,
    Factor.THREAT_TO_KILL,
    Factor.WEAPONS,
    Factor.FLAGGED_PARTY,
    Factor.PRIOR_DISPUTES,
    Factor.CROSS_DEPARTMENT,
    Factor.REPEAT_CALLS,
    Factor.CROWD,
)


class AutoFact(models.TextChoices):
    """Facts the platform can answer a checklist item from, before an officer does."""

    RELEASED_PRISONER = "released_prisoner", _("A party is a released prisoner")
    DRUG_USER = "drug_user", _("A party is a drug user")
    MENTAL_DISORDER = "mental_disorder", _("A party has a mental disorder with risk of harm")
    PRIOR_DISPUTES = "prior_disputes", _("A party was in earlier disputes")
    THREAT = "threat", _("The incident records threats")
    THREAT_TO_KILL = "threat_to_kill", _("The summary contains threat-to-kill language")
    WEAPONS = "weapons", _("The incident records weapons")
    REPEAT_CALLS = "repeat_calls", _("Repeat calls within the window")
    CROWD = "crowd", _("Five or more people involved")
    UNRESOLVED_AGE = "unresolved_age", _("Unresolved beyond the threshold")
    INJURY_OR_DAMAGE = "injury_or_damage", _("Injury or damage recorded")


class LinkReason(models.TextChoices):
    SAME_PARTY = "same_party", _("Same party (ID number)")
    SAME_ADDRESS = "same_address", _("Same address")
    SAME_PHONE = "same_phone", _("Same caller phone")


class VisitMethod(models.TextChoices):
    HOME = "home", _("Home visit")
    PHONE = "phone", _("Phone call")
    STATION = "station", _("At the station")
    JOINT = "joint", _("Joint visit with the township or village")


class VisitSituation(models.TextChoices):
    STABLE = "stable", _("Stable")
    EASING = "easing", _("Easing")
    UNCHANGED = "unchanged", _("Unchanged")
    WORSENING = "worsening", _("Worsening")
    SETTLED = "settled", _("Settled")


class ResolutionMethod(models.TextChoices):
    POLICE_MEDIATION = "police_mediation", _("Mediated by the police")
    PEOPLES_MEDIATION = "peoples_mediation", _("People's mediation committee")
    TOWNSHIP = "township", _("Township or village settled it")
    JUDICIAL = "judicial", _("Court, arbitration or legal channel")
    SELF_SETTLED = "self_settled", _("Parties settled it themselves")
    CASE = "case", _("Handled as a case")
    OTHER = "other", _("Other")


class NoticeReason(models.TextChoices):
    CIVIL_TO_CRIMINAL = "civil_to_criminal", _("Likely to turn civil-to-criminal (民转刑)")
    CRIMINAL_TO_HOMICIDE = "criminal_to_homicide", _("Likely to turn criminal-to-homicide (刑转命)")
    LONG_UNRESOLVED = "long_unresolved", _("Unresolved for a long time")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Awaiting approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Returned by the leader")
    DELIVERED = "delivered", _("Delivered")


class DeliveryMethod(models.TextChoices):
    CONFIDENTIAL_MAIL = "confidential_mail", _("Confidential post")
    BY_HAND = "by_hand", _("By hand")
    E_DOCUMENT = "e_document", _("Electronic document system")


class NoticeFlag(models.TextChoices):
    """Why a dispute is listed for notice (通报)."""

    LONG_UNRESOLVED = "long_unresolved", _("Unresolved for long")
    NOT_ASSESSED = "not_assessed", _("Not assessed in time")
    VISIT_OVERDUE = "visit_overdue", _("Follow-up visit long overdue")
    LOOP_OPEN = "loop_open", _("Township has not closed the loop")
