"""Long work records progress, success and failure the same way whoever runs it."""

import time

import pytest

from dovetail.core.models import TaskRun
from dovetail.core.tasks import long_task, progress_of, submit


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
