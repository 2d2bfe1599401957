"""Reading and writing the lists people already keep: CSV and Excel (.xlsx).

Rows are validated with a pydantic model; every error names the file, the row (as a spreadsheet
shows it, header = row 1) and the column, and an import with any error writes nothing.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from dovetail.core.errors import ServiceError
from dovetail.core.uploads import TABLE, UploadKind, check_bytes

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class RowError:
    file: str
    row: int
    column: str | None
    message: str

    def __str__(self):
        where = f"{self.file}, row {self.row}"
        if self.column:
            where += f", column {self.column!r}"
        return f"{where}: {self.message}"


class ImportFailed(ServiceError):
    code = "import_failed"

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        shown = "\n".join(str(error) for error in errors[:20])
        more = f"\n… and {len(errors) - 20} more" if len(errors) > 20 else ""
        super().__init__(f"Nothing was imported; fix these rows first:\n{shown}{more}")


def read_rows(
    name: str, content: bytes, kind: UploadKind = TABLE
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {column: text}) from CSV or XLSX; the file's real format picks which."""
    if check_bytes(name, content, kind) == "xlsx":
        yield from _read_xlsx(name, content)
    else:
        yield from _read_csv(name, content)


def _read_csv(name, content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportFailed([RowError(name, 1, None, f"not UTF-8 text ({error.reason})")]) from None
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise ImportFailed([RowError(name, 1, None, "the file is empty: a header row is needed")])
    for number, row in enumerate(reader, start=2):
        if None in row:
            raise ImportFailed([RowError(name, number, None, "more cells than header columns")])
        yield number, {(key or "").strip(): (value or "").strip() for key, value in row.items()}


def _read_xlsx(name, content):
    from openpyxl import load_workbook

    try:
        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise ImportFailed(
            [RowError(name, 1, None, f"not a readable .xlsx file ({error})")]
        ) from None
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell).strip() if cell is not None else "" for cell in next(rows, ())]
    if not any(header):
        raise ImportFailed([RowError(name, 1, None, "the sheet is empty: a header row is needed")])
    for number, cells in enumerate(rows, start=2):
        if all(cell is None for cell in cells):
            continue
        yield (
            number,
            {
                column: "" if cell is None else str(cell).strip()
                for column, cell in zip(header, cells, strict=False)
            },
        )


def validate_rows(
    name: str, rows: Iterable[tuple[int, dict]], schema: type[M]
) -> tuple[list[tuple[int, M]], list[RowError]]:
    """Parse each row with ``schema``; return the good rows and one error per bad cell."""
    required = {field for field, info in schema.model_fields.items() if info.is_required()}
    good, errors = [], []
    header_checked = False
    for number, row in rows:
        if not header_checked:
            missing = sorted(required - row.keys())
            if missing:
                raise ImportFailed(
                    [RowError(name, 1, None, f"missing column(s): {', '.join(missing)}")]
                )
            header_checked = True
        values = {key: value for key, value in row.items() if value != ""}
        try:
            good.append((number, schema.model_validate(values)))
        except ValidationError as error:
            for problem in error.errors():
                column = str(problem["loc"][0]) if problem["loc"] else None
                errors.append(RowError(name, number, column, _in_words(schema, column, problem)))
    return good, errors


def _in_words(schema, column, problem) -> str:
    """Pydantic's message, except that a pattern is described, never quoted as a regex."""
    if problem["type"] != "string_pattern_mismatch":
        return problem["msg"]
    field = schema.model_fields.get(column or "")
    hint = field.description if field is not None and field.description else "not allowed here"
    return f"{problem['input']!r}: {hint}"


def table_bytes(columns: list[str], rows: Iterable[list], *, excel: bool = False) -> bytes:
    """Rows as CSV (UTF-8) or as an .xlsx workbook."""
    if excel:
        from openpyxl import Workbook

        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def write_table(path: str | Path | None, columns: list[str], rows: Iterable[list]) -> bytes:
    """Write rows as CSV, or XLSX when ``path`` ends in .xlsx; return the bytes written."""
    data = table_bytes(
        columns, rows, excel=path is not None and str(path).lower().endswith(".xlsx")
    )
    if path is not None:
        Path(path).write_bytes(data)
    return data
