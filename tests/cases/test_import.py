"""The file import round trip: download the template, fill it in, see every problem by row
and column, fix it, commit; the same file again changes nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from cases import models as m

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, capture, slug: str, name: str, data: bytes):
    """Upload as the browser does; the check task runs eagerly when the request commits."""
    with capture(execute=True):
        response = client.post(
            reverse("cases:import"),
            {"element_type": slug, "file": SimpleUploadedFile(name, data, content_type=XLSX)},
        )
    assert response.status_code == 302, response.content[:500]
    return m.Ingestion.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))


def commit(client, capture, ingestion):
    with capture(execute=True):
        response = client.post(reverse("cases:ingestion_commit", args=[ingestion.pk]))
    assert response.status_code == 302
    ingestion.refresh_from_db()
    return ingestion


def workbook_bytes(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def person_rows(case_source_id: str) -> list[dict]:
    return [
        {
            "源系统编号": "RY-IMPORT-1",
            "案件": case_source_id,
            "身份": "被害人",
            "姓名": "林秀英",
            "身份证号": "350102198502023321",
            "性别": "女",
        },
        {
            "源系统编号": "RY-IMPORT-2",
            "案件": case_source_id,
            "身份": "证人",
            "姓名": "王建国",
            "身份证号": "35010219700101001X",
            "性别": "男",
        },
    ]


def fill(template: bytes, rows: list[dict]) -> bytes:
    """Fill the downloaded template the way a person does: the example row replaced by data."""
    book = load_workbook(io.BytesIO(template))
    sheet = book.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    sheet.delete_rows(2)
    for row in rows:
        values = []
        for header in headers:
            plain = header.lstrip("*").split("（")[0]
            values.append(row.get(plain, "S1" if plain == "办案单位" else None))
        sheet.append(values)
    return workbook_bytes(book)


def test_the_whole_round_trip(elements, client_as, django_capture_on_commit_callbacks):
    client = client_as(elements.branch_legal)
    template = client.get(reverse("cases:template", args=["persons", "xlsx"]))
    assert template.status_code == 200
    assert template["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
    book = load_workbook(io.BytesIO(template.content))
    headers = [cell.value for cell in book.worksheets[0][1]]
    assert headers[:2] == ["*源系统编号", "*办案单位（单位代码）"]
    assert "身份证号" in headers and "案件（源系统编号）" in headers
    example = [cell.value for cell in book.worksheets[0][2]]
    assert "陈志强" in example and "犯罪嫌疑人" in example  # labels, not codes
    assert book.worksheets[1].title == "填写说明"

    # 1. A file with problems: unknown case on row 2; a bad ID number and gender on row 3.
    rows = person_rows("AJ350102202603010001-s1")
    rows[0]["案件"] = "AJ-NOT-THERE"
    rows[1]["身份证号"] = "3501021970"
    rows[1]["性别"] = "不详细"
    ingestion = upload(
        client, django_capture_on_commit_callbacks, "persons", "人员.xlsx", fill(template.content, rows)
    )
    assert ingestion.status == "rejected"
    located = {(e["row"], e["column"], e["header"]) for e in ingestion.errors}
    letter = {header.lstrip("*"): chr(ord("A") + i) for i, header in enumerate(headers)}
    assert located == {
        (2, letter["案件（源系统编号）"], "案件（源系统编号）"),
        (3, letter["身份证号"], "身份证号"),
        (3, letter["性别"], "性别"),
    }
    assert m.Person.objects.filter(external_id__startswith="RY-IMPORT").count() == 0
    page = client.get(reverse("cases:ingestion", args=[ingestion.pk])).content.decode()
    assert 'data-testid="rejected"' in page and "不在您的管辖范围内" in page
    assert 'data-testid="commit"' not in page

    # 2. Fixed: a clean preview, nothing written until committed.
    ingestion = upload(
        client,
        django_capture_on_commit_callbacks,
        "persons",
        "人员.xlsx",
        fill(template.content, person_rows("AJ350102202603010001-s1")),
    )
    assert (ingestion.status, ingestion.created, ingestion.error_count) == ("previewed", 2, 0)
    assert m.Person.objects.filter(external_id__startswith="RY-IMPORT").count() == 0
    page = client.get(reverse("cases:ingestion", args=[ingestion.pk])).content.decode()
    assert 'data-testid="commit"' in page
    ingestion = commit(client, django_capture_on_commit_callbacks, ingestion)
    assert (ingestion.status, ingestion.created) == ("committed", 2)
    person = m.Person.objects.get(external_id="RY-IMPORT-2")
    assert (person.role, person.gender, person.id_number, person.unit) == (
        "witness",
        "male",
        "35010219700101001X",
        elements.s1,
    )

    # 3. The same file again: nothing to create, nothing changes.
    again = upload(
        client,
        django_capture_on_commit_callbacks,
        "persons",
        "人员.xlsx",
        fill(template.content, person_rows("AJ350102202603010001-s1")),
    )
    assert (again.status, again.created, again.updated, again.unchanged) == ("previewed", 0, 0, 2)
    assert commit(client, django_capture_on_commit_callbacks, again).unchanged == 2

    # 4. A committed file cannot be committed again.
    response = client.post(reverse("cases:ingestion_commit", args=[ingestion.pk]), follow=True)
    assert "只有校验无误的文件才能提交" in response.content.decode()


def test_a_gbk_csv_from_chinese_excel(elements, client_as, django_capture_on_commit_callbacks):
    client = client_as(elements.branch_legal)
    template = client.get(reverse("cases:template", args=["incidents", "csv"])).content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(template)))
    assert example[header.index("*警情类别")] == "纠纷"
    example[header.index("*源系统编号")] = "JQ-GBK-1"
    example[header.index("*办案单位（单位代码）")] = "S2"
    example[header.index("处警民警（警号）")] = "S2001"
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, example])
    ingestion = upload(
        client,
        django_capture_on_commit_callbacks,
        "incidents",
        "警情.csv",
        buffer.getvalue().encode("gb18030"),
    )
    assert ingestion.status == "previewed", ingestion.errors
    assert commit(client, django_capture_on_commit_callbacks, ingestion).created == 1
    incident = m.Incident.objects.get(external_id="JQ-GBK-1")
    assert (incident.unit, incident.officer.badge_no, incident.is_dispute) == (elements.s2, "S2001", True)


def test_header_problems_are_reported_by_column(elements, client_as, django_capture_on_commit_callbacks):
    data = "源系统编号,颜色\nJQ-1,红\n".encode()
    ingestion = upload(
        client_as(elements.branch_legal), django_capture_on_commit_callbacks, "incidents", "x.csv", data
    )
    assert ingestion.status == "rejected"
    by_message = {(e["row"], e["column"], e["message"]) for e in ingestion.errors if e["row"] == 1}
    assert (1, "B", "无法识别的列。") in by_message
    missing = {e["header"] for e in ingestion.errors if e["message"] == "缺少必填列。"}
    assert {"*办案单位（单位代码）", "*警情编号", "*接警时间"} <= missing


def test_a_damaged_file_is_rejected_with_a_reason(elements, client_as, django_capture_on_commit_callbacks):
    ingestion = upload(
        client_as(elements.branch_legal),
        django_capture_on_commit_callbacks,
        "cases",
        "x.xlsx",
        b"PK\x03\x04 nope",
    )
    assert ingestion.status == "rejected"
    assert ingestion.errors[0]["message"] == "无法作为 Excel 工作簿打开该文件。"


def test_the_scope_of_the_uploader_applies(elements, client_as, django_capture_on_commit_callbacks):
    """A branch's legal officer cannot import another branch's elements."""
    client = client_as(elements.branch_legal)
    template = client.get(reverse("cases:template", args=["persons", "xlsx"])).content
    rows = person_rows("AJ350102202603010001-s1")
    book = load_workbook(io.BytesIO(fill(template, rows)))
    book.worksheets[0]["B2"] = "S3"
    ingestion = upload(client, django_capture_on_commit_callbacks, "persons", "p.xlsx", workbook_bytes(book))
    assert ingestion.status == "rejected"
    assert [(e["row"], e["column"]) for e in ingestion.errors] == [(2, "B")]


def test_only_the_uploader_commits(elements, client_as, django_capture_on_commit_callbacks):
    client = client_as(elements.branch_legal)
    template = client.get(reverse("cases:template", args=["persons", "xlsx"])).content
    ingestion = upload(
        client,
        django_capture_on_commit_callbacks,
        "persons",
        "p.xlsx",
        fill(template, person_rows("AJ350102202603010001-s1")),
    )
    other = client_as(elements.city_legal)
    response = other.post(reverse("cases:ingestion_commit", args=[ingestion.pk]), follow=True)
    assert "只有上传文件的人才能提交" in response.content.decode()
    ingestion.refresh_from_db()
    assert ingestion.status == "previewed"


@pytest.mark.parametrize("persona", ["officer_s1", "chief_s1", "auditor", "leader"])
def test_importing_needs_the_capability(elements, client_as, persona):
    client = client_as(getattr(elements, persona))
    assert client.get(reverse("cases:import")).status_code == 403
    assert client.get(reverse("cases:template", args=["persons", "csv"])).status_code == 403


def test_progress_is_polled_until_done(elements, client_as):
    ingestion = m.Ingestion.objects.create(
        element_type="person",
        channel="file",
        status="running",
        actor=elements.branch_legal,
        unit=elements.b1_legal_unit,
        received=1000,
        progress_done=250,
    )
    client = client_as(elements.branch_legal)
    page = client.get(reverse("cases:ingestion", args=[ingestion.pk])).content.decode()
    assert "hx-get" in page and "25%" in page
    fragment = client.get(reverse("cases:ingestion_progress", args=[ingestion.pk]))
    assert "HX-Refresh" not in fragment
    m.Ingestion.objects.filter(pk=ingestion.pk).update(status="previewed")
    assert client.get(reverse("cases:ingestion_progress", args=[ingestion.pk]))["HX-Refresh"] == "true"
    # Another branch's user cannot see it at all.
    assert (
        client_as(elements.chief_s3).get(reverse("cases:ingestion_progress", args=[ingestion.pk])).status_code
        == 404
    )


def test_large_files_report_progress_while_they_are_checked(
    elements, client_as, django_capture_on_commit_callbacks
):
    """The check task writes rows checked as it goes (seen here through the callback)."""
    from cases import services

    client = client_as(elements.branch_legal)
    template = client.get(reverse("cases:template", args=["incidents", "csv"])).content.decode("utf-8-sig")
    header, example = list(csv.reader(io.StringIO(template)))
    key = header.index("*源系统编号")
    unit = header.index("*办案单位（单位代码）")
    officer = header.index("处警民警（警号）")
    rows = []
    for i in range(4500):
        row = list(example)
        row[key], row[unit], row[officer] = f"JQ-BULK-{i}", "S1", "S1001"
        rows.append(row)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    seen = []
    original = services._progress

    def spy(ingestion):
        report = original(ingestion)

        def wrapped(done):
            report(done)
            seen.append(m.Ingestion.objects.get(pk=ingestion.pk).progress_done)

        return wrapped

    services._progress = spy
    try:
        ingestion = upload(
            client, django_capture_on_commit_callbacks, "incidents", "big.csv", buffer.getvalue().encode()
        )
    finally:
        services._progress = original
    assert ingestion.status == "previewed" and ingestion.created == 4500
    assert seen == [2000, 4000, 4500]
