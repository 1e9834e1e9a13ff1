"""The bulletin's life in pages: a legal-affairs officer edits the commentary and publishes;
every station chief in scope gets one delivery and acknowledges; the publisher sees who has
not; published means read-only; page, PDF and Excel show the same stored figures; and no
one reads another branch's bulletin."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from openpyxl import load_workbook

from reports.bulletins import bulletin_acknowledge, bulletin_generate, bulletin_publish
from reports.models import Bulletin, BulletinDelivery
from supervision.choices import Role
from supervision.models import AuditEvent

from ..conftest import make_user
from .bulletin_data import MONDAY

pytestmark = pytest.mark.django_db


@pytest.fixture
def city_and_b1(world, week_data):
    city, _ = bulletin_generate(publisher=world.city, monday=MONDAY)
    b1, _ = bulletin_generate(publisher=world.b1, monday=MONDAY)
    b2, _ = bulletin_generate(publisher=world.b2, monday=MONDAY)
    return city, b1, b2


def test_publish_delivers_once_to_every_station_chief_in_scope(world, city_and_b1, client_as):
    city, b1, _b2 = city_and_b1
    chief_s2 = make_user("chief_s2", Role.STATION_CHIEF, world.s2)
    client = client_as(world.city_legal)
    response = client.post(
        f"/reports/bulletins/{b1.pk}/edit/", {"commentary": "东街派出所超期整改问题突出，限3个工作日内整改。"}
    )
    assert response.status_code == 302
    assert client.post(f"/reports/bulletins/{b1.pk}/publish/").status_code == 302
    b1.refresh_from_db()
    assert b1.is_published and b1.published_by == world.city_legal
    assert set(b1.deliveries.values_list("recipient__username", flat=True)) == {"chief_s1", "chief_s2"}
    # Publishing twice is refused and delivers nothing more.
    assert client.post(f"/reports/bulletins/{b1.pk}/publish/").status_code == 409
    assert b1.deliveries.count() == 2
    # The city bulletin goes to every chief in the city.
    bulletin_publish(actor=world.city_legal, bulletin=city)
    assert set(city.deliveries.values_list("recipient__username", flat=True)) == {
        "chief_s1",
        "chief_s2",
        "chief_s3",
    }

    # The publisher sees who has not acknowledged.
    page = client.get(f"/reports/bulletins/{b1.pk}/").content.decode()
    assert "chief_s1" in page and "chief_s2" in page
    # chief_s1 acknowledges through the page.
    chief = client_as(world.chief_s1)
    assert 'data-testid="awaiting-me"' in chief.get("/reports/bulletins/").content.decode()
    assert chief.post(f"/reports/bulletins/{b1.pk}/acknowledge/").status_code == 302
    assert chief.post(f"/reports/bulletins/{b1.pk}/acknowledge/").status_code == 302  # idempotent
    delivery = BulletinDelivery.objects.get(bulletin=b1, recipient=world.chief_s1)
    assert delivery.acknowledged_at is not None
    assert AuditEvent.objects.filter(action="bulletin.acknowledge", actor=world.chief_s1).count() == 1
    publisher_view = client_as(world.city_legal).get(f"/reports/bulletins/{b1.pk}/")
    not_acked = [d.recipient.username for d in publisher_view.context["not_acknowledged"]]
    assert not_acked == ["chief_s2"]
    assert chief_s2.pk  # the one still to acknowledge


def test_published_bulletin_is_read_only(world, city_and_b1, client_as):
    _city, b1, _b2 = city_and_b1
    bulletin_publish(actor=world.city_legal, bulletin=b1)
    client = client_as(world.city_legal)
    response = client.post(f"/reports/bulletins/{b1.pk}/edit/", {"commentary": "改写"})
    assert response.status_code == 409
    b1.refresh_from_db()
    assert b1.commentary == ""
    from django.core.exceptions import ValidationError

    from reports.bulletins import bulletin_update_commentary

    with pytest.raises(ValidationError):
        bulletin_update_commentary(actor=world.city_legal, bulletin=b1, commentary="x")


def test_only_publishers_edit_and_only_recipients_acknowledge(world, city_and_b1, client_as):
    _city, b1, b2 = city_and_b1
    # A branch legal officer (no publish capability) and a station chief cannot edit.
    assert client_as(world.branch_legal).post(f"/reports/bulletins/{b1.pk}/publish/").status_code == 403
    assert (
        client_as(world.chief_s1).post(f"/reports/bulletins/{b1.pk}/edit/", {"commentary": "x"}).status_code
        == 403
    )
    bulletin_publish(actor=world.city_legal, bulletin=b2)
    # chief_s1 is not a recipient of B2's bulletin: it does not exist for them.
    assert client_as(world.chief_s1).post(f"/reports/bulletins/{b2.pk}/acknowledge/").status_code == 404
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        bulletin_acknowledge(actor=world.leader, bulletin=b2)


def test_scoping_of_every_bulletin_page(world, city_and_b1, client_as):
    city, b1, b2 = city_and_b1
    urls = ["/reports/bulletins/{}/", "/reports/bulletins/{}/pdf/", "/reports/bulletins/{}/xlsx/"]
    # Drafts: only the publisher's subtree.
    chief = client_as(world.chief_s1)
    for pk in (city.pk, b1.pk, b2.pk):
        assert chief.get(urls[0].format(pk)).status_code == 404
    assert chief.get("/reports/bulletins/").context["object_list"].count() == 0
    for b in (city, b1, b2):
        bulletin_publish(actor=world.city_legal, bulletin=b)
    # Published: the chief reads the city's and their branch's, never B2's.
    for url in urls:
        assert chief.get(url.format(city.pk)).status_code == 200
        assert chief.get(url.format(b1.pk)).status_code == 200
        assert chief.get(url.format(b2.pk)).status_code == 404
    listed = set(chief.get("/reports/bulletins/").context["object_list"])
    assert listed == {city, b1}
    # B1's legal office: the city's and its own; B2's chief: the city's and B2's.
    assert set(client_as(world.branch_legal).get("/reports/bulletins/").context["object_list"]) == {city, b1}
    assert set(client_as(world.chief_s3).get("/reports/bulletins/").context["object_list"]) == {city, b2}
    assert client_as(world.chief_s3).get(f"/reports/bulletins/{b1.pk}/").status_code == 404
    # A chief sees only their own delivery, not the list of who has not acknowledged.
    page = client_as(world.chief_s1).get(f"/reports/bulletins/{city.pk}/")
    assert page.context["deliveries"] == [] and page.context["my_delivery"].recipient == world.chief_s1


def pdf_text_and_image(data: bytes):
    pdf = pypdfium2.PdfDocument(data)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf).replace("\r\n", "")
        image = pdf[0].render(scale=1).to_pil().convert("L")
        return text, image, len(pdf)
    finally:
        pdf.close()


def test_page_pdf_and_excel_show_the_same_stored_figures(world, city_and_b1, client_as, tmp_path):
    _city, b1, _b2 = city_and_b1
    # Tamper with the stored figures: every rendering must follow them, not live data.
    figures = b1.figures
    figures["units"][0]["found"] = 777
    Bulletin.objects.filter(pk=b1.pk).update(figures=figures, commentary="请各单位限期整改。")
    client = client_as(world.city_legal)
    page = client.get(f"/reports/bulletins/{b1.pk}/").content.decode()
    assert ">777<" in page
    response = client.get(f"/reports/bulletins/{b1.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    text, image, pages = pdf_text_and_image(response.content)
    assert pages >= 1
    assert "执法监督周通报" in text and "2026年第1期" in text and "东街超期问题" in text
    assert "777" in text and "请各单位限期整改" in text
    assert len(re.findall(r"[\u4e00-\u9fff]", text)) > 200
    # The first page is not blank: a good share of its pixels is ink.
    histogram = image.histogram()
    dark = sum(histogram[:128])
    assert dark > 0.01 * image.width * image.height
    image.save(tmp_path / "bulletin.png")
    xlsx = client.get(f"/reports/bulletins/{b1.pk}/xlsx/")
    book = load_workbook(io.BytesIO(xlsx.content))
    units = book.worksheets[1]
    assert units.cell(row=2, column=3).value == 777
    assert "第1期" in book.worksheets[0]["A1"].value
