"""Benchmark: Dovetail's xAPI LRS on PostgreSQL — statement ingest and query latency.

The store is first filled to each size with generated statements (bulk COPY, the indexes rebuilt
afterwards), then a served Dovetail is measured over HTTP on this machine, as a client would use
it (gunicorn, two workers for the two cores): POST batches of 1, 10 and 100 statements (batches
of 100 also from two clients at once), then the common queries (by agent, verb, activity,
registration, related activities, the newest page) with p50/p95 latencies.

    python benchmarks/lrs.py            # 1 million, then 10 million stored statements
    python benchmarks/lrs.py --quick    # 20 thousand stored, under a minute
    DATABASE_URL=postgres://… python benchmarks/lrs.py   (default: a dovetail_lrs_bench database)

Published anchors printed beside ours: about 3,000 statements/s for a commercial LRS on a 16-vCPU
machine, about 500/s for Learning Locker in batches of 100. The last line is JSON with
statements_per_s_batch100 (the better of one and two clients), statements_per_s_batch100_one_client,
query_p95_ms and stored.
"""

import argparse
import base64
import http.client
import io
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dovetail_lrs_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")

import django  # noqa: E402

# the filled statements' stored times: one every 3 ms from the start of the year
STORED_FROM = datetime(2026, 1, 1, tzinfo=UTC)
STORED_EVERY = timedelta(milliseconds=3)
ANCHORS = {"commercial LRS, 16 vCPU": 3000, "Learning Locker, batches of 100": 500}
VERBS = [
    "http://adlnet.gov/expapi/verbs/" + name
    for name in ("attempted", "completed", "passed", "failed", "experienced", "answered")
]


def learner(index):
    return {"objectType": "Agent", "name": f"Learner {index}", "mbox": f"mailto:l{index}@x.cn"}


def activity(index):
    return f"http://sim.example.cn/tasks/{index}"


def make_statement(rng, *, learners, activities, registrations):
    task = rng.randrange(activities)
    return {
        "id": str(uuid.uuid4()),
        "actor": learner(rng.randrange(learners)),
        "verb": {"id": rng.choice(VERBS), "display": {"en-US": "did"}},
        "object": {
            "id": activity(task),
            "definition": {"name": {"en-US": f"Task {task}"}, "type": "http://x.cn/task"},
        },
        "result": {"score": {"scaled": round(rng.random(), 3)}, "success": True},
        "context": {
            "registration": registrations[rng.randrange(len(registrations))],
            "contextActivities": {"parent": [{"id": activity(task // 20 + 10_000_000)}]},
        },
        "timestamp": "2026-11-25T08:00:00.000Z",
    }


def _server_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database():
    from django.core.management import call_command
    from django.db import connection

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    call_command("migrate", verbosity=0)
    connection.close()


def bench_client():
    from dovetail.core.models import Organisation, Region
    from dovetail.lrs import services

    region, _ = Region.objects.get_or_create(code="bench", defaults={"name": "Bench"})
    college, _ = Organisation.objects.get_or_create(
        code="bench-college",
        defaults={"name": "Bench College", "kind": "college", "region": region},
    )
    client, secret = services.create_client(college, "benchmark")
    return client, secret


def server_settings():
    """The PostgreSQL settings that decide ingest at millions stored, to print beside it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, current_setting(name) FROM pg_settings WHERE name IN "
            "('shared_buffers', 'max_wal_size', 'checkpoint_timeout', 'wal_compression')"
            " ORDER BY name"
        )
        return " ".join(f"{name}={value}" for name, value in cursor.fetchall())


def stored_count():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM lrs_statement")
        return cursor.fetchone()[0]


def fill_to(target, client, rng, shape, progress):
    """Bulk-load generated statements until the store holds ``target``, indexes rebuilt after."""
    import orjson
    from django.db import connection

    from dovetail.engines import xapi
    from dovetail.lrs.services import authority_of
    from dovetail.lrs.services.common import key_hash

    have = stored_count()
    if have >= target:
        return have
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('lrs_statement', 'lrs_relatedkey') AND indexname NOT LIKE '%%pkey'"
            " AND indexdef NOT LIKE 'CREATE UNIQUE%%'"
        )
        indexes = cursor.fetchall()
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute("SELECT coalesce(max(seq), 0) FROM lrs_statement")
        seq = cursor.fetchone()[0]
    authority = authority_of(client)
    stored = STORED_FROM + STORED_EVERY * have
    raw = connection.connection
    chunk = 50_000
    done = have
    while done < target:
        count = min(chunk, target - done)
        statements_buf, related_buf = io.StringIO(), io.StringIO()
        for _ in range(count):
            seq += 1
            statement = make_statement(rng, **shape)
            stored += STORED_EVERY
            statement["authority"] = authority
            statement["stored"] = stored.isoformat()
            statement["version"] = "1.0.0"
            keys = xapi.statement_keys(statement)
            full = orjson.dumps(statement).decode().replace("\\", "\\\\")
            statements_buf.write(
                f"{seq}\t{statement['id']}\t{client.organisation_id}\t{client.pk}\t"
                f"{stored.isoformat()}\t{full}\t-\t{key_hash(keys.actor)}\t"
                f"{key_hash(keys.verb)}\t\\N\t{key_hash(keys.object_activity)}\t"
                f"{keys.registration}\t\\N\tf\tf\t[]\n"
            )
            for relation, values in ((1, keys.other_agents), (2, keys.other_activities)):
                for value in values:
                    related_buf.write(f"{seq}\t{relation}\t{key_hash(value)}\n")
        with raw.cursor() as cursor:
            with cursor.copy(
                "COPY lrs_statement (seq, statement_id, organisation_id, client_id, stored,"
                " payload, submitted_digest, actor, verb, object_agent, object_activity,"
                " registration, target, is_voiding, voided, attachment_hashes) FROM STDIN"
            ) as copy:
                copy.write(statements_buf.getvalue())
            with cursor.copy(
                "COPY lrs_relatedkey (statement_id, relation, key) FROM STDIN"
            ) as copy:
                copy.write(related_buf.getvalue())
        raw.commit()
        done += count
        progress(done, target, "loading")
    with connection.cursor() as cursor:
        for done_indexes, (_name, definition) in enumerate(indexes, start=1):
            cursor.execute(definition)
            progress(done_indexes, len(indexes), "indexing")
        cursor.execute("SELECT setval(pg_get_serial_sequence('lrs_statement', 'seq'), %s)", [seq])
        # as a store that has been running is: vacuumed. Otherwise autovacuum starts on the
        # freshly loaded millions in the middle of the measurement and takes one of two cores.
        cursor.execute("VACUUM ANALYZE lrs_statement")
        cursor.execute("VACUUM ANALYZE lrs_relatedkey")
    return stored_count()


class Http:
    def __init__(self, port, key, secret):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        token = base64.b64encode(f"{key}:{secret}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}

    def request(self, method, path, body=None):
        headers = dict(self.headers)
        if body is not None:
            headers["Content-Type"] = "application/json"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        if response.status >= 300:
            raise RuntimeError(f"{method} {path}: {response.status} {content[:300]!r}")
        return content


def measure_ingest(connect, rng, shape, batch, total, streams=1):
    """Statements per second POSTing ``total`` statements in batches, over ``streams``
    concurrent client connections."""
    import orjson

    bodies = [
        orjson.dumps([make_statement(rng, **shape) for _ in range(batch)])
        for _ in range(total // batch)
    ]
    clients = [connect() for _ in range(streams)]

    def send(index):
        for body in bodies[index::streams]:
            clients[index].request("POST", "/xapi/statements", body)

    started = time.perf_counter()
    threads = [threading.Thread(target=send, args=(index,)) for index in range(streams)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return total / (time.perf_counter() - started)


def measure_queries(http, rng, shape, repeats, stored):
    from urllib.parse import urlencode

    # the newer half of what is stored: the query selects among the stored statements, not
    # only the few posted while measuring
    since = (STORED_FROM + STORED_EVERY * (stored // 2)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    kinds = {
        "by agent": lambda: {
            "agent": json.dumps({"mbox": learner(rng.randrange(shape["learners"]))["mbox"]})
        },
        "by verb since": lambda: {"verb": rng.choice(VERBS), "since": since, "limit": 20},
        "by activity": lambda: {"activity": activity(rng.randrange(shape["activities"]))},
        "by registration": lambda: {"registration": rng.choice(shape["registrations"])},
        "related activities": lambda: {
            "activity": activity(rng.randrange(shape["activities"]) // 20 + 10_000_000),
            "related_activities": "true",
            "limit": 20,
        },
        "newest page": lambda: {"limit": 20},
    }
    latencies = {}
    for name, params in kinds.items():
        timings = []
        for _ in range(repeats):
            path = "/xapi/statements?" + urlencode(params())
            started = time.perf_counter()
            http.request("GET", path)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        latencies[name] = (timings[len(timings) // 2], timings[int(len(timings) * 0.95) - 1])
    return latencies


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="20 thousand stored, under a minute")
    parser.add_argument("--sizes", help="comma-separated stored sizes, e.g. 1000000,10000000")
    args = parser.parse_args()
    sizes = [20_000] if args.quick else [1_000_000, 10_000_000]
    if args.sizes:
        sizes = [int(size) for size in args.sizes.split(",")]
    django.setup()
    from rich.progress import Progress

    prepare_database()
    client, secret = bench_client()
    rng = random.Random(2026)
    shape = {
        "learners": max(1000, sizes[-1] // 200),
        "activities": max(500, sizes[-1] // 500),
        "registrations": [str(uuid.UUID(int=rng.getrandbits(128), version=4)) for _ in range(5000)],
    }
    port = _server_port()
    # a served Dovetail refuses to start without a key of its own
    env = {
        **os.environ,
        "DOVETAIL_ALLOWED_HOSTS": "127.0.0.1",
        "DOVETAIL_SECRET_KEY": secrets.token_urlsafe(50),
    }
    rows, headline = [], {}
    for size in sizes:
        with Progress() as bar:
            task = bar.add_task(f"filling to {size:,}", total=size)

            def progress(done, total, what, bar=bar, task=task, size=size):
                bar.update(task, completed=done, total=total, description=f"{what} {size:,}")

            stored = fill_to(size, client, rng, shape, progress)
        server = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "dovetail.wsgi",
                "--workers",
                "2",
                "--bind",
                f"127.0.0.1:{port}",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    http = Http(port, client.key, secret)
                    http.request("GET", "/xapi/about")
                    break
                except OSError:
                    time.sleep(0.2)

            def connect():
                return Http(port, client.key, secret)

            scale = 1 if args.quick else 4
            # The first statements into a store just loaded and indexed are not what a running
            # store sees (at 10 million the first run gave 4,253/s, later ones 2,448–4,741/s),
            # so it is warmed first; and the headline, batches of 100 from one client, runs long
            # enough to span several checkpoints, which decide how many index pages are written
            # to the WAL whole.
            measure_ingest(connect, rng, shape, 100, 2500 * scale)
            ingest = {
                (batch, streams): measure_ingest(connect, rng, shape, batch, total * scale, streams)
                for batch, total, streams in (
                    (1, 300, 1),
                    (10, 2000, 1),
                    (100, 15000, 1),
                    (100, 5000, 2),
                )
            }
            queries = measure_queries(http, rng, shape, 50 if args.quick else 200, stored)
        finally:
            server.terminate()
            server.wait()
        rows.append((stored, ingest, queries))
        headline = {
            "statements_per_s_batch100": round(max(ingest[100, 1], ingest[100, 2])),
            "statements_per_s_batch100_one_client": round(ingest[100, 1]),
            "query_p95_ms": round(max(p95 for _p50, p95 in queries.values()), 1),
            "stored": stored,
        }
    print()
    settings = server_settings()
    for stored, ingest, queries in rows:
        print(f"== {stored:,} statements stored (PostgreSQL, this 2-core machine, over HTTP)")
        print(f"   PostgreSQL: {settings}")
        print(f"{'ingest':<28}{'statements/s':>14}")
        for (batch, streams), rate in ingest.items():
            label = f"batches of {batch}, {streams} client{'s' if streams > 1 else ''}"
            print(f"  {label:<26}{rate:>14,.0f}")
        for name, rate in ANCHORS.items():
            print(f"  {name + ' (published)':<26}{rate:>14,}")
        print(f"{'query':<28}{'p50 ms':>10}{'p95 ms':>10}")
        for name, (p50, p95) in queries.items():
            print(f"  {name:<26}{p50:>10.1f}{p95:>10.1f}")
    print(json.dumps(headline))


if __name__ == "__main__":
    main()
