"""The demo city opens with warnings of all three colours, routed to the demo stations."""

import pytest
from django.apps import apps

from alerts.models import Warning
from supervision.models import JobRun

pytestmark = pytest.mark.django_db


def test_demo_seed_shows_every_colour():
    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    counts = apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert counts["new"] > 0
    open_warnings = Warning.objects.open()
    assert set(open_warnings.values_list("level", flat=True)) == {"blue", "yellow", "red"}
    assert {"350102510000", "350102520000", "350103510000"} <= set(
        open_warnings.values_list("unit__code", flat=True)
    )
    assert set(open_warnings.values_list("risk_point__code", flat=True)) >= {
        "property_not_stored_24h",
        "area_overstay",
        "incident_result_not_recorded",
        "arrest_request_deadline",
        "zhian_case_overdue",
        "record_signature_missing",
    }
    assert JobRun.objects.get(kind="patrol").status == "succeeded"
    # Seeding again (the cases demo present) adds nothing and the patrol writes nothing new.
    again = apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert again["new"] == 0


def test_demo_on_the_cases_demo_shows_every_colour_at_the_demo_station():
    from supervision.demo import seed as seed_city

    seed_city(scale="small")
    apps.get_app_config("cases").seed_demo(scale="small", stdout=None)
    apps.get_app_config("alerts").seed_demo(scale="small", stdout=None)
    assert not Warning.objects.filter(element_label__startswith="DEMO-ALERTS").exists()  # no fallback
    at_dongjie = Warning.objects.open().filter(unit__code="350102510000")
    assert set(at_dongjie.values_list("level", flat=True)) == {"blue", "yellow", "red"}
    # The property scenarios reach the custodian-registration and inspectorate-filing rules.
    for code in ("offsite_property_not_registered", "property_custody_filing_24h"):
        levels = set(Warning.objects.open().filter(risk_point__code=code).values_list("level", flat=True))
        assert levels == {"blue", "yellow", "red"}, code
