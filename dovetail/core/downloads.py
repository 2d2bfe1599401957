"""File downloads the pages offer: tables as CSV or Excel, calendars as iCalendar."""

from django.http import HttpResponse

from dovetail.core.tabular import table_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def attachment(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_download(request, stem: str, columns: list[str], rows: list[list]) -> HttpResponse:
    """CSV by default; Excel when the link asks for ``?format=xlsx``."""
    excel = request.GET.get("format") == "xlsx"
    return attachment(
        table_bytes(columns, rows, excel=excel),
        f"{stem}.{'xlsx' if excel else 'csv'}",
        XLSX if excel else "text/csv; charset=utf-8",
    )
