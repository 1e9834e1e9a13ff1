"""The quarterly analysis (季分析) as an Excel workbook: the page's tables, one sheet each,
from the same computed figures (``reports.quarterly.quarterly_analysis``)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from supervision.models import Unit


def render_quarterly_xlsx(a: dict, *, scope: Unit | None = None) -> bytes:
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Font

    with translation.override("zh-hans"):
        book = Workbook()
        bold = Font(bold=True)
        month_heads = [f"{m:%Y-%m}" for m in a["months"]]
        change = _("Change on the period before")

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
            _("By month"),
            [_("Month"), _("Red"), _("Yellow"), _("Blue"), pgettext("total", "All"), _("Problems")],
            [
                [
                    f"{m['month']:%Y-%m}",
                    *(m["levels"][c] for c in ("red", "yellow", "blue")),
                    m["total"],
                    m["problems"],
                ]
                for m in a["by_month"]
            ]
            + [[_("Quarter"), None, None, None, a["total"]["this"], None]]
            + [[_("Quarter before"), None, None, None, a["total"]["prev"], None]],
            first=True,
        )
        # A title above the first table, as on the page and in the PDF.
        head.insert_rows(1, 2)
        who = scope.name if scope else _("All units")
        head["A1"] = _("%(unit)s quarterly analysis %(year)s Q%(quarter)s") % {
            "unit": who,
            "year": a["year"],
            "quarter": a["quarter"],
        }
        head["A1"].font = Font(bold=True, size=14)
        head["A2"] = f"{a['start']:%Y-%m-%d} — {a['end']:%Y-%m-%d}"
        sheet(
            _("By risk point"),
            [_("Risk point"), *month_heads, _("Quarter"), _("Quarter before"), change, _("Repeats")],
            [[r["rule"], *r["months"], r["this"], r["prev"], r["diff"], r["repeats"]] for r in a["rules"]],
        )
        sheet(
            _("By element"),
            [_("Element"), *month_heads, _("Quarter"), _("Quarter before"), change],
            [[str(r["element"]), *r["months"], r["this"], r["prev"], r["diff"]] for r in a["elements"]],
        )
        sheet(
            _("By unit"),
            [_("Unit"), *month_heads, _("Quarter"), _("Quarter before"), change, _("Problems"), _("Repeats")],
            [
                [u["unit"], *u["months"], u["this"], u["prev"], u["diff"], u["problems"], u["repeats"]]
                for u in a["units"]
            ],
        )
        sheet(
            _("Improving and worsening"),
            [_("Unit"), change],
            [[u["unit"], u["diff"]] for u in a["improving"]]
            + [[u["unit"], u["diff"]] for u in a["worsening"]],
        )
        sheet(
            _("Recurring problems"),
            [_("Risk point"), _("Unit"), _("Repeats")],
            [[r["rule"], r["unit"], r["repeats"]] for r in a["recurring"]],
        )
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()
