"""The small demo: every element passes the ingestion checks and reads back unchanged,
``last_activity_at`` agrees with ingestion's own derivation, and every risk family has
blue, yellow and red examples at 东街派出所 (where the demo's station logins work)."""

from __future__ import annotations

import datetime
import io
import itertools
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from cases import ingest
from cases import models as m
from cases.demo import seed as demo_seed
from cases.selectors import element_queryset, element_rows
from supervision import demo as city
from supervision.models import Unit, User

DONGJIE = "350102510000"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeded once for the module (a few seconds) and flushed afterwards."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        # The core's and this app's seeds only (the higher apps' demos test themselves).
        city.seed(scale="small", stdout=out)
        demo_seed(scale="small", stdout=out)
        yield out.getvalue()
        call_command("flush", "--noinput", verbosity=0)
        # flush also empties what a data migration put in: the file requirements.
        import_module("cases.migrations.0003_seed_file_requirements").seed(apps, None)


def ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def windows(queryset, field: str, bounds: list[datetime.timedelta]) -> list[int]:
    """How many rows have ``field`` in each window between the given ages."""
    counts = []
    for young, old in itertools.pairwise(bounds):
        counts.append(
            queryset.filter(
                **{f"{field}__lte": timezone.now() - young, f"{field}__gt": timezone.now() - old}
            ).count()
        )
    return counts


@pytest.mark.django_db
def test_the_demo_is_valid_ingestible_data(demo):
    assert "incident" in demo
    admin = User.objects.get(username="admin")
    for slug, spec in ingest.specs().items():
        rows = list(element_rows(spec, element_queryset(spec), user=admin, limit=10**9))
        for row in rows:
            row.pop("_pk")
        plan = ingest.prepare(spec, rows, actor=None)
        assert plan.errors == [], slug
        assert plan.unchanged == len(rows) > 0, slug
    assert ingest.case_last_activity_refresh(m.Case.objects.values_list("pk", flat=True)) == 0
    # The normalised address is the address's own (repeat calls are found by it).
    assert all(
        key in location for location, key in m.Incident.objects.values_list("location", "location_key")
    )
    assert m.Ingestion.objects.filter(channel="demo", status="committed").count() == len(ingest.specs())


@pytest.mark.django_db
def test_every_risk_family_has_each_colour_at_dongjie(demo):
    unit = Unit.objects.get(code=DONGJIE)
    H, D = datetime.timedelta(hours=1), datetime.timedelta(days=1)
    cases = m.Case.objects.filter(unit=unit)
    measures = m.CoerciveMeasure.objects.filter(unit=unit, ended_at__isnull=True)
    documents = m.LegalDocument.objects.filter(unit=unit)

    # 受而不立: criminal, no decision — day 2, day 3, past day 3.
    pending = cases.filter(kind="criminal", filed_at=None, declined_at=None, filing_review_tier="standard")
    assert all(windows(pending, "accepted_at", [2 * D, 3 * D, 4 * D, 30 * D]))
    # 立而不侦: filed, nothing since — 30, 60, 90 days.
    idle = cases.filter(kind="criminal", filed_at__isnull=False, closed_at=None, withdrawn_at=None)
    idle = idle.filter(Q(last_activity_at=None) | Q(last_activity_at__lte=F("filed_at")))
    assert all(windows(idle, "filed_at", [30 * D, 60 * D, 90 * D, 200 * D]))
    # 治安案件 30 days.
    zhian = cases.filter(
        kind="administrative", admin_type="public_order", decided_at=None, is_fast_track=False
    )
    assert all(windows(zhian, "accepted_at", [23 * D, 27 * D, 30 * D, 60 * D]))
    # 拘留后提请批捕 3 days: detention running, no request.
    requested = documents.filter(kind="arrest_request").values("measure_id")
    detained = measures.filter(kind="criminal_detention").exclude(pk__in=requested)
    assert all(windows(detained, "started_at", [2 * D, 3 * D, 4 * D, 10 * D]))
    # 拘留后 24 h: not yet sent to the 看守所, family not told.
    assert all(
        windows(
            detained.filter(sent_to_facility_at=None, family_notified_at=None),
            "started_at",
            [12 * H, 20 * H, 24 * H, 48 * H],
        )
    )
    # 逮捕后两个月.
    assert all(windows(measures.filter(kind="arrest"), "started_at", [45 * D, 53 * D, 61 * D, 90 * D]))
    # 取保候审 12 months, 监视居住 6 months.
    assert all(windows(measures.filter(kind="bail"), "started_at", [335 * D, 350 * D, 366 * D, 400 * D]))
    assert all(
        windows(
            measures.filter(kind="residential_surveillance"),
            "started_at",
            [160 * D, 171 * D, 183 * D, 200 * D],
        )
    )
    # 传唤 8 h / 12 h, 继续盘问 12 h.
    assert all(windows(measures.filter(kind="admin_summons"), "started_at", [6 * H, 7 * H, 8 * H, 12 * H]))
    assert all(
        windows(measures.filter(kind="criminal_summons"), "started_at", [9 * H, 11 * H, 12 * H, 20 * H])
    )
    assert all(
        windows(measures.filter(kind="continued_questioning"), "started_at", [9 * H, 11 * H, 12 * H, 20 * H])
    )
    # 涉案财物 24 h 未入库.
    unstored = m.Property.objects.filter(unit=unit, stored_at=None, held_by_police=True, disposed_at=None)
    assert all(windows(unstored, "seized_at", [12 * H, 20 * H, 24 * H, 48 * H]))
    # 办案区滞留, and five checks not all done.
    in_area = m.VenueVisit.objects.filter(unit=unit, exited_at=None)
    assert all(windows(in_area, "entered_at", [16 * H, 20 * H, 24 * H, 48 * H]))
    assert (
        m.VenueVisit.objects.filter(unit=unit)
        .filter(
            Q(check_body=False)
            | Q(check_belongings=False)
            | Q(check_health=False)
            | Q(check_info_collected=False)
        )
        .exists()
    )
    assert m.VenueMovement.objects.filter(unit=unit, approved_by="").exists()
    # 处警结果未录入 and 回访未落实.
    unrecorded = m.Incident.objects.filter(unit=unit, disposal="resolved_on_scene", result_recorded_at=None)
    assert all(windows(unrecorded, "disposed_at", [12 * H, 20 * H, 24 * H, 48 * H]))
    no_callback = m.Incident.objects.filter(
        unit=unit, is_dispute=True, callback_at=None, disposed_at__isnull=False
    )
    assert all(windows(no_callback, "disposed_at", [2 * D, 3 * D, 4 * D, 10 * D]))
    # 纠纷警情: a flagged party, and an address calling three times in a month.
    assert m.Person.objects.filter(
        incident__unit=unit, incident__is_dispute=True, is_released_prisoner=True
    ).exists()
    repeats = (
        m.Incident.objects.filter(unit=unit, is_dispute=True, received_at__gte=ago(days=30))
        .values("location_key")
        .annotate(n=Count("pk"))
        .filter(n__gte=3)
    )
    assert repeats.exists()
    # 卷宗: records without the person's signature; closed cases not archived.
    assert documents.filter(
        kind__in=["interrogation_record", "inquiry_record"],
        signed_by_subject=False,
        subject_refusal_noted=False,
    ).exists()
    unarchived = m.CaseFile.objects.filter(unit=unit, archived_at=None, case__closed_at__isnull=False)
    assert all(windows(unarchived, "case__closed_at", [9 * D, 12 * D, 15 * D, 40 * D]))
    # 处罚决定书 not served; 未成年人 questioned without a guardian; 重大案件 without full recording.
    assert documents.filter(kind="penalty_decision", served_at=None).count() >= 3
    assert m.QuestioningSession.objects.filter(
        unit=unit, person__is_minor=True, guardian_present=False
    ).exists()
    assert m.QuestioningSession.objects.filter(
        unit=unit, case__is_major=True, kind="interrogation", av_complete=False
    ).exists()
    # 法律援助, 检察院逾期未决定, 未满16周岁继续盘问, 无关财物, 未立即放行, 办案区受伤未报.
    deaf = m.Person.objects.filter(unit=unit, is_disabled=True, has_defender=False)
    assert all(windows(deaf, "special_situation_found_at", [2 * D, 3 * D, 4 * D, 10 * D]))
    decided = ["arrest_approval", "no_arrest_decision"]
    asked = documents.filter(kind="arrest_request").exclude(measure__documents__kind__in=decided)
    assert all(windows(asked, "issued_at", [5 * D, 6 * D, 7 * D, 10 * D]))
    sixteen = timezone.localdate() - datetime.timedelta(days=16 * 365)
    young = measures.filter(kind="continued_questioning", person__birth_date__gt=sixteen)
    assert all(windows(young, "started_at", [3 * H, 3.5 * H, 4 * H, 8 * H]))
    unrelated = m.Property.objects.filter(unit=unit, returned_at=None)
    assert all(windows(unrelated, "found_unrelated_at", [2 * D, 3 * D, 4 * D, 10 * D]))
    released = in_area.filter(release_decision_at__isnull=False)
    assert all(windows(released, "release_decision_at", [0.5 * H, 1 * H, 2 * H, 5 * H]))
    assert in_area.filter(incident_kind="injury", incident_reported_at=None).exists()
