"""Vocabularies of the execution elements. Codes are stable (they travel in the ingest API);
labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ElementType(models.TextChoices):
    """The element types the platform ingests and the patrol watches."""

    INCIDENT = "incident", _("Incident")
    CASE = "case", _("Case")
    PERSON = "person", _("Person")
    MEASURE = "measure", _("Coercive measure")
    PROPERTY = "property", _("Property")
    VENUE_VISIT = "venue_visit", _("Venue visit")
    CASE_FILE = "case_file", _("Case file")
    DOCUMENT = "document", _("Legal document")


# --- Incidents (警情) ------------------------------------------------------------------


class IncidentSource(models.TextChoices):
    CALL_110 = "call_110", _("110 call")
    WALK_IN = "walk_in", _("Walk-in report")
    PHONE = "phone", _("Phone to the station")
    ONLINE = "online", _("Online report")
    TRANSFER = "transfer", _("Transferred by another authority")
    PATROL = "patrol", _("Found on patrol")
    OTHER = "other", _("Other")


class IncidentCategory(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative (public order)")
    DISPUTE = "dispute", _("Dispute")
    TRAFFIC = "traffic", _("Traffic")
    ASSISTANCE = "assistance", _("Assistance")
    NON_POLICE = "non_police", _("Not a police matter")
    FALSE_ALARM = "false_alarm", _("False or nuisance call")
    OTHER = "other", _("Other")


class AreaType(models.TextChoices):
    URBAN = "urban", _("Urban")
    SUBURBAN = "suburban", _("Suburban")
    RURAL = "rural", _("Rural")


class Jurisdiction(models.TextChoices):
    OWN = "own", _("This unit's jurisdiction")
    OTHER_UNIT = "other_unit", _("Another police unit's jurisdiction")
    NON_POLICE = "non_police", _("Outside police remit")


class IncidentDisposal(models.TextChoices):
    PENDING = "pending", _("Being handled")
    RESOLVED_ON_SCENE = "resolved_on_scene", _("Resolved on the scene")
    MEDIATED = "mediated", _("Mediated")
    ACCEPTED_AS_CASE = "accepted_as_case", _("Accepted as a case")
    TRANSFERRED = "transferred", _("Transferred")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Reporter told where to go")
    NO_ACTION = "no_action", _("No action needed")


# --- Cases (案件) ------------------------------------------------------------------------


class CaseKind(models.TextChoices):
    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")


class AdminCaseType(models.TextChoices):
    """Which administrative procedure (and time limit) applies."""

    PUBLIC_ORDER = "public_order", _("Public-order (治安) case")
    OTHER_PENALTY = "other_penalty", _("Other administrative penalty case")


class CaseSource(models.TextChoices):
    INCIDENT = "incident", _("From an incident")
    REPORT = "report", _("Report or complaint")
    AGENCY_TRANSFER = "agency_transfer", _("Transferred by an administrative agency")
    PROCURATORATE = "procuratorate", _("Procuratorate notice to file")
    SELF_DISCOVERED = "self_discovered", _("Found by the police")
    SURRENDER = "surrender", _("Surrender")


class CaseStatus(models.TextChoices):
    """Where the case stands; the dated lifecycle fields say when it got there."""

    ACCEPTED = "accepted", _("Accepted")
    FILED = "filed", _("Filed")
    DECLINED = "declined", _("Filing declined")
    INVESTIGATING = "investigating", _("Under investigation")
    SUSPENDED = "suspended", _("Suspended")
    SOLVED = "solved", _("Solved")
    TRANSFERRED_FOR_PROSECUTION = "transferred_for_prosecution", _("Transferred for prosecution")
    DECIDED = "decided", _("Decided (administrative)")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TRANSFERRED_OUT = "transferred_out", _("Transferred to another organ")
    CLOSED = "closed", _("Closed")


class FilingReviewTier(models.TextChoices):
    """Time allowed to decide whether to file (受立案意见 2015; 经济犯罪 rules)."""

    STANDARD = "standard", _("Standard (3 days)")
    VERIFY_LEAD = "verify_lead", _("Lead to verify (7 days)")
    COMPLEX = "complex", _("Major or complex, county approval (30 days)")
    ECON_PREFECTURE = "econ_prefecture", _("Economic crime, prefecture approval (60 days)")


class AdminDecision(models.TextChoices):
    PENALTY = "penalty", _("Penalty")
    NO_PENALTY = "no_penalty", _("No penalty")
    TRANSFERRED = "transferred", _("Transferred")
    MEDIATED = "mediated", _("Settled by mediation")
    TERMINATED = "terminated", _("Investigation terminated")


class CaseEventKind(models.TextChoices):
    """Dated events of a case besides its lifecycle dates. ``INVESTIGATIVE`` ones count as
    investigative activity (立而不侦 / 保而不侦)."""

    INTERROGATION = "interrogation", _("Interrogation of a suspect")
    INQUIRY = "inquiry", _("Questioning of a witness or victim")
    INSPECTION = "inspection", _("Scene inspection")
    SEARCH = "search", pgettext_lazy("measure", "Search")
    EVIDENCE_COLLECTED = "evidence_collected", _("Evidence collected")
    APPRAISAL_COMMISSIONED = "appraisal_commissioned", _("Appraisal commissioned")
    APPRAISAL_RECEIVED = "appraisal_received", _("Appraisal opinion received")
    IDENTIFICATION = "identification", _("Identification")
    MEASURE_TAKEN = "measure_taken", _("Coercive measure taken")
    MEDIATION_STARTED = "mediation_started", _("Mediation started")
    MEDIATION_FAILED = "mediation_failed", _("Mediation failed")
    MEDIATION_SUCCEEDED = "mediation_succeeded", _("Mediation agreement reached")
    MEDIATION_SECOND = "mediation_second", _("Second mediation held")
    HEARING_REQUESTED = "hearing_requested", _("Hearing requested")
    HEARING_ACCEPTED = "hearing_accepted", _("Hearing request decided")
    HEARING_NOTICE = "hearing_notice", _("Hearing notice served")
    HEARING_HELD = "hearing_held", _("Hearing held")
    RECONSIDERATION_APPLIED = "reconsideration_applied", _("Reconsideration applied for")
    RECONSIDERATION_DECIDED = "reconsideration_decided", _("Reconsideration decided")
    LAWYER_MEETING_REQUESTED = "lawyer_meeting_requested", _("Defence lawyer asked to meet")
    LAWYER_MEETING_DECIDED = "lawyer_meeting_decided", _("Lawyer meeting decided")
    MEASURE_CHANGE_APPLIED = "measure_change_applied", _("Change of measure applied for")
    MEASURE_CHANGE_DECIDED = "measure_change_decided", _("Change of measure decided")
    DECISION_CONTESTED = "decision_contested", _("Unit contests a procuratorate decision")
    SUPPLEMENTARY_RETURNED = "supplementary_returned", _("Returned for supplementary investigation")
    SUPPLEMENTARY_RESUBMITTED = (
        "supplementary_resubmitted",
        _("Resubmitted after supplementary investigation"),
    )
    NEW_OFFENCE_FOUND = "new_offence_found", _("New important offence found")
    IDENTITY_ESTABLISHED = "identity_established", _("Identity established")
    OTHER = "other", _("Other")


INVESTIGATIVE_EVENT_KINDS = frozenset(
    {
        CaseEventKind.INTERROGATION,
        CaseEventKind.INQUIRY,
        CaseEventKind.INSPECTION,
        CaseEventKind.SEARCH,
        CaseEventKind.EVIDENCE_COLLECTED,
        CaseEventKind.APPRAISAL_COMMISSIONED,
        CaseEventKind.IDENTIFICATION,
        CaseEventKind.MEASURE_TAKEN,
    }
)


# --- Persons and coercive measures (人员、强制措施) -----------------------------------------


class PersonRole(models.TextChoices):
    SUSPECT = "suspect", _("Suspect")
    VIOLATOR = "violator", _("Administrative violator")
    VICTIM = "victim", _("Victim")
    WITNESS = "witness", _("Witness")
    REPORTER = "reporter", _("Reporter")
    COMPLAINANT = "complainant", _("Complainant")
    PARTY = "party", _("Party to a dispute")
    OTHER = "other", _("Other")


class Gender(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")
    UNKNOWN = "unknown", pgettext_lazy("gender", "Unknown")


class MeasureKind(models.TextChoices):
    ADMIN_SUMMONS = "admin_summons", _("Summons (administrative)")
    CRIMINAL_SUMMONS = "criminal_summons", _("Summons (criminal)")
    COMPELLED_APPEARANCE = "compelled_appearance", _("Compelled appearance")
    CONTINUED_QUESTIONING = "continued_questioning", _("On-the-spot questioning (留置盘问)")
    VERIFICATION_QUESTIONING = "verification_questioning", _("Questioning for verification (询问查证)")
    CRIMINAL_DETENTION = "criminal_detention", _("Criminal detention")
    ARREST = "arrest", _("Arrest")
    BAIL = "bail", _("Bail pending trial")
    RESIDENTIAL_SURVEILLANCE = "residential_surveillance", _("Residential surveillance")
    ADMIN_DETENTION = "admin_detention", _("Administrative detention")
    ONSITE_RESTRAINT = "onsite_restraint", _("Coercion on the spot")


CUSTODIAL_MEASURE_KINDS = frozenset(
    {
        MeasureKind.CRIMINAL_DETENTION,
        MeasureKind.ARREST,
        MeasureKind.ADMIN_DETENTION,
        MeasureKind.CONTINUED_QUESTIONING,
        MeasureKind.ADMIN_SUMMONS,
        MeasureKind.CRIMINAL_SUMMONS,
        MeasureKind.COMPELLED_APPEARANCE,
        MeasureKind.VERIFICATION_QUESTIONING,
    }
)


class LimitUnit(models.TextChoices):
    HOURS = "hours", _("hours")
    DAYS = "days", _("days")
    WORKING_DAYS = "working_days", _("working days")
    MONTHS = "months", _("months")


class DecidingOrgan(models.TextChoices):
    POLICE = "police", _("Police")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    COURT = "court", _("Court")


class MeasureEndReason(models.TextChoices):
    RELEASED = "released", _("Released")
    CHANGED = "changed", _("Changed to another measure")
    LIFTED = "lifted", _("Lifted")
    TRANSFERRED_FOR_PROSECUTION = "transferred_for_prosecution", _("Transferred for prosecution")
    SENT_TO_FACILITY = "sent_to_facility", _("Sent to a detention facility")
    EXPIRED = "expired", _("Expired")
    EXECUTED = "executed", _("Sentence or detention served")
    OTHER = "other", _("Other")


class LimitClock(models.TextChoices):
    """The statutory clocks whose versions (extensions, suspensions, restarts) are kept."""

    FILING_REVIEW = "filing_review", _("Filing review")
    ADMIN_ACCEPTANCE = "admin_acceptance", _("Administrative acceptance review")
    HANDLING = "handling", _("Case-handling period")
    ARREST_REQUEST = "arrest_request", _("Detention until arrest request")
    CUSTODY = "custody", _("Investigative custody after arrest")
    QUESTIONING = "questioning", _("Summons or questioning")
    SEIZURE = "seizure", _("Administrative seizure")
    FREEZE = "freeze", _("Freeze")
    SUPPLEMENTARY = "supplementary", _("Supplementary investigation")
    RECONSIDERATION = "reconsideration", _("Reconsideration")
    MEASURE = "measure", _("Non-custodial measure")


class LimitChangeKind(models.TextChoices):
    EXTENSION = "extension", _("Extension approved")
    SUSPENSION_START = "suspension_start", _("Clock stopped")
    SUSPENSION_END = "suspension_end", _("Clock resumed")
    RESTART = "restart", _("Clock restarted")


class LimitChangeReason(models.TextChoices):
    COMPLEX_CASE = "complex_case", _("Major or complex case")
    APPRAISAL = "appraisal", _("Appraisal (excluded from the period)")
    PSYCHIATRIC_APPRAISAL = "psychiatric_appraisal", _("Psychiatric appraisal")
    MEDIATION = "mediation", _("Mediation")
    IDENTITY_UNKNOWN = "identity_unknown", _("Identity unknown")
    NEW_OFFENCE = "new_offence", _("New important offence found")
    TRANSFER = "transfer", _("Transfer of jurisdiction")
    ROVING_SERIAL_GANG = "roving_serial_gang", _("Roving, serial or gang crime")
    RENEWAL = "renewal", _("Renewal")
    OTHER = "other", _("Other")


# --- Property (涉案财物) -----------------------------------------------------------------


class PropertyKind(models.TextChoices):
    CASH = "cash", _("Cash")
    DEPOSIT = "deposit", _("Bank deposit or remittance")
    SECURITIES = "securities", _("Securities")
    EQUITY = "equity", _("Equity, insurance or investment rights")
    VEHICLE = "vehicle", _("Vehicle")
    PHONE = "phone", _("Phone or electronic device")
    DOCUMENT = "document", _("Papers and documents")
    JEWELLERY = "jewellery", _("Jewellery and valuables")
    DRUGS = "drugs", _("Drugs")
    WEAPON = "weapon", _("Weapon or controlled knife")
    PERISHABLE = "perishable", _("Perishable goods")
    OTHER = "other", _("Other")


class SeizureKind(models.TextChoices):
    SEIZURE = "seizure", _("Seizure (扣押)")
    SEALING = "sealing", _("Sealing up (查封)")
    FREEZE = "freeze", _("Freeze (冻结)")
    PRESERVATION = "preservation", _("Registered preservation (先行登记保存)")
    RETRIEVAL = "retrieval", _("Retrieval of evidence (调取)")
    ADMIN_SEIZURE = "admin_seizure", _("Administrative seizure (行政扣押)")
    BELONGINGS = "belongings", _("Personal belongings in custody")


class PropertyStatus(models.TextChoices):
    SEIZED = "seized", _("Seized, not yet stored")
    STORED = "stored", _("Stored")
    CHECKED_OUT = "checked_out", _("Checked out")
    RETURNED = "returned", _("Returned")
    CONFISCATED = "confiscated", _("Confiscated")
    DESTROYED = "destroyed", _("Destroyed")
    SOLD = "sold", _("Sold or auctioned")
    TRANSFERRED = "transferred", _("Transferred with the case")
    RELEASED = "released", _("Freeze or sealing lifted")


class MovementPurpose(models.TextChoices):
    INTERROGATION = "interrogation", _("Interrogation")
    APPRAISAL = "appraisal", _("Appraisal")
    IDENTIFICATION = "identification", _("Identification")
    COURT = "court", _("Court or procuratorate")
    OTHER = "other", _("Other")


# --- Venues (办案场所) --------------------------------------------------------------------


class VenueKind(models.TextChoices):
    HANDLING_AREA = "handling_area", _("Handling area of a station")
    HANDLING_CENTRE = "handling_centre", _("Case-handling centre")


class VisitExitReason(models.TextChoices):
    RELEASED = "released", _("Released")
    TO_DETENTION_CENTRE = "to_detention_centre", _("Sent to a detention centre (看守所)")
    TO_DETENTION_HOUSE = "to_detention_house", _("Sent to an administrative detention house (拘留所)")
    TO_HOSPITAL = "to_hospital", _("Taken to hospital")
    TRANSFERRED = "transferred", _("Handed to another unit")
    OTHER = "other", _("Other")


class RoomKind(models.TextChoices):
    WAITING = "waiting", _("Waiting room (候问室)")
    INTERROGATION = "interrogation", _("Interrogation room")
    INQUIRY = "inquiry", _("Inquiry room")
    OTHER = "other", _("Other")


class VenueIncidentKind(models.TextChoices):
    NONE = "", _("None")
    INJURY = "injury", _("Injury")
    SELF_HARM = "self_harm", _("Self-harm")
    ESCAPE = "escape", _("Escape")
    DEATH = "death", _("Death")
    ILLNESS = "illness", _("Sudden illness")


class SessionKind(models.TextChoices):
    INTERROGATION = "interrogation", _("Interrogation (讯问)")
    INQUIRY = "inquiry", _("Inquiry (询问)")


class SessionLocation(models.TextChoices):
    HANDLING_AREA = "handling_area", _("Handling area")
    DETENTION_CENTRE = "detention_centre", _("Detention centre interrogation room")
    SCENE = "scene", _("On the scene")
    HOSPITAL = "hospital", _("Hospital")
    RESIDENCE = "residence", _("Residence or workplace")
    OTHER = "other", _("Other")


# --- Documents (文书) and case files (卷宗) -----------------------------------------------


class DocumentKind(models.TextChoices):
    # Intake
    ACCEPTANCE_RECEIPT = "acceptance_receipt", _("Acceptance receipt (受案回执)")
    NON_POLICE_NOTICE = "non_police_notice", _("Notice that the matter is not a police one")
    TRANSFER_NOTICE = "transfer_notice", _("Notice of transfer to the competent unit")
    FILING_DECISION = "filing_decision", _("Filing decision (立案决定书)")
    NO_FILING_NOTICE = "no_filing_notice", _("Notice of decision not to file")
    FILING_NOTICE_TO_REPORTER = "filing_notice_to_reporter", _("Notice of filing to the reporter")
    MATERIALS_INCOMPLETE_NOTICE = (
        "materials_incomplete_notice",
        _("Notice that transferred materials are incomplete"),
    )
    # Procuratorate
    PROCURATORATE_EXPLAIN_REQUEST = (
        "procuratorate_explain_request",
        _("Procuratorate request to explain non-filing"),
    )
    NO_FILING_EXPLANATION = "no_filing_explanation", _("Explanation of non-filing")
    PROCURATORATE_FILING_ORDER = "procuratorate_filing_order", _("Procuratorate notice to file")
    ARREST_REQUEST = "arrest_request", _("Request for approval of arrest (提请批准逮捕书)")
    ARREST_APPROVAL = "arrest_approval", _("Arrest approval")
    NO_ARREST_DECISION = "no_arrest_decision", _("Decision not to approve arrest")
    ARREST_RECONSIDERATION_REQUEST = "arrest_reconsideration_request", _("Request to reconsider non-arrest")
    ARREST_EXECUTION_RECEIPT = "arrest_execution_receipt", _("Arrest execution receipt")
    RELEASE_RECEIPT = "release_receipt", _("Release receipt after non-arrest")
    CUSTODY_EXTENSION_REQUEST = "custody_extension_request", _("Request to extend investigative custody")
    CUSTODY_EXTENSION_APPROVAL = "custody_extension_approval", _("Approval to extend investigative custody")
    CUSTODY_CHANGE_NOTICE = "custody_change_notice", _("Notice of changed custody period")
    PROSECUTION_TRANSFER = "prosecution_transfer", _("Transfer for prosecution (起诉意见书)")
    SUPPLEMENTARY_RETURN = "supplementary_return", _("Return for supplementary investigation")
    NON_PROSECUTION_DECISION = "non_prosecution_decision", _("Decision not to prosecute")
    NON_PROSECUTION_RECONSIDERATION = (
        "non_prosecution_reconsideration",
        _("Request to reconsider non-prosecution"),
    )
    # Measures and notices
    SUMMONS_CERTIFICATE = "summons_certificate", _("Summons certificate (传唤证)")
    DETENTION_WARRANT = "detention_warrant", _("Detention warrant")
    DETENTION_NOTICE = "detention_notice", _("Detention notice to family")
    ARREST_NOTICE = "arrest_notice", _("Arrest notice to family")
    FAMILY_NOTICE = "family_notice", _("Notice to family")
    RIGHTS_NOTICE = "rights_notice", _("Notice of the right to a defender")
    LEGAL_AID_NOTICE = "legal_aid_notice", _("Notice to the legal-aid agency")
    BAIL_DECISION = "bail_decision", _("Bail decision")
    RSDL_DECISION = "rsdl_decision", _("Residential surveillance decision")
    MEASURE_RELEASE = "measure_release", _("Release or lifting of a measure")
    RELEASE_CERTIFICATE = "release_certificate", _("Release certificate")
    WITHDRAWAL_NOTICE = "withdrawal_notice", _("Notice of withdrawal or termination")
    JURISDICTION_TRANSFER_NOTICE = "jurisdiction_transfer_notice", _("Notice of transfer after filing")
    LAWYER_MEETING_DECISION = "lawyer_meeting_decision", _("Decision on a lawyer's meeting request")
    MEASURE_CHANGE_DECISION = "measure_change_decision", _("Decision on changing a measure")
    FOREIGN_NATIONAL_REPORT = (
        "foreign_national_report",
        _("Report on a measure against a foreign national to the provincial bureau"),
    )
    DEPUTY_PERMISSION = (
        "deputy_permission",
        _("Permission of, or report to, the people's congress for a measure against a deputy"),
    )
    # Administrative procedure
    PENALTY_DECISION = "penalty_decision", _("Administrative penalty decision")
    ONSITE_PENALTY_DECISION = "onsite_penalty_decision", _("On-the-spot penalty decision")
    DECISION_COPY_TO_VICTIM = "decision_copy_to_victim", _("Copy of the decision to the victim")
    HEARING_NOTICE = "hearing_notice", _("Hearing notice")
    EXTENSION_APPROVAL = "extension_approval", _("Approval to extend the handling period")
    DETENTION_EXECUTION = "detention_execution", _("Administrative detention executed (收拘)")
    DETENTION_DEFERRAL = "detention_deferral", _("Deferral of administrative detention")
    ONSITE_COERCION_REPORT = "onsite_coercion_report", _("Report on on-the-spot coercion")
    # Evidence and records
    INTERROGATION_RECORD = "interrogation_record", _("Interrogation record (讯问笔录)")
    INQUIRY_RECORD = "inquiry_record", _("Inquiry record (询问笔录)")
    INSPECTION_RECORD = "inspection_record", _("Inspection record")
    SEARCH_RECORD = "search_record", _("Search record")
    SEIZURE_LIST = "seizure_list", _("Seizure list (扣押清单)")
    APPRAISAL_COMMISSION = "appraisal_commission", _("Appraisal commission")
    APPRAISAL_OPINION = "appraisal_opinion", _("Appraisal opinion")
    APPRAISAL_NOTICE = "appraisal_notice", _("Notice of the appraisal opinion")
    FREEZE_ORDER = "freeze_order", _("Freeze order")
    FREEZE_RENEWAL = "freeze_renewal", _("Freeze renewal")
    RETURN_RECEIPT = "return_receipt", _("Property return receipt")
    DISPOSAL_APPROVAL = "disposal_approval", _("Approval to sell or dispose")
    PUBLIC_NOTICE = "public_notice", _("Public notice to claim property")
    CUSTODIAN_REGISTRATION = "custodian_registration", _("Registration with the property custodian")
    INSPECTORATE_FILING = "inspectorate_filing", _("Filing with the police inspectorate")
    DEFENCE_OPINION = "defence_opinion", _("Defence lawyer's written opinion")
    OTHER = "other", _("Other document")


class DocumentDirection(models.TextChoices):
    ISSUED = "issued", _("Issued by the police")
    RECEIVED = "received", _("Received from another organ")


class RecipientKind(models.TextChoices):
    SUSPECT = "suspect", _("Suspect or violator")
    VICTIM = "victim", _("Victim")
    REPORTER = "reporter", _("Reporter or complainant")
    FAMILY = "family", _("Family")
    PROCURATORATE = "procuratorate", _("Procuratorate")
    COURT = "court", _("Court")
    AGENCY = "agency", _("Administrative agency")
    LEGAL_AID = "legal_aid", _("Legal-aid agency")
    CUSTODIAN = "custodian", _("Property custodian")
    INSPECTORATE = "inspectorate", _("Police inspectorate")
    BANK = "bank", _("Bank or institution")
    OTHER = "other", _("Other")


class FileCondition(models.TextChoices):
    """When a ``FileRequirement`` applies to a case (its ``condition``; empty = always).
    Evaluated by ``cases.selectors.case_file_completeness``."""

    ALWAYS = "", _("Always")
    HAS_COMPLAINANT = "has_complainant", _("The case has a reporter or complainant")
    FILED = "filed", _("Filed")
    DECLINED = "declined", _("Filing declined")
    WITHDRAWN = "withdrawn", _("Withdrawn or terminated")
    TRANSFERRED_FOR_PROSECUTION = "transferred_for_prosecution", _("Transferred for prosecution")
    PENALTY = "penalty", _("A penalty was decided")
    PENALTY_WITH_VICTIM = "penalty_with_victim", _("A penalty was decided and there is a victim")
    HAS_SUSPECT = "has_suspect", _("There is a suspect or violator")
    HAS_VICTIM = "has_victim", _("There is a victim")
    HAS_MEASURES = "has_measures", _("Coercive measures were taken")
    HAS_SUMMONS = "has_summons", _("Someone was summoned or compelled to appear")
    HAS_DETENTION = "has_detention", _("Someone was criminally detained")
    HAS_ARREST = "has_arrest", _("Someone was arrested")
    HAS_PROPERTY = "has_property", _("Property was seized or held")
