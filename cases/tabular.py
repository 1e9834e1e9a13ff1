"""Spreadsheets in and out: the import templates, reading an uploaded CSV or Excel file
into records, and writing element lists to Excel. Columns are the ingestion spec's
fields, headed in Chinese, so an export is also a valid import file."""

from __future__ import annotations

import csv
import datetime
import decimal
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from .ingest import ElementSpec, FieldSpec

MAX_FILE_ROWS = 200_000  # a year of one branch's incidents; larger files are split by month
EXPORT_MAX_ROWS = 100_000


def _plain_header(f: FieldSpec) -> str:
    """The label, plus how a reference is written: 办案单位（单位代码）, 办案民警（警号…）."""
    if f.kind == "ref":
        return f"{f.label}（{f.hint}）"
    if f.kind == "officers":
        hint = _("badge numbers")
        return f"{f.label}（{hint}）"
    return f.label


def header_of(f: FieldSpec) -> str:
    with translation.override("zh-hans"):
        return ("*" if f.required else "") + _plain_header(f)


def _normalise_header(text) -> str:
    return str(text or "").strip().lstrip("*＊").strip()


def header_lookup(spec: ElementSpec) -> dict[str, FieldSpec]:
    """Every header a column may carry: the field code, the Chinese and the English label."""
    lookup: dict[str, FieldSpec] = {}
    for f in spec.fields:
        lookup[f.name] = f
        for language in ("en", "zh-hans"):
            with translation.override(language):
                lookup.setdefault(_normalise_header(f.label), f)
                lookup.setdefault(_normalise_header(_plain_header(f)), f)
    return lookup


def _display(f: FieldSpec, value):
    """A value as a person writes it in a spreadsheet (labels for choices, 是/否)."""
    if value is None:
        return None
    if f.kind == "officers":
        return ",".join(value)
    if f.kind == "bool":
        return "是" if value else "否"
    if f.kind == "choice" and value != "":
        with translation.override("zh-hans"):
            return str(dict(f.model_field.choices).get(value, value))
    return value


# --------------------------------------------------------------------------------------
# Templates


def template_csv(spec: ElementSpec) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([header_of(f) for f in spec.fields])
    writer.writerow(["" if (v := _display(f, spec.example.get(f.name))) is None else v for f in spec.fields])
    # UTF-8 with a BOM: Excel on Windows opens it with the right characters.
    return buffer.getvalue().encode("utf-8-sig")


def template_xlsx(spec: ElementSpec) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    with translation.override("zh-hans"):
        sheet.title = spec.label[:31]
        required_fill = PatternFill("solid", fgColor="FFE8E0")
        sheet.append([header_of(f) for f in spec.fields])
        for column, f in enumerate(spec.fields, start=1):
            cell = sheet.cell(row=1, column=column)
            cell.font = Font(bold=True)
            if f.required:
                cell.fill = required_fill
            note = f"{f.name}" + (f"\n{f.hint}" if f.hint else "")
            cell.comment = Comment(note, "platform")
            sheet.column_dimensions[get_column_letter(column)].width = max(12, min(30, len(f.label) * 2 + 4))
        sheet.append([_display(f, spec.example.get(f.name)) for f in spec.fields])
        sheet.freeze_panes = "A2"

        guide = workbook.create_sheet(_("Instructions"))
        guide.append([_("Column"), _("Field"), _("Required"), _("How to fill in"), _("Allowed values")])
        for cell in guide[1]:
            cell.font = Font(bold=True)
        for f in spec.fields:
            allowed = ""
            if f.kind == "choice":
                allowed = "、".join(f"{label}（{code}）" for code, label in f.model_field.choices if code)
            help_text = str(getattr(f.model_field, "help_text", "") or "")
            how = "；".join(t for t in (f.hint, help_text) if t)
            guide.append([f.label, f.name, _("yes") if f.required else "", how, allowed])
        guide.append([])
        guide.append([_("Delete the example row before uploading. Times without a zone are Beijing time.")])
        for letter, width in zip("ABCDE", (22, 22, 8, 50, 80), strict=True):
            guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------------------
# Reading an upload


@dataclass
class Table:
    records: list[dict] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)  # spreadsheet row number of each record
    columns: dict[str, tuple[str, str]] = field(default_factory=dict)  # field → (letter, header)
    errors: list[dict] = field(default_factory=list)  # problems with the file itself


class FileUnreadable(Exception):
    pass


def read_table(spec: ElementSpec, name: str, data: bytes) -> Table:
    """Records from an uploaded CSV or Excel file; header problems are reported by column."""
    lower = name.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    elif lower.endswith((".csv", ".txt")):
        rows = _csv_rows(data)
    else:
        raise FileUnreadable(_("Upload a .csv or .xlsx file."))
    table = Table()
    try:
        header = next(rows)
    except StopIteration:
        raise FileUnreadable(_("The file is empty.")) from None
    lookup = header_lookup(spec)
    mapping: list[FieldSpec | None] = []
    for position, text in enumerate(header, start=1):
        letter = get_column_letter(position)
        label = _normalise_header(text)
        if not label:
            mapping.append(None)
            continue
        f = lookup.get(label)
        if f is None:
            table.errors.append(
                {"row": 1, "column": letter, "header": label, "field": "", "message": _("Unknown column.")}
            )
        elif f.name in table.columns:
            table.errors.append(
                {
                    "row": 1,
                    "column": letter,
                    "header": label,
                    "field": f.name,
                    "message": _("Duplicate column."),
                }
            )
            f = None
        else:
            table.columns[f.name] = (letter, label)
        mapping.append(f)
    for f in spec.fields:
        if f.required and f.name not in table.columns:
            table.errors.append(
                {
                    "row": 1,
                    "column": "",
                    "header": header_of(f),
                    "field": f.name,
                    "message": _("Required column is missing."),
                }
            )
    for row_number, values in enumerate(rows, start=2):
        record = {}
        for f, value in zip(mapping, values, strict=False):
            if f is None or value is None or (isinstance(value, str) and not value.strip()):
                continue
            record[f.name] = value
        if record:
            table.records.append(record)
            table.rows.append(row_number)
            if len(table.records) > MAX_FILE_ROWS:
                raise FileUnreadable(
                    _("The file has more than %(max)s rows; split it (e.g. by month).")
                    % {"max": MAX_FILE_ROWS}
                )
    return table


def _csv_rows(data: bytes) -> Iterator[list]:
    # Excel on Chinese Windows saves CSV as GB18030 (GBK); everything else is UTF-8.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise FileUnreadable(_("The file is neither UTF-8 nor GBK text."))
    return iter(csv.reader(io.StringIO(text)))


def _xlsx_rows(data: bytes) -> Iterator[list]:
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise FileUnreadable(_("The file could not be opened as an Excel workbook.")) from exc
    sheet = workbook.worksheets[0]
    return (list(row) for row in sheet.iter_rows(values_only=True))


def locate_errors(table: Table, errors: Iterable[dict]) -> list[dict]:
    """Turn record-index errors from the engine into spreadsheet row and column."""
    located = []
    for error in errors:
        index = error.get("index")
        letter, header = table.columns.get(error.get("field") or "", ("", ""))
        located.append(
            {
                "row": table.rows[index] if index is not None and index < len(table.rows) else None,
                "column": letter,
                "header": header or error.get("field", ""),
                "field": error.get("field", ""),
                "external_id": error.get("external_id", ""),
                "message": error["message"],
            }
        )
    return located


# --------------------------------------------------------------------------------------
# Export


def _cell(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, decimal.Decimal):
        return float(value)
    return value


def export_xlsx(
    spec: ElementSpec, rows: Iterable[dict], *, truncated_note: str = ""
) -> tempfile.SpooledTemporaryFile:
    """Write rows (dicts keyed by field name) in the import format to a temporary file.

    openpyxl's write-only mode keeps memory flat however many rows there are; the file is
    then streamed to the browser."""
    workbook = Workbook(write_only=True)
    with translation.override("zh-hans"):
        sheet = workbook.create_sheet(spec.label[:31])
        sheet.append([header_of(f).lstrip("*") for f in spec.fields])
        for row in rows:
            sheet.append([_cell(_display(f, row.get(f.name))) for f in spec.fields])
        if truncated_note:
            sheet.append([truncated_note])
    # Returned open: the response streams it and closes it when the download ends.
    output = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)  # noqa: SIM115
    workbook.save(output)
    output.seek(0)
    return output
