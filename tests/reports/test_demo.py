"""The demo seed of bulletins and case reviews runs on the personas' city, through the
services, and a second run adds nothing."""

import pytest

from reports import bulletin_demo
from reports.models import Bulletin, BulletinDelivery, CaseReview, CaseReviewSelection
from tests.alerts.factories import make_case

pytestmark = pytest.mark.django_db


def test_demo_bulletins_and_reviews(world):
    for _ in range(3):
        make_case(world.s1)
        make_case(world.s2)
    counts = bulletin_demo.seed(scale="small")
    assert Bulletin.objects.count() == 3 * 3  # city + two branches, three weeks
    assert Bulletin.objects.filter(status="published").count() == 6
    assert BulletinDelivery.objects.filter(acknowledged_at__isnull=False).exists()
    assert BulletinDelivery.objects.filter(acknowledged_at__isnull=True).exists()
    assert CaseReview.objects.count() == 6
    selection = CaseReviewSelection.objects.get()
    assert selection.best.total > selection.worst.total and selection.analysis
    assert counts["findings"] > 0
    again = bulletin_demo.seed(scale="small")
    assert again["bulletins"] == 0 and again["reviews"] == 0 and again["findings"] == 0
    assert Bulletin.objects.count() == 9
