"""Finding the read-only ``shared/`` folder of test data from any checkout."""

import os
import subprocess
from pathlib import Path


def shared_dir():
    """``shared/`` beside the project, or beside the repository a clean clone came from."""
    root = Path(__file__).resolve().parents[3]
    origin = subprocess.run(
        ["git", "-C", str(root), "config", "--get", "remote.origin.url"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    candidates = [os.environ.get("DOVETAIL_SHARED"), root.parent / "shared"]
    if origin:
        candidates.append(Path(origin) / ".." / "shared")
    return next((Path(c) for c in candidates if c and Path(c, "data").is_dir()), None)
