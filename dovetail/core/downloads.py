"""File downloads the pages offer: tables as CSV or Excel, calendars as iCalendar, and files
people uploaded."""

from django.http import FileResponse, HttpResponse

from dovetail.core.tabular import table_bytes
from dovetail.core.uploads import INLINE_TYPES

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


def stored_upload(file, filename: str, content_type: str) -> FileResponse:
    """A file someone uploaded. Only raster images show in the browser; anything else (PDF
    included) downloads, so a file can never run script in the reader's session."""
    return FileResponse(
        file.open("rb"),
        as_attachment=content_type not in INLINE_TYPES.values(),
        filename=filename,
        content_type=content_type,
    )
