"""Benchmark: matching rounds end to end on PostgreSQL — one college's round and a whole region's.

End to end is what `run_round` does when a coordinator (or, for the region, an officer) presses
"Run": read the round's offers and preferences, decide every choice's eligibility (placements
already held, the agreements' participation rules and clearances, programmes, career stages,
required skills), rank applicants, match, explain every outcome and write every allocation, in
one transaction. Beside it, the matching engine alone on the same arrays.

The region is the demo generator's, built once into the database and reused: `large` (one region,
50 colleges, 500,000 learners) or, with --quick, `medium` (its larger region). The regional round
is opened over every college of the region: every learner there ranks the choices they made in
their college's round, and those who made none rank five of their college's partners' offers at
random.

    python benchmarks/rounds.py            # the large region (the first run generates it)
    python benchmarks/rounds.py --quick    # the medium region, under a minute once generated
    DATABASE_URL=postgres://… python benchmarks/rounds.py   (default: dovetail_rounds_bench)

The last line is JSON with college_learners, college_s, region_learners, region_s, engine_s
(the engine alone on the regional round).
"""

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/dovetail_rounds_bench")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")

import django  # noqa: E402


def ensure_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        if not admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            admin.execute(f'CREATE DATABASE "{name}"')


def ensure_region(size: str) -> None:
    from django.core.management import call_command

    from dovetail.core.models import Organisation
    from dovetail.core.tasks import submit

    call_command("migrate", verbosity=0)
    if Organisation.objects.exists():
        return
    print(f"generating the {size} region once (reused by later runs)…", flush=True)
    started = time.perf_counter()
    run = submit("generate_region", backend="inline", raise_errors=True, size=size, seed=2026)
    print(f"  generated in {time.perf_counter() - started:,.0f} s: {run.result}", flush=True)


def regional_round(region, officer):
    """A regional round over ``region``, each learner ranking what they ranked at their college
    (copied in SQL: setting it up is not what is measured)."""
    from django.db import connection
    from django.utils import timezone

    from dovetail.placements import services
    from dovetail.placements.models import Preference, Round

    Round.objects.filter(region=region, name="Benchmark regional round").delete()
    round_ = services.open_round(
        by=officer,
        region=region,
        name="Benchmark regional round",
        preference_deadline=timezone.now() - timedelta(days=1),
        precedence=Round.Precedence.RESERVE_FIRST,
        seed=2026,
    )
    table = Preference._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {table} (round_id, learner_id, offer_id, rank)
            SELECT %s, p.learner_id, p.offer_id, p.rank
            FROM {table} p
            JOIN placements_round r ON r.id = p.round_id
            JOIN core_organisation c ON c.id = r.college_id
            WHERE r.status = 'open' AND c.region_id = %s
            """,
            [round_.pk, region.pk],
        )
    _everyone_ranks(round_, region)
    return round_


def _everyone_ranks(round_, region, choices=5):
    """Learners who ranked nothing at their college rank five of the round's offers from their
    college's partners, at random, so the regional round holds every learner of the region."""
    import numpy as np
    from django.db import connection

    from dovetail.core.models import LearnerProfile
    from dovetail.partnerships.models import Partnership
    from dovetail.placements.models import Preference

    ranked = Preference.objects.filter(round=round_).values("learner_id")
    silent = LearnerProfile.objects.filter(college__region=region).exclude(pk__in=ranked)
    rng = np.random.default_rng(2026)
    lines = []
    for college in sorted(set(silent.values_list("college_id", flat=True))):
        partners = Partnership.objects.filter(college_id=college).values("enterprise")
        offers = np.array(
            round_.offers.filter(enterprise__in=partners).values_list("pk", flat=True),
            dtype=np.int64,
        )
        learners = list(silent.filter(college_id=college).values_list("pk", flat=True))
        if len(offers) < choices:
            continue
        # a random permutation's first five: no learner ranks an offer twice
        picks = np.argsort(rng.random((len(learners), len(offers))), axis=1)[:, :choices]
        lines.extend(
            f"{round_.pk}\t{learner}\t{offers[offer]}\t{rank + 1}\n"
            for learner, row in zip(learners, picks.tolist(), strict=True)
            for rank, offer in enumerate(row)
        )
    table = Preference._meta.db_table
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(
            f"COPY {table} (round_id, learner_id, offer_id, rank) FROM STDIN"
        ) as copy,
    ):
        copy.write("".join(lines).encode())


def timed_run(round_, by):
    """Seconds for run_round end to end, rolled back so the next run starts the same."""
    from django.db import transaction

    from dovetail.placements import services

    class Undo(Exception):
        pass

    started = time.perf_counter()
    try:
        with transaction.atomic():
            summary = services.run_round(round_, by=by, early=True)
            seconds = time.perf_counter() - started
            raise Undo
    except Undo:
        pass
    return seconds, summary


def engine_seconds(round_) -> float:
    from dovetail.engines import matching
    from dovetail.placements.round_input import fetch_problem

    problem = fetch_problem(round_).problem
    started = time.perf_counter()
    matching.match(problem, seed=round_.seed, precedence=round_.precedence)
    return time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="the medium region")
    args = parser.parse_args()
    ensure_database(os.environ["DATABASE_URL"])
    django.setup()

    from django.db.models import Count

    from dovetail.core.models import Membership, Region, Role
    from dovetail.engines import matching
    from dovetail.placements.models import Round

    ensure_region("medium" if args.quick else "large")
    # compile the engine once, as a long-running worker has
    matching.match(matching.build_problem([[0]], [[0]], [1]), seed=0)

    college_round = (
        Round.objects.filter(status=Round.Status.OPEN, college__isnull=False)
        .annotate(learners=Count("preferences__learner", distinct=True))
        .order_by("-learners")
        .first()
    )
    coordinator = Membership.objects.filter(
        organisation=college_round.college, role=Role.COORDINATOR
    ).first()
    college_s, college = min(
        (timed_run(college_round, coordinator.user) for _ in range(3)), key=lambda r: r[0]
    )
    print(
        f"college round ({college_round.college}): {college['learners']:,} learners, "
        f"{college['offers']:,} offers, {college['placed']:,} placed: {college_s:.2f} s end to end"
    )

    region = Region.objects.annotate(colleges=Count("organisations")).order_by("-colleges").first()
    officer = Membership.objects.filter(role=Role.OFFICER, organisation__region=region).first()
    regional = regional_round(region, officer.user)
    region_s, summary = timed_run(regional, officer.user)
    engine_s = engine_seconds(regional)
    print(
        f"regional round ({region}): {summary['learners']:,} learners, {summary['offers']:,} "
        f"offers, {summary['placed']:,} placed: {region_s:.1f} s end to end, of which the "
        f"matching engine {engine_s:.2f} s"
    )
    regional.delete()
    print(
        json.dumps(
            {
                "college_learners": college["learners"],
                "college_s": round(college_s, 3),
                "region_learners": summary["learners"],
                "region_s": round(region_s, 2),
                "engine_s": round(engine_s, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
