"""Every file a person uploads passes here before anything reads it.

An upload kind names the formats it accepts and a size limit. The size is checked from the
upload's metadata before its bytes are read into memory, and the real format is read from the
bytes (libmagic, through python-magic), never from the name or the browser's claimed type, so a
page disguised as a spreadsheet or a photo is refused. Files a background task reads are stashed
in the database, where a worker on any machine reads them, and discarded when the task ends,
whether it succeeded or failed.
"""

import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import magic

from dovetail.core.errors import ServiceError

MB = 1024 * 1024
# libmagic reads the first few kilobytes; the container formats are recognised from those.
SNIFF_BYTES = 8192

TEXT = frozenset({"text/plain", "text/csv", "application/csv"})
ZIP = frozenset(
    {
        "application/zip",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
)
# Each format: the libmagic types that may carry it, and the suffixes a file of it may have.
FORMATS = {
    "csv": (TEXT, (".csv", ".txt")),
    "xlsx": (ZIP, (".xlsx",)),
    "json": (TEXT | {"application/json"}, (".json",)),
    "ics": (TEXT | {"text/calendar"}, (".ics",)),
    "zip": (ZIP, (".zip",)),
    "jpeg": (frozenset({"image/jpeg"}), (".jpg", ".jpeg")),
    "png": (frozenset({"image/png"}), (".png",)),
    "gif": (frozenset({"image/gif"}), (".gif",)),
    "webp": (frozenset({"image/webp"}), (".webp",)),
    "pdf": (frozenset({"application/pdf"}), (".pdf",)),
}
# Formats a browser may show inline: raster images only; everything else downloads.
INLINE_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}
DOWNLOAD_TYPES = {"pdf": "application/pdf"}


def served_type(fmt: str) -> str:
    """The content type a stored file of format ``fmt`` is served with."""
    return INLINE_TYPES.get(fmt) or DOWNLOAD_TYPES.get(fmt) or "application/octet-stream"


@dataclass(frozen=True)
class UploadKind:
    label: str
    formats: tuple[str, ...]
    max_bytes: int

    @property
    def accept(self) -> str:
        """The HTML ``accept`` attribute for a file input of this kind."""
        return ",".join(suffix for f in self.formats for suffix in FORMATS[f][1])


TABLE = UploadKind("list", ("csv", "xlsx"), 20 * MB)
DEMAND = UploadKind("demand file", ("csv", "xlsx", "json"), 50 * MB)
CALENDAR = UploadKind("calendar", ("ics", "csv", "xlsx"), 5 * MB)
FRAMEWORK = UploadKind("skills framework", ("json", "csv", "xlsx"), 50 * MB)
DIARY = UploadKind("diary file", ("jpeg", "png", "gif", "webp", "pdf"), 10 * MB)
EVIDENCE = UploadKind("evidence file", ("jpeg", "png", "gif", "webp", "pdf"), 10 * MB)
CREDENTIAL = UploadKind("credential", ("json",), 1 * MB)


def _refuse(name, message, field):
    raise ServiceError(f"{name}: {message}", field=field, code="bad_upload")


def detect_format(name: str, head: bytes, kind: UploadKind, *, field: str = "file") -> str:
    """The format of an upload of ``kind``, read from its first bytes; refuse any other."""
    suffix = Path(name).suffix.lower()
    detected = magic.from_buffer(head[:SNIFF_BYTES], mime=True) if head else "application/x-empty"
    for fmt in kind.formats:
        types, suffixes = FORMATS[fmt]
        if suffix in suffixes and detected in types:
            return fmt
    allowed = ", ".join(s for f in kind.formats for s in FORMATS[f][1])
    if any(suffix in FORMATS[f][1] for f in kind.formats):
        _refuse(name, f"the content is {detected}, not what a {suffix} file holds", field)
    _refuse(name, f"a {kind.label} must be one of {allowed}", field)


def check_upload(upload, kind: UploadKind, *, field: str = "file") -> str:
    """Check an uploaded file's size, then its real format; returns the format."""
    name = upload.name or "upload"
    if upload.size is not None and upload.size > kind.max_bytes:
        _refuse(name, f"a {kind.label} may be at most {kind.max_bytes // MB} MB", field)
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return detect_format(name, head, kind, field=field)


def read_upload(upload, kind: UploadKind, *, field: str = "file") -> bytes:
    """The bytes of an upload that passed :func:`check_upload`."""
    check_upload(upload, kind, field=field)
    return upload.read()


def check_bytes(name: str, content: bytes, kind: UploadKind, *, field: str = "file") -> str:
    """The same checks for a file already in hand (the CLI, the API)."""
    if len(content) > kind.max_bytes:
        _refuse(name, f"a {kind.label} may be at most {kind.max_bytes // MB} MB", field)
    return detect_format(name, content[:SNIFF_BYTES], kind, field=field)


def stash_upload(upload, kind: UploadKind) -> str:
    """Check an upload and keep it in the database for a background task; returns the stash's
    id, which the task is given as its ``stash`` parameter (see :func:`stashed_file`)."""
    from dovetail.core.models import StashedUpload

    check_upload(upload, kind)
    content = b"".join(upload.chunks())
    return str(StashedUpload.objects.create(name=Path(upload.name).name, content=content).pk)


@contextmanager
def stashed_file(stash_id: str):
    """A stash written to a private temporary file for the duration of the block, for readers
    that want a path (zip archives, workbooks); the file is gone afterwards."""
    from dovetail.core.models import StashedUpload

    stash = StashedUpload.objects.get(pk=stash_id)
    suffix = Path(stash.name).suffix.lower()
    with tempfile.TemporaryDirectory(prefix="dovetail-stash-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(bytes(stash.content))
        yield path


def discard(stash_id) -> None:
    """Delete a stash once its task has ended."""
    from dovetail.core.models import StashedUpload

    if stash_id:
        StashedUpload.objects.filter(pk=stash_id).delete()
