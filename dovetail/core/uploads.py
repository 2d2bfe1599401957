"""Uploaded files that a background task reads: kept under DATA_DIR/uploads."""

import uuid
from pathlib import Path

from django.conf import settings


def stash_upload(upload) -> Path:
    folder = settings.DATA_DIR / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{uuid.uuid4()}-{upload.name.replace('/', '_')}"
    path.write_bytes(upload.read())
    return path
