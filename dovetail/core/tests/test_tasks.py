"""Long work records progress, success and failure the same way whoever runs it."""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from dovetail.core.models import TaskRun
from dovetail.core.tasks import _heartbeat_key, long_task, may_retry, progress_of, submit


@long_task("test.count")
def count_to(progress, *, n: int, fail_at: int | None = None):
    progress.start(n, "counting")
    for i in range(n):
        if i == fail_at:
            raise ValueError(f"row {i} is bad")
        progress.advance()
    return {"counted": n}


def test_inline_task_records_result_and_full_progress(persona):
    seen = []
    run = submit(
        "test.count",
        by=persona("coordinator"),
        backend="inline",
        listener=lambda *a: seen.append(a),
        n=5,
    )
    assert run.status == TaskRun.Status.SUCCEEDED
    assert run.result == {"counted": 5}
    assert progress_of(run)["fraction"] == 1.0
    assert seen[-1][:2] == (5, 5)


def test_failed_task_records_the_error(persona):
    run = submit("test.count", by=persona("coordinator"), backend="inline", n=5, fail_at=3)
    assert run.status == TaskRun.Status.FAILED
    assert progress_of(run)["error"] == "row 3 is bad"
    assert run.done == 3


def test_cli_runs_reraise_failures(persona):
    with pytest.raises(ValueError):
        submit("test.count", backend="inline", raise_errors=True, n=2, fail_at=0)


def test_progress_endpoint_belongs_to_the_person_who_started_it(persona, client_as):
    run = submit("test.count", by=persona("coordinator"), backend="inline", n=3)
    assert client_as("coordinator").get(f"/api/tasks/{run.pk}").json()["status"] == "succeeded"
    assert client_as("teacher").get(f"/api/tasks/{run.pk}").status_code == 404


def test_unknown_task_is_refused():
    with pytest.raises(LookupError):
        submit("no.such.task")


@pytest.mark.django_db(transaction=True)
def test_thread_backend_runs_beside_the_request():
    run = submit("test.count", backend="thread", n=50)
    for _ in range(100):
        run.refresh_from_db()
        if run.is_finished:
            break
        time.sleep(0.05)
    assert run.status == TaskRun.Status.SUCCEEDED


def _abandoned_run(by, *, started_ago):
    """A run as a killed worker leaves it: running, its heartbeat stopped."""
    return TaskRun.objects.create(
        name="test.count",
        params={"n": 4},
        created_by=by,
        status=TaskRun.Status.RUNNING,
        started_at=timezone.now() - started_ago,
    )


def test_a_run_whose_process_died_shows_as_failed_and_a_retry_finishes_it(persona, client_as):
    coordinator = persona("coordinator")
    run = _abandoned_run(coordinator, started_ago=timedelta(minutes=5))
    page = client_as("coordinator").get(f"/tasks/{run.pk}/")
    assert "The process running this task stopped before it finished" in page.text
    run.refresh_from_db()
    assert run.status == TaskRun.Status.FAILED and may_retry(run)

    again = client_as("coordinator").post(f"/tasks/{run.pk}/retry/", follow=True)
    retried = TaskRun.objects.exclude(pk=run.pk).get(name="test.count", created_by=coordinator)
    assert again.redirect_chain[-1][0] == f"/tasks/{retried.pk}/"
    assert retried.status == TaskRun.Status.SUCCEEDED and retried.result == {"counted": 4}


def test_a_run_still_beating_or_just_started_is_left_running(persona):
    beating = _abandoned_run(persona("coordinator"), started_ago=timedelta(minutes=5))
    cache.set(_heartbeat_key(beating.pk), time.time())
    fresh = _abandoned_run(persona("coordinator"), started_ago=timedelta(seconds=5))
    assert progress_of(beating)["status"] == progress_of(fresh)["status"] == "running"


def test_only_the_starter_retries_and_only_a_failed_run(persona, client_as):
    done = submit("test.count", by=persona("coordinator"), backend="inline", n=2)
    assert client_as("coordinator").post(f"/tasks/{done.pk}/retry/").status_code == 302
    assert TaskRun.objects.filter(name="test.count").count() == 1
    failed = submit("test.count", by=persona("coordinator"), backend="inline", n=2, fail_at=0)
    assert client_as("teacher").post(f"/tasks/{failed.pk}/retry/").status_code == 404
    assert TaskRun.objects.filter(name="test.count").count() == 2
