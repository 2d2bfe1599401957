"""Long work on real Celery workers through Redis: a matching round and an import run on a worker
process exactly as they run in-process, and a worker killed mid-task leaves nothing half-written,
a failed run, and a retry that gives the whole result.

These need a database a second process can reach, so they run on PostgreSQL (the second pass of
`.ci/run`), against the Redis on 127.0.0.1:6379 that `.ci/run` starts."""

import os
import signal
import subprocess
import sys
import time

import pytest
import redis
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from dovetail.core import tasks
from dovetail.core.models import StashedUpload, TaskRun, User
from dovetail.core.tests.shared import shared_dir
from dovetail.core.worker import app
from dovetail.placements import services as placements
from dovetail.placements.models import Allocation, Round
from dovetail.skills.models import Taxonomy

REDIS_URL = os.environ.get("DOVETAIL_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
SHARED = shared_dir()

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="a worker process cannot reach the in-memory SQLite test database",
    ),
]


def _database_url() -> str:
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`dovetail worker` in its own process group, on this test run's database."""

    def __init__(self, secret_key, data_dir):
        self.environment = {
            **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
            "DATABASE_URL": _database_url(),
            "DOVETAIL_REDIS_URL": REDIS_URL,
            "DOVETAIL_SECRET_KEY": secret_key,
            "DOVETAIL_DATA_DIR": str(data_dir),
        }
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "dovetail.cli", "worker", "--concurrency", "1"],
            env=self.environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        return self

    def kill(self):
        """kill -9 the worker and its pool, as a machine lost would."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()

    def log(self) -> str:
        return self.process.stdout.read() if self.process.poll() is not None else ""


@pytest.fixture
def on_celery(settings):
    """This process hands tasks to Celery through Redis and reads progress from it."""
    try:
        redis.Redis.from_url(REDIS_URL).flushdb()
    except redis.ConnectionError:
        pytest.fail(f"no Redis at {REDIS_URL}: .ci/run starts redis-server")
    settings.TASK_BACKEND = "celery"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
    app.conf.broker_url = REDIS_URL
    yield
    app.conf.broker_url = "memory://"


@pytest.fixture
def worker(on_celery, settings):
    running = Worker(settings.SECRET_KEY, settings.DATA_DIR).start()
    yield running
    running.stop()


@pytest.fixture
def region():
    from dovetail.conftest import build_region
    from dovetail.core.models import Organisation

    if not Organisation.objects.exists():
        build_region()


def _finished(run, worker, *, timeout=180) -> TaskRun:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.is_finished:
            return run
        assert worker.process.poll() is None, worker.log()
        time.sleep(0.2)
    raise AssertionError(f"{run.name} did not finish in {timeout} s")


def _allocations(round_):
    return sorted(
        Allocation.objects.filter(round=round_).values_list("learner_id", "offer_id", "choice")
    )


def test_a_matching_round_and_an_import_run_on_a_worker(region, worker, client_as):
    coordinator = User.objects.get(username="coordinator")
    round_ = Round.objects.get(college__code="college-001", status="open")
    run = placements.start_run(round_, by=coordinator, early=True)
    assert run.status == TaskRun.Status.QUEUED
    run = _finished(run, worker)
    assert run.status == TaskRun.Status.SUCCEEDED, run.error
    assert run.result["placed"] > 0 and _allocations(round_)

    # the upload is read by the worker from the database, not from this process's disk
    csv = (
        b"username,full_name,organisation,role,career_stage,cohort_year\n"
        b"new.one,New One,college-001,learner,student,2026\n"
    )
    page = client_as("coordinator").post(
        "/people/import/", {"file": SimpleUploadedFile("people.csv", csv)}
    )
    imported = TaskRun.objects.filter(name="import_people").latest("created_at")
    assert page.status_code == 302 and page.url == f"/tasks/{imported.pk}/"
    imported = _finished(imported, worker)
    assert imported.status == TaskRun.Status.SUCCEEDED, imported.error
    assert User.objects.filter(username="new.one").exists()
    assert not StashedUpload.objects.exists()


def _killed_mid_task(run, worker):
    """Wait until the worker has done part of the run, then kill -9 it."""
    deadline = time.monotonic() + 120
    while tasks.progress_of(run)["done"] == 0:
        assert time.monotonic() < deadline, "the task never started"
        time.sleep(0.05)
    worker.kill()


@pytest.mark.skipif(SHARED is None, reason="the ESCO download is not beside the project")
def test_a_worker_killed_mid_import_leaves_nothing_and_a_retry_imports_it_all(
    region, worker, settings, monkeypatch
):
    admin = User.objects.get(username="admin")
    download = SHARED / "data" / "esco"
    run = tasks.submit("import_esco", by=admin, path=str(download), by_id=admin.pk)
    _killed_mid_task(run, worker)

    # nothing of the half-done import was kept, and the run shows as failed once its heartbeat
    # has gone quiet
    assert not Taxonomy.objects.filter(slug="esco").exists()
    monkeypatch.setattr(tasks, "HEARTBEAT_LOST", 0)
    run.refresh_from_db()
    assert tasks.progress_of(run)["status"] == "failed"
    run.refresh_from_db()
    assert "stopped before it finished" in run.error and tasks.may_retry(run)

    worker.start()
    again = _finished(tasks.retry(run, by=admin), worker, timeout=400)
    assert again.status == TaskRun.Status.SUCCEEDED, again.error
    assert again.result["occupations"] == 3007


def _backend_waiting_on_a_lock(database_url: str, *, timeout=120) -> int:
    """The process id of the database session that is blocked on a lock (the worker's)."""
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as watcher:
        while time.monotonic() < deadline:
            row = watcher.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database()"
            ).fetchone()
            if row:
                return row[0]
            time.sleep(0.05)
    raise AssertionError("the round never reached its write")


def _session_gone(database_url: str, pid: int, *, timeout=30):
    import psycopg

    deadline = time.monotonic() + timeout
    with psycopg.connect(database_url, autocommit=True) as watcher:
        while watcher.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid]).fetchone():
            assert time.monotonic() < deadline, "the killed worker's session stayed open"
            time.sleep(0.05)


def test_a_worker_killed_mid_round_keeps_the_last_results_and_a_retry_gives_the_same(
    region, worker, monkeypatch
):
    import psycopg

    coordinator = User.objects.get(username="coordinator")
    round_ = Round.objects.get(college__code="college-001", status="open")
    first = _finished(placements.start_run(round_, by=coordinator, early=True), worker)
    assert first.status == TaskRun.Status.SUCCEEDED, first.error
    round_.refresh_from_db()
    results, matched_at = _allocations(round_), round_.matched_at

    # Another session holds the round's row, so the second run stops inside its transaction:
    # the old allocations deleted and the new ones written, the round not yet marked. The
    # worker is killed there.
    url = _database_url()
    with psycopg.connect(url) as holder:
        holder.execute("SELECT 1 FROM placements_round WHERE id = %s FOR UPDATE", [round_.pk])
        second = placements.start_run(round_, by=coordinator, early=True)
        blocked = _backend_waiting_on_a_lock(url)
        worker.kill()
    _session_gone(url, blocked)

    round_.refresh_from_db()
    assert _allocations(round_) == results and round_.matched_at == matched_at
    monkeypatch.setattr(tasks, "HEARTBEAT_LOST", 0)
    second.refresh_from_db()
    assert tasks.progress_of(second)["status"] == "failed"

    worker.start()
    again = _finished(tasks.retry(second, by=coordinator), worker)
    assert again.status == TaskRun.Status.SUCCEEDED, again.error
    round_.refresh_from_db()
    assert _allocations(round_) == results and round_.matched_at > matched_at
