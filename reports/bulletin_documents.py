"""The weekly bulletin as a page, a PDF and an Excel workbook — all three from the figures
stored on the bulletin (``Bulletin.figures``), never from live data, so copies agree."""

from __future__ import annotations

import io

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from alerts.choices import Level, Sanction

from .bulletin_figures import ASPECTS_LOWER_IS_BETTER
from .models import Bulletin

ASPECT_LABELS = {
    "incidents": gettext_lazy("Incidents received"),
    "cases_accepted": gettext_lazy("Cases accepted"),
    "criminal_filed": gettext_lazy("Criminal cases filed"),
    "admin_closed": gettext_lazy("Administrative cases closed"),
    "admin_unclosed_30d": gettext_lazy("Administrative cases open over 30 days"),
    "measures": gettext_lazy("Coercive measures taken"),
    "property_stored": gettext_lazy("Property items stored"),
    "venue_entries": gettext_lazy("Handling-area entries"),
    "venue_checks_incomplete": gettext_lazy("Handling-area entries without all five checks"),
    "sessions_unrecorded": gettext_lazy("Questioning sessions not recorded"),
    "files_archived": gettext_lazy("Case files archived"),
    "case_reviews": gettext_lazy("Per-case reviews"),
    "red_warnings": gettext_lazy("Red warnings raised"),
}


def _change(value, previous) -> dict:
    diff = value - previous
    percent = round(100 * diff / previous, 1) if previous else None
    return {"diff": diff, "percent": percent}


def bulletin_context(bulletin: Bulletin) -> dict:
    """Display rows built from the stored figures only (labels are the only thing added)."""
    f = bulletin.figures
    aspects = []
    for row in f.get("aspects", []):
        change = _change(row["value"], row["previous"])
        worse = change["diff"] > 0 if row["key"] in ASPECTS_LOWER_IS_BETTER else change["diff"] < 0
        aspects.append({**row, **change, "label": ASPECT_LABELS.get(row["key"], row["key"]), "worse": worse})
    problems = f.get("problems", {})
    this, prev = problems.get("this", {}), problems.get("previous", {})
    problem_rows = [
        {
            "label": label,
            "value": this.get(key, 0),
            "previous": prev.get(key, 0),
            **_change(this.get(key, 0), prev.get(key, 0)),
        }
        for key, label in (
            ("found", _("Problems found")),
            ("rectified", _("Problems rectified")),
            ("on_time", _("Rectified on time")),
            ("overdue", _("Overdue rectifications at the cut-off")),
            ("repeat", _("Repeat problems")),
            ("exempted", _("Exempted (counted separately)")),
            ("reminders", _("Reminders issued")),
        )
    ]
    units = f.get("units", [])
    by_id = {u["unit_id"]: u for u in units}
    sanctions = dict(Sanction.choices)
    hits = [
        {**h, "sanction_label": sanctions.get(h["sanction"], h["sanction"])}
        for h in f.get("negative_hits", [])
    ]
    levels = dict(Level.choices)
    return {
        "bulletin": bulletin,
        "f": f,
        "aspects": aspects,
        "problem_rows": problem_rows,
        "on_time_rate": problems.get("on_time_rate"),
        "units": units,
        "red_list": [by_id[pk] for pk in f.get("red_list", []) if pk in by_id],
        "black_list": [by_id[pk] for pk in f.get("black_list", []) if pk in by_id],
        "overdue": f.get("overdue", []),
        "red_items": f.get("red_items", []),
        "hits": hits,
        "warnings_by_level": [(levels.get(k, k), v) for k, v in f.get("warnings_by_level", {}).items()],
        "points": f.get("ranking_points", {}),
    }


def render_bulletin_pdf(bulletin: Bulletin) -> bytes:
    from weasyprint import HTML

    # The bulletin goes on paper in Chinese whatever the reader's interface language.
    with translation.override("zh-hans"):
        html = render_to_string("reports/pdf/bulletin.html", bulletin_context(bulletin))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()


def render_bulletin_xlsx(bulletin: Bulletin) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("zh-hans"):
        ctx = bulletin_context(bulletin)
        book = Workbook()
        bold = Font(bold=True)

        def sheet(title: str, header: list, rows: list[list], first: bool = False):
            ws = book.active if first else book.create_sheet()
            ws.title = title[:31]
            ws.append([str(h) for h in header])
            for cell in ws[1]:
                cell.font = bold
            for row in rows:
                ws.append(row)
            for column in ws.columns:
                width = max(len(str(c.value or "")) for c in column)
                ws.column_dimensions[column[0].column_letter].width = min(60, 4 + 2 * width)
            return ws

        head = sheet(
            pgettext("bulletin", "Overview"),
            [_("Indicator"), _("This week"), _("Week before"), _("Change on the period before")],
            [[str(a["label"]), a["value"], a["previous"], a["diff"]] for a in ctx["aspects"]]
            + [[str(p["label"]), p["value"], p["previous"], p["diff"]] for p in ctx["problem_rows"]],
            first=True,
        )
        head.insert_rows(1, 2)
        title = _("Law-enforcement supervision weekly bulletin")
        head["A1"] = f"{bulletin.publisher.name} {title} {bulletin.year}年第{bulletin.number}期"
        head["A1"].font = Font(bold=True, size=14)
        head["A2"] = f"{bulletin.period_start:%Y-%m-%d} — {bulletin.period_end:%Y-%m-%d}"
        sheet(
            _("Units"),
            [
                _("Rank"),
                _("Unit"),
                _("Problems found"),
                _("Rectified"),
                _("On time"),
                _("Overdue"),
                _("Repeat"),
                _("Negative-list hits"),
                _("Points"),
            ],
            [
                [
                    u["rank"],
                    u["unit"],
                    u["found"],
                    u["rectified"],
                    u["on_time"],
                    u["overdue"],
                    u["repeat"],
                    u["negative_hits"],
                    u["points"],
                ]
                for u in ctx["units"]
            ],
        )
        sheet(
            _("Overdue"),
            [
                _("Unit"),
                _("Risk point or finding"),
                _("Element"),
                _("Case"),
                _("Officer"),
                _("Rectify by"),
                _("Days overdue"),
            ],
            [
                [
                    o["unit"],
                    o["rule"],
                    o["element"],
                    o["case"],
                    o["officer"],
                    o["rectify_due_at"],
                    o["days_overdue"],
                ]
                for o in ctx["overdue"]
            ],
        )
        sheet(
            _("Negative list"),
            [
                _("Negative-list item"),
                _("Unit"),
                _("Case"),
                _("Officers"),
                _("Chief responsible"),
                _("Sanction"),
                _("Decided on"),
            ],
            [
                [
                    f"{h['item_number']}. {h['item_title']}",
                    h["unit"],
                    h["case"],
                    "、".join(h["officers"]),
                    h["chief"],
                    str(h["sanction_label"]),
                    h["decided_on"],
                ]
                for h in ctx["hits"]
            ],
        )
        sheet(
            _("Red warnings"),
            [_("Unit"), _("Risk point or finding"), _("Element"), _("Case"), _("Officer")],
            [[r["unit"], r["rule"], r["element"], r["case"], r["officer"]] for r in ctx["red_items"]],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
