"""Benchmark: Dovetail under load — every persona's main pages, API calls and xAPI statement posts
from many simultaneous users, against the production server on PostgreSQL.

The medium demo region (5 colleges, 200 enterprises, 20,000 learners) is generated once into the
database and reused. `dovetail serve` (gunicorn, two processes for the two cores, Redis for the
shared cache) serves it on loopback; locust, in this process, runs the users: each signs in as
a person of one persona's role (the demo login, then others of that role across the region, so
each user has their own organisations and agenda) and, after a pause of one to two seconds
between steps, opens the pages that persona opens every day, calls the JSON API, and (for the
simulator users) posts a learning statement to the LRS. Pages count apart from API calls and
statements in the report.

    python benchmarks/load.py            # 50 users for 60 s
    python benchmarks/load.py --quick    # 20 users for 20 s
    DATABASE_URL=postgres://… python benchmarks/load.py   (default: dovetail_load_bench)

The goal: pages' p95 under 200 ms at 50 users on this 2-core machine, with no errors. The last
line is JSON with users, rps, p50_ms, p95_ms, p99_ms (pages) and errors (every request).
"""

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dovetail_load_bench")
os.environ.setdefault("DOVETAIL_REDIS_URL", "redis://127.0.0.1:6379/11")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")

import gevent.monkey  # noqa: E402  locust's users are greenlets

gevent.monkey.patch_all()

import django  # noqa: E402
from locust import HttpUser, between, events, task  # noqa: E402
from locust.env import Environment  # noqa: E402
from locust.stats import StatsEntry  # noqa: E402

PASSWORD = "dovetail-demo"
PEOPLE_PER_PERSONA = 8
PEOPLE: dict[str, list[str]] = {}  # persona: usernames, filled by prepare()
WARM_UP_S = 10
PAGES = {
    "coordinator": [
        "/",
        "/learners/",
        "/placements/offers/",
        "/placements/rounds/",
        "/partnerships/",
        "/scheduling/",
        "/records/diaries/",
        "/careers/alumni/",
    ],
    "teacher": ["/", "/records/diaries/", "/records/cohort/", "/records/assessments/"],
    "hr": ["/", "/placements/offers/", "/partnerships/", "/skills/demand/"],
    "mentor": ["/", "/records/diaries/", "/records/assessments/"],
    "learner": ["/", "/placements/", "/records/diary/", "/records/competencies/", "/credentials/"],
    "officer": ["/", "/evaluation/depth/", "/partnerships/conflicts/", "/placements/rounds/"],
}
API = {
    "coordinator": ["/api/learners?limit=50", "/api/offers?limit=50"],
    "teacher": ["/api/learners?limit=50"],
    "hr": ["/api/offers?limit=50"],
    "mentor": ["/api/offers?limit=20"],
    "learner": ["/api/me/practice"],
    "officer": ["/api/depth"],
}
VERBS = ["completed", "attempted", "passed", "experienced"]


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def prepare() -> tuple[str, str]:
    """The region (once), the people who sign in, and an LRS client for the simulators;
    returns the client's key and secret."""
    from django.core.management import call_command

    from dovetail.core.models import Organisation
    from dovetail.core.tasks import submit
    from dovetail.lrs import services as lrs

    call_command("migrate", verbosity=0)
    if not Organisation.objects.exists():
        print("generating the medium region once (reused by later runs)…", flush=True)
        submit("generate_region", backend="inline", raise_errors=True, size="medium", seed=2026)
    PEOPLE.update(people_to_sign_in())
    client, secret = lrs.create_client(lrs.default_organisation(), f"load {uuid.uuid4().hex[:6]}")
    return client.key, secret


def people_to_sign_in() -> dict[str, list[str]]:
    """For each persona, its demo login and others of the same role across the region, all
    given the demo password: fifty users are about fifty people, each with their own agenda."""
    from django.contrib.auth.hashers import make_password

    from dovetail.core.models import Membership, User

    roles = {
        "coordinator": "coordinator",
        "teacher": "teacher",
        "hr": "enterprise_hr",
        "mentor": "mentor",
        "learner": "learner",
        "officer": "officer",
    }
    people = {}
    for persona, role in roles.items():
        others = (
            Membership.objects.filter(role=role)
            .exclude(user__username=persona)
            .order_by("organisation_id", "user_id")
            .values_list("user__username", flat=True)
            .distinct()[: PEOPLE_PER_PERSONA - 1]
        )
        people[persona] = [persona, *others]
    everyone = [name for names in people.values() for name in names]
    User.objects.filter(username__in=everyone).update(password=make_password(PASSWORD))
    return people


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Persona(HttpUser):
    """One person at work: signs in, then opens their pages and calls the API."""

    wait_time = between(1, 2)
    abstract = True
    persona = ""
    started = 0
    signed_in = 0

    def on_start(self):
        # each user of a persona is the next person of that role
        pool = PEOPLE[self.persona]
        self.username = pool[type(self).started % len(pool)]
        type(self).started += 1
        self.client.get("/login/", name="sign in")
        token = self.client.cookies.get("csrftoken", "")
        self.client.post(
            "/login/",
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            headers={"Referer": self.host + "/login/"},
            name="sign in",
        )
        Persona.signed_in += 1

    @task(4)
    def page(self):
        path = random.choice(PAGES[self.persona])
        self.client.get(path, name=f"page {self.persona} {path}")

    @task(1)
    def api(self):
        self.client.get(random.choice(API[self.persona]), name="api")


def _people_users(runner) -> int:
    """How many of the running users sign in (all but the simulators)."""
    return sum(
        count for name, count in runner.user_classes_count.items() if name != Simulator.__name__
    )


def persona_class(persona: str):
    return type(persona.capitalize(), (Persona,), {"persona": persona, "abstract": False})


class Simulator(HttpUser):
    """A workplace simulator reporting what learners did, one statement at a time."""

    wait_time = between(1, 2)
    credentials: tuple[str, str] = ("", "")

    @task
    def statement(self):
        learner = random.randrange(20_000)
        self.client.post(
            "/xapi/statements",
            json={
                "actor": {"mbox": f"mailto:l{learner}@sim.example.cn", "name": f"L{learner}"},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/" + random.choice(VERBS)},
                "object": {"id": f"http://sim.example.cn/tasks/{random.randrange(500)}"},
            },
            headers={"X-Experience-API-Version": "1.0.3"},
            auth=self.credentials,
            name="statement",
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="20 users for 20 s")
    parser.add_argument("--users", type=int)
    parser.add_argument("--seconds", type=int)
    args = parser.parse_args()
    users = args.users or (20 if args.quick else 50)
    seconds = args.seconds or (20 if args.quick else 60)
    ensure_database(os.environ["DATABASE_URL"])
    django.setup()
    Simulator.credentials = prepare()

    port = free_port()
    environment = {
        **os.environ,
        "DOVETAIL_ALLOWED_HOSTS": "127.0.0.1",
        "DOVETAIL_SECRET_KEY": os.environ.get("DOVETAIL_SECRET_KEY", "load-" + "k" * 60),
        "DOVETAIL_HEAVY_RATE": "100000/min",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "dovetail.cli", "serve", "--port", str(port), "--workers", "2"],
        env=environment,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    host = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        classes = [persona_class(name) for name in PAGES] + [Simulator]
        env = Environment(user_classes=classes, host=host, events=events)
        runner = env.create_local_runner()
        print(f"{users} users for {seconds} s against {host} (2 gunicorn processes)…", flush=True)
        runner.start(users, spawn_rate=max(5, users // 5))
        # sign-ins (a deliberately slow password hash each, so they queue for seconds on two
        # cores) and the first pages warm up; the figures are the steady state after them
        while runner.user_count < users or Persona.signed_in < _people_users(runner):
            time.sleep(0.5)
        time.sleep(WARM_UP_S)
        env.stats.reset_all()
        time.sleep(seconds)
        runner.quit()
    finally:
        server.terminate()
        server.wait(timeout=30)

    stats = env.stats
    pages = StatsEntry(stats, "pages", "GET")
    print(f"{'':44}{'requests':>9}{'errors':>7}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}")
    for (name, method), entry in sorted(stats.entries.items()):
        if not entry.num_requests:
            continue
        if name.startswith("page "):
            pages.extend(entry)
        print(
            f"{name + ' ' + method:44}{entry.num_requests:>9,}{entry.num_failures:>7}"
            f"{entry.get_response_time_percentile(0.5):>8.0f}"
            f"{entry.get_response_time_percentile(0.95):>8.0f}"
            f"{entry.get_response_time_percentile(0.99):>8.0f}"
        )
    for failure in stats.errors.values():
        print(f"error: {failure.method} {failure.name}: {failure.error} ({failure.occurrences}×)")
    total = stats.total
    print(
        f"all pages: p50 {pages.get_response_time_percentile(0.5):.0f} ms, p95 "
        f"{pages.get_response_time_percentile(0.95):.0f} ms; {total.num_requests / seconds:.1f} "
        f"requests/s; {total.num_failures} errors"
    )
    print(
        json.dumps(
            {
                "users": users,
                "rps": round(total.num_requests / seconds, 1),
                "p50_ms": round(pages.get_response_time_percentile(0.5)),
                "p95_ms": round(pages.get_response_time_percentile(0.95)),
                "p99_ms": round(pages.get_response_time_percentile(0.99)),
                "errors": total.num_failures,
            }
        )
    )


if __name__ == "__main__":
    main()
