"""The secret key of an installation that did not set DOVETAIL_SECRET_KEY."""

import os
import secrets
from pathlib import Path


def installation_key(data_dir: Path) -> str:
    """A random key made the first time and kept, readable by its owner only, under data_dir."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # O_EXCL: when two processes start together, one writes and the other reads its key.
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(descriptor, "w") as out:
                out.write(secrets.token_urlsafe(50))
    return path.read_text().strip()
