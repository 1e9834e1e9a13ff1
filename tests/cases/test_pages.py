"""Element pages: scoping of every list and detail page, filters, sorting, masking, the
Excel export and the case page's timeline and file completeness."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from cases import models as m
from cases.panels import _PANELS, ElementPanel, register_element_panel
from supervision.models import AuditEvent

# list route → (detail route, model, field that tells S1's element from S2's)
PAGES = {
    "incidents": ("incident", m.Incident),
    "cases": ("case", m.Case),
    "persons": ("person", m.Person),
    "measures": ("measure", m.CoerciveMeasure),
    "property_list": ("property", m.Property),
    "visits": ("visit", m.VenueVisit),
    "venues": ("venue", m.Venue),
    "sessions": ("session", m.QuestioningSession),
    "case_files": ("case_file", m.CaseFile),
    "documents": ("document", m.LegalDocument),
}


def total(response) -> int:
    return int(re.search(rb'data-testid="total">(\d+)<', response.content).group(1))


@pytest.mark.parametrize("route", PAGES)
def test_list_counts_differ_by_level(elements, client_as, route):
    counts = {}
    for user in (elements.city_legal, elements.branch_legal, elements.chief_s1):
        response = client_as(user).get(reverse(f"cases:{route}"))
        assert response.status_code == 200
        counts[user.username] = total(response)
    assert counts == {"city_legal": 3, "branch_legal": 2, "chief_s1": 1}


@pytest.mark.parametrize("route", PAGES)
def test_a_sibling_stations_element_page_is_404(elements, client_as, route):
    detail, model = PAGES[route]
    mine = model.objects.get(unit=elements.s1)
    theirs = model.objects.get(unit=elements.s2)
    client = client_as(elements.officer_s1)
    assert client.get(reverse(f"cases:{detail}", args=[mine.pk])).status_code == 200
    assert client.get(reverse(f"cases:{detail}", args=[theirs.pk])).status_code == 404


@pytest.mark.parametrize("route", PAGES)
def test_a_list_page_costs_the_same_queries_for_1_or_30_rows(elements, client_as, route):
    client = client_as(elements.city_legal)
    _detail, model = PAGES[route]

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse(f"cases:{route}")).status_code == 200
        return len(queries.captured_queries)

    few = count()
    key = "code" if model is m.Venue else "external_id"
    rows = list(model.objects.values())
    clones = [
        {**{k: v for k, v in row.items() if k != "id"}, key: f"{row[key]}-{i}"}
        for i in range(10)
        for row in rows
    ]
    if model is m.CaseFile:  # one file per case: give each clone a case of its own
        cases = m.Case.objects.bulk_create(
            [
                m.Case(
                    **{
                        **{k: v for k, v in row.items() if k != "id"},
                        "external_id": f"{row['external_id']}-{i}",
                    }
                )
                for i in range(10)
                for row in m.Case.objects.values()
            ]
        )
        for clone, case in zip(clones, cases, strict=True):
            clone["case_id"] = case.pk
    model.objects.bulk_create([model(**clone) for clone in clones])
    assert model.objects.count() == 33
    assert count() == few


def test_filters_sorting_and_pagination(elements, client_as):
    client = client_as(elements.city_legal)
    page = client.get(reverse("cases:cases"), {"unit": elements.b2.pk})
    assert total(page) == 1
    assert total(client.get(reverse("cases:cases"), {"officer": "王强"})) == 1
    assert total(client.get(reverse("cases:cases"), {"party": "陈"})) == 3
    open_cases = client.get(reverse("cases:cases"), {"open": "true"})
    assert total(open_cases) == 3
    assert b'<option value="true" selected>' in open_cases.content  # the filter shows what is applied
    assert total(client.get(reverse("cases:incidents"), {"q": "鼓楼区南后街18号"})) == 3
    numbers = re.findall(
        rb"A3501025100002026030001s\d", client.get(reverse("cases:cases"), {"sort": "-number"}).content
    )
    assert numbers[:3] == [
        b"A3501025100002026030001s3",
        b"A3501025100002026030001s2",
        b"A3501025100002026030001s1",
    ]
    assert client.get(reverse("cases:cases"), {"sort": "password"}).status_code == 200  # unknown sort ignored


def test_id_numbers_are_masked_on_pages(elements, client_as):
    person = m.Person.objects.get(unit=elements.s1)
    whole, masked = "350102199001011234", "350102********1234"
    for page in (
        reverse("cases:persons"),
        reverse("cases:person", args=[person.pk]),
        reverse("cases:case", args=[person.case_id]),
    ):
        assert whole in client_as(elements.officer_s1).get(page).content.decode()
        content = client_as(elements.chief_s1).get(page).content.decode()
        assert whole not in content and masked in content


def test_excel_export_respects_filters_scope_and_masking(elements, client_as):
    response = client_as(elements.chief_s1).get(
        reverse("cases:persons"), {"export": "xlsx", "role": "suspect"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "源系统编号" and "身份证号" in header
    assert len(rows) == 2  # S1's suspect only
    assert rows[1][header.index("身份证号")] == "350102********1234"
    assert rows[1][header.index("办案单位（单位代码）")] == "S1"
    event = AuditEvent.objects.get(action="person.export")
    assert event.changes == {"rows": 1, "truncated": False}
    assert "role=suspect" in event.note


def test_the_case_page_shows_the_whole_case_as_one_timeline(elements, client_as):
    case = m.Case.objects.get(unit=elements.s1)
    response = client_as(elements.officer_s1).get(reverse("cases:case", args=[case.pk]))
    assert response.status_code == 200
    data = response.context["case_data"]
    groups = {item.group for item in data.timeline}
    assert groups >= {
        "incident",
        "lifecycle",
        "event",
        "measure",
        "limit",
        "property",
        "venue",
        "session",
        "document",
        "file",
    }
    moments = [item.at for item in data.timeline]
    assert moments == sorted(moments)
    titles = [item.title for item in data.timeline]
    assert titles[0] == "接警"  # the incident comes first
    assert "立案时间" in titles and "刑事拘留" in titles and "进入办案区" in titles
    content = response.content.decode()
    for text in ("陈志强", "黑色华为手机一部", "东街派出所办案区", "拘留通知书", "张伟"):
        assert text in content, text
    # File completeness: the case is filed, has a suspect, a detention and property.
    states = {r.document_kind: r.state for r in data.requirements}
    assert states["detention_notice"] == "complete"
    assert states["filing_decision"] == "missing"
    assert states["acceptance_receipt"] == "missing"
    assert "prosecution_transfer" not in states  # not transferred: not required


def test_the_case_page_renders_the_panels_higher_apps_register(elements, client_as, settings):
    engine = settings.TEMPLATES[0]
    settings.TEMPLATES = [{**engine, "DIRS": [*engine["DIRS"], Path(__file__).parent / "templates"]}]
    register_element_panel(
        "case",
        ElementPanel(
            key="test", template="cases/_test_panel.html", context=lambda request, case: {"n": case.number}
        ),
    )
    try:
        case = m.Case.objects.get(unit=elements.s1)
        content = client_as(elements.officer_s1).get(reverse("cases:case", args=[case.pk])).content.decode()
    finally:
        _PANELS["case"].pop("test")
    assert 'data-testid="panel-test"' in content
    assert f"panel for {case.number}" in content


def test_elements_index_and_navigation(elements, client_as):
    response = client_as(elements.chief_s1).get(reverse("cases:index"))
    assert response.status_code == 200
    assert b'data-testid="element-sections"' in response.content
    assert reverse("cases:index").encode() in response.content  # the nav entry in base.html


def test_an_unknown_template_is_404(elements, client_as):
    client = client_as(elements.city_legal)
    assert client.get(reverse("cases:template", args=["incidents", "pdf"])).status_code == 404
    assert client.get(reverse("cases:template", args=["spaceships", "csv"])).status_code == 404


def test_admin_lists_elements_read_only_and_audits_file_requirements(elements, client):
    from supervision.models import User

    admin_user = User.objects.create_superuser("root", password="x" * 16, unit=elements.city)
    client.force_login(admin_user, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get("/admin/cases/case/").status_code == 200
    assert client.get("/admin/cases/ingestion/").status_code == 200
    case = m.Case.objects.first()
    assert client.post(f"/admin/cases/case/{case.pk}/delete/", {"post": "yes"}).status_code == 403
    requirement = m.FileRequirement.objects.get(case_kind="criminal", document_kind="filing_decision")
    response = client.post(
        f"/admin/cases/filerequirement/{requirement.pk}/change/",
        {"case_kind": "criminal", "document_kind": "filing_decision", "condition": "filed", "is_active": ""},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="filerequirement.change")
    assert event.changes == {"is_active": [True, False]}


def test_the_case_page_costs_the_same_queries_however_big_the_case(elements, client_as, officers):
    from cases.services import elements_ingest

    from .conftest import record

    case = m.Case.objects.get(unit=elements.s1)
    client = client_as(elements.officer_s1)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("cases:case", args=[case.pk])).status_code == 200
        return len(queries.captured_queries)

    before = count()
    for slug in ("persons", "measures", "property", "venue-visits", "sessions", "documents", "case-events"):
        batch = []
        for i in range(5):
            rec = record(slug, "s1", "S1", officers["S1"])
            rec["external_id"] = f"{rec['external_id']}-more{i}"
            batch.append(rec)
        assert (
            elements_ingest(actor=elements.city_legal, element_type=slug, records=batch).status == "committed"
        )
    assert m.Person.objects.filter(case=case).count() == 6
    assert count() == before
