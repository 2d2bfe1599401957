"""The Celery application: `dovetail worker` runs it, and the "celery" task backend sends runs
to it through Redis. A worker only ever receives a run's id; :func:`dovetail.core.tasks.execute`
does the rest, exactly as it does in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")

app = Celery("dovetail")
# Celery's Django support sets Django up in each worker process and closes its database
# connections around every task.
app.config_from_object("django.conf:settings", namespace="CELERY")


@app.task(name="dovetail.execute_run", ignore_result=True)
def execute_on_worker(run_id: str) -> None:
    from dovetail.core.tasks import execute

    execute(run_id)


@app.task(name="dovetail.send_reminders", ignore_result=True)
def send_reminders_on_worker() -> None:
    from dovetail.core.tasks import submit

    submit("send_reminders", backend="inline")
