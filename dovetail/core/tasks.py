"""Long work behind one interface.

A task is a plain function ``fn(progress, **params) -> dict`` registered with :func:`long_task`.
:func:`submit` records a :class:`TaskRun` and runs it: in-process ("inline": the CLI and tests),
on a background thread of the web process ("thread": the page polls :func:`progress_of`), or on
a Celery worker through Redis ("celery", whenever ``DOVETAIL_REDIS_URL`` is set). Every backend
calls the same :func:`execute` with only the run's id, so the code and the progress reporting
are the same wherever it runs. Progress goes to the cache, not the database, because the task
usually holds its own transaction open until it has written everything or nothing.

A run whose process dies (a worker killed, a machine lost) stops beating its heart; the next
look at it records it as failed. Its transaction never committed, so nothing is half-written,
and :func:`retry` runs it again with the same parameters and upload.
"""

import logging
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import OperationalError, close_old_connections, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dovetail.core.models import StashedUpload, TaskRun
from dovetail.core.uploads import discard, stashed_file

ProgressListener = Callable[[int, int, str], None]

_registry: dict[str, Callable[..., dict]] = {}
Summary = Callable[[dict], list[tuple[str, object]]]
_summaries: dict[str, Summary] = {}
logger = logging.getLogger(__name__)


def long_task(name: str, *, summary: Summary | None = None):
    """Register ``fn`` as task ``name``; ``summary`` turns its result into lines a person reads
    (label, value) on the progress page."""

    def decorator(fn):
        _registry[name] = fn
        if summary is not None:
            _summaries[name] = summary
        return fn

    return decorator


COUNT_LABELS = {
    "created": _("Created"),
    "updated": _("Updated"),
    "mapped": _("Mapped onto skills"),
    "skills": _("Skills"),
    "occupations": _("Occupations"),
    "relations": _("Occupation–skill relations"),
    "crosswalks": _("Crosswalks"),
}


def summary_of(run: TaskRun) -> list[tuple[str, object]]:
    """What a finished run did, as (label, value) lines; its own summary if it registered one."""
    if run.status != TaskRun.Status.SUCCEEDED:
        return []
    summarise = _summaries.get(run.name)
    if summarise is not None:
        return summarise(run.result)
    return [
        (COUNT_LABELS.get(key, key.replace("_", " ").capitalize()), value)
        for key, value in run.result.items()
        if isinstance(value, int | float | str) and key != "url"
    ]


def _cache_key(run_id) -> str:
    return f"dovetail:task:{run_id}"


class Progress:
    """Counts work done; publishes at most every ``interval`` seconds, and always at the end."""

    def __init__(self, run_id=None, listener: ProgressListener | None = None, interval=0.25):
        self.run_id = run_id
        self.listener = listener
        self.interval = interval
        self.done = 0
        self.total = 0
        self.message = ""
        self._published_at = 0.0

    def start(self, total: int, message: str = ""):
        self.total, self.done, self.message = total, 0, message
        self._publish(force=True)

    def advance(self, steps: int = 1, message: str | None = None):
        self.done += steps
        if message is not None:
            self.message = message
        self._publish(force=self.done >= self.total)

    def note(self, message: str):
        self.message = message
        self._publish(force=True)

    def _publish(self, *, force=False):
        now = time.monotonic()
        if not force and now - self._published_at < self.interval:
            return
        self._published_at = now
        if self.run_id is not None:
            cache.set(
                _cache_key(self.run_id),
                {"done": self.done, "total": self.total, "message": self.message},
                timeout=24 * 3600,
            )
        if self.listener is not None:
            self.listener(self.done, self.total, self.message)


def submit(
    name: str, *, by=None, backend=None, listener=None, raise_errors=False, **params
) -> TaskRun:
    """Record a run of task ``name`` and start it; returns the run (finished if inline).

    A ``stash`` parameter (from :func:`~dovetail.core.uploads.stash_upload`) reaches the task
    as ``path``, a file it may read. ``raise_errors`` re-raises a failure of an inline run after
    recording it (for the CLI).
    """
    if name not in _registry:
        raise LookupError(f"unknown task {name!r}")
    run = TaskRun.objects.create(name=name, params=params, created_by=by)
    backend = backend or settings.TASK_BACKEND
    if backend == "inline":
        execute(run.pk, listener=listener, raise_errors=raise_errors)
        run.refresh_from_db()
    elif backend == "thread":
        transaction.on_commit(
            lambda: threading.Thread(target=_execute_in_thread, args=(run.pk,), daemon=True).start()
        )
    elif backend == "celery":
        from dovetail.core.worker import execute_on_worker

        transaction.on_commit(lambda: execute_on_worker.delay(str(run.pk)))
    else:
        raise ValueError(f"unknown task backend {backend!r}")
    return run


def may_retry(run: TaskRun) -> bool:
    """A failed run may run again unless it read an upload that is gone (a bad file fails the
    same way every time; the person uploads a corrected one instead)."""
    if run.status != TaskRun.Status.FAILED:
        return False
    stash = run.params.get("stash")
    return not stash or StashedUpload.objects.filter(pk=stash).exists()


def retry(run: TaskRun, *, by) -> TaskRun:
    """Run a failed task again with the same parameters."""
    if not may_retry(run):
        raise ValueError("only a failed run whose upload is still kept may be retried")
    return submit(run.name, by=by, **run.params)


def _execute_in_thread(run_id):
    try:
        execute(run_id)
    finally:
        close_old_connections()


# A running task's process refreshes its heartbeat this often; a run whose heartbeat is older
# than HEARTBEAT_LOST has lost its process.
HEARTBEAT_EVERY = 5
HEARTBEAT_LOST = 60


def _heartbeat_key(run_id) -> str:
    return f"dovetail:task:{run_id}:alive"


@contextmanager
def _heartbeat(run_id):
    stop = threading.Event()

    def beat():
        while True:
            cache.set(_heartbeat_key(run_id), time.time(), timeout=24 * 3600)
            if stop.wait(HEARTBEAT_EVERY):
                return

    beater = threading.Thread(target=beat, daemon=True)
    beater.start()
    try:
        yield
    finally:
        stop.set()
        beater.join()
        cache.delete(_heartbeat_key(run_id))


WORKER_LOST = _(
    "The process running this task stopped before it finished; nothing it was writing was kept. "
    "Retry it."
)


def _lost(run: TaskRun) -> bool:
    if run.status != TaskRun.Status.RUNNING or run.started_at is None:
        return False
    if run.started_at > timezone.now() - timedelta(seconds=HEARTBEAT_LOST):
        return False
    last_beat = cache.get(_heartbeat_key(run.pk))
    return last_beat is None or time.time() - last_beat > HEARTBEAT_LOST


def _settle_if_lost(run: TaskRun) -> None:
    """Record a running run whose process has died as failed, on ``run`` too."""
    if _lost(run):
        message = str(WORKER_LOST)
        _record(
            run.pk,
            status=TaskRun.Status.FAILED,
            error=message,
            message=_first_line(message),
            finished_at=timezone.now(),
        )
        run.refresh_from_db()


def _record(run_id, **fields) -> None:
    """Write a run's status. SQLite may refuse a write for a moment while another connection
    reads the same table (a page polling the run); the write is tried again, briefly."""
    for attempt in range(40):
        try:
            TaskRun.objects.filter(pk=run_id).update(**fields)
            return
        except OperationalError as error:
            if "locked" not in str(error) or attempt == 39:
                raise
            time.sleep(0.05)


def execute(run_id, *, listener: ProgressListener | None = None, raise_errors=False) -> None:
    """Run a recorded task to completion, recording success or the error."""
    run = TaskRun.objects.get(pk=run_id)
    _record(run_id, status=TaskRun.Status.RUNNING, started_at=timezone.now())
    progress = Progress(run_id, listener)
    params = dict(run.params)
    stash = params.pop("stash", None)
    try:
        with _heartbeat(run_id), stashed_file(stash) if stash else nullcontext() as path:
            if path is not None:
                params["path"] = str(path)
            result = _registry[run.name](progress, **params)
    except Exception as error:
        discard(stash)
        # the person sees the whole message (an import names every bad row); the traceback is
        # for the server's log, not for them
        logger.exception("task %s (%s) failed", run.name, run_id)
        _record(
            run_id,
            status=TaskRun.Status.FAILED,
            error=str(error),
            message=_first_line(str(error)),
            done=progress.done,
            total=progress.total,
            finished_at=timezone.now(),
        )
        if raise_errors:
            raise
        return
    discard(stash)
    _record(
        run_id,
        status=TaskRun.Status.SUCCEEDED,
        result=result or {},
        done=progress.total or progress.done,
        total=progress.total,
        message=progress.message[:200],
        finished_at=timezone.now(),
    )
    cache.delete(_cache_key(run_id))


def _first_line(text: str, limit: int = 200) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    if len(line) <= limit:
        return line
    return line[: line.rfind(" ", 0, limit - 1)].rstrip(" ,;:") + "…"


def progress_of(run: TaskRun) -> dict:
    """What a page shows while polling: status, counts, fraction and message."""
    _settle_if_lost(run)
    live = {} if run.is_finished else cache.get(_cache_key(run.pk)) or {}
    done = live.get("done", run.done)
    total = live.get("total", run.total)
    return {
        "id": str(run.pk),
        "name": run.name,
        "status": run.status,
        "done": done,
        "total": total,
        "fraction": round(done / total, 4) if total else (1.0 if run.is_finished else 0.0),
        "message": live.get("message", run.message),
        "result": run.result,
        "error": run.error if run.status == TaskRun.Status.FAILED else "",
    }
