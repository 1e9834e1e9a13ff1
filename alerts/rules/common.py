"""Building blocks the risk points share: who is responsible for an element, when the
earliest of several acts happened, whether a document exists — and the laws they cite.

Every helper returns a database expression, so a rule stays one set-based query.
"""

from __future__ import annotations

import datetime

from django.db.models import Case, DateTimeField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Greatest, Least, NullIf
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _

from cases.models import CaseOfficer, LegalDocument

_FAR = datetime.datetime(9999, 12, 31, tzinfo=datetime.UTC)


def lead_officer(case_ref: str = "pk"):
    """The lead handling officer of a case (else its first officer), by the case id at
    ``case_ref`` of the outer row."""
    return Subquery(
        CaseOfficer.objects.filter(case=OuterRef(case_ref))
        .order_by("-is_lead", "id")
        .values("officer_id")[:1]
    )


def earliest(*expressions):
    """The earliest of several times, ignoring missing ones (``NULL`` when all are missing).
    Written out because SQLite's ``MIN(a, b)`` is ``NULL`` as soon as one argument is."""
    resolved = [
        Coalesce(F(e) if isinstance(e, str) else e, Value(_FAR), output_field=DateTimeField())
        for e in expressions
    ]
    return NullIf(Least(*resolved), Value(_FAR), output_field=DateTimeField())


def latest_of_all(*expressions):
    """The latest of several times when *all* are recorded, else ``NULL`` (an act made of
    several steps is done when its last step is)."""
    expressions = [F(e) if isinstance(e, str) else e for e in expressions]
    return Case(
        *[When(IsNull(e, True), then=Value(None, output_field=DateTimeField())) for e in expressions],
        default=Greatest(*expressions),
        output_field=DateTimeField(),
    )


def document_time(*, field: str = "issued_at", **filters):
    """The earliest ``field`` of the legal documents matching ``filters`` (which use
    ``OuterRef`` to tie them to the outer row)."""
    return Subquery(
        LegalDocument.objects.filter(**filters, **{f"{field}__isnull": False})
        .order_by(field)
        .values(field)[:1],
        output_field=DateTimeField(),
    )


def any_document(**filters) -> Q:
    from django.db.models import Exists

    return Q(Exists(LegalDocument.objects.filter(**filters)))


# --------------------------------------------------------------------------------------
# The laws the catalogue cites (names shown to users; articles are given per rule).

CPL = _("Criminal Procedure Law (2018)")
CRIMINAL_RULES = _("Provisions on Criminal Case Procedure of Public Security Organs (Order 159, 2020)")
ADMIN_RULES = _("Provisions on Administrative Case Procedure of Public Security Organs (Order 149, 2018)")
PUBLIC_ORDER_LAW_2012 = _("Public Security Administration Punishments Law (2012)")
PUBLIC_ORDER_LAW_2026 = _(
    "Public Security Administration Punishments Law (revised 2025, in force 2026-01-01)"
)
ACCEPTANCE_OPINION = _("MPS Opinion on Reforming Case Acceptance and Filing (2015, 公通字〔2015〕32号)")
RULES_110 = _("Rules on Receiving and Handling 110 Calls (公通字〔2003〕31号)")
LOCAL_110_RULES = _("Local 110 call-handling standard")
PROPERTY_RULES = _("Provisions on the Management of Property Involved in Cases (2015)")
AREA_RULES = _("Provisions on the Use of Handling Areas of Case-handling Venues")
POLICE_LAW = _("People's Police Law (2012)")
QUESTIONING_RULES = _("Provisions on Continued Questioning (2004)")
PRACTICE = _("Local practice")

REVISED_PUBLIC_ORDER_LAW_IN_FORCE = datetime.date(2026, 1, 1)

# --- laws added by rules-r5
PROPERTY_RULES_2010 = _("Provisions on the Management of Property Involved in Cases (2010)")
BELONGINGS_RULES = _(
    "Provisions on Keeping the Personal Belongings of Persons Involved in Cases (公通字〔2012〕40号)"
)
ADMIN_COERCION_LAW = _("Administrative Coercion Law (2011)")
ADMIN_FILING_STANDARD = _("Standard for Filing Administrative Case Dossiers of Public Security Organs (2021)")
SUICHANG_PATROL_NOTICE = _("Suichang County PSB notice on online law-enforcement patrols (2019, local rule)")

# --- laws added by rules-r2
ADMIN_PENALTY_LAW = _("Administrative Penalty Law (2021)")
INJURY_CASE_RULES = _("Provisions on Handling Injury Cases by Public Security Organs (2005)")

# --- laws added by rules-r1
ECON_CRIME_RULES = _(
    "SPP and MPS Provisions on Economic Crime Cases Handled by Public Security Organs (2017)"
)

# --- laws added by rules-r4
DETENTION_HOUSE_REGULATIONS = _("Regulations on Detention Houses (2012)")
BAIL_PROVISIONS_1999 = _("Provisions on Several Issues of Bail Pending Trial (1999)")
