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


class MissingSecretKey(RuntimeError):
    pass


def require_production_key() -> None:
    """A production server shares its key between processes and machines, so it must be set."""
    if not os.environ.get("DOVETAIL_SECRET_KEY"):
        raise MissingSecretKey(
            "Dovetail will not serve in production without DOVETAIL_SECRET_KEY: set it to a long"
            ' random value, e.g. python -c "import secrets; print(secrets.token_urlsafe(50))".'
            " (`dovetail demo` serves a demo with a key of its own.)"
        )
