"""The end-to-end half of benchmarks/skills.py: generated job adverts imported from one CSV file,
mapped onto ESCO and stored, through Dovetail's own services, on a throw-away SQLite database."""

import csv
import io
import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

OPENINGS = [
    "We are hiring a {role} for our {city} site.",
    "Join our team as a {role}.",
    "{company} is looking for an experienced {role}.",
]
DUTIES = [
    "You will {a} and {b}.",
    "Main tasks: {a}; {b}; {c}.",
    "In this role you {a} and help colleagues {b}.",
]
CLOSINGS = [
    "We offer training and a friendly team.",
    "Shift work; overtime is paid.",
    "A vocational qualification or a degree is welcome.",
    "Experience of {years}+ years is an advantage.",
]
CITIES = ["Haibin", "Jinghai", "Nanshan", "Qingzhou", "Xinyuan"]


def _esco(data: Path):
    from dovetail.core.models import User
    from dovetail.core.tasks import Progress
    from dovetail.skills.esco import import_esco

    admin = User.objects.create_superuser("bench-admin", "bench@example.cn", "x")
    import_esco(data / "esco", by=admin, progress=Progress())
    return admin


def _adverts_csv(count: int, rng: random.Random) -> bytes:
    from dovetail.skills.models import Occupation, Skill

    labels = [
        label
        for label, alt in Skill.objects.filter(taxonomy__slug="esco")
        .exclude(kind=Skill.Kind.GROUP)
        .values_list("label", "alt_labels")
        for label in [label, *alt.splitlines()[:2]]
    ]
    roles = list(Occupation.objects.filter(taxonomy__slug="esco").values_list("label", flat=True))
    start = date(2025, 1, 1)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "text", "posted_on", "headcount", "reference"])
    for n in range(count):
        role = rng.choice(roles)
        text = " ".join(
            [
                rng.choice(OPENINGS).format(role=role, city=rng.choice(CITIES), company=f"Co {n}"),
                rng.choice(DUTIES).format(
                    a=rng.choice(labels), b=rng.choice(labels), c=rng.choice(labels)
                ),
                rng.choice(CLOSINGS).format(years=rng.randint(1, 8)),
            ]
        )
        day = start + timedelta(days=rng.randrange(600))
        writer.writerow([role, text, day.isoformat(), rng.choice((1, 2, 5)), f"A{n}"])
    return buffer.getvalue().encode("utf-8")


def run(count: int) -> float:
    """Import, map and store ``count`` adverts; returns the seconds that took."""
    folder = tempfile.mkdtemp(prefix="dovetail-skills-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dovetail.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    from benchmarks.skills import shared_data
    from dovetail.core.models import Membership, Organisation, Region, Role, User
    from dovetail.core.tasks import Progress
    from dovetail.skills.demand import import_demands
    from dovetail.skills.models import DemandSkill

    print("  loading ESCO into a throw-away database", flush=True)
    _esco(shared_data())
    region = Region.objects.create(code="bench", name="Bench")
    enterprise = Organisation.objects.create(
        code="bench-co", kind=Organisation.Kind.ENTERPRISE, region=region, name="Bench Co"
    )
    hr = User.objects.create(username="bench-hr")
    Membership.objects.create(user=hr, organisation=enterprise, role=Role.ENTERPRISE_HR)
    content = _adverts_csv(count, random.Random(2026))
    print(f"  importing {count:,} adverts ({len(content) / 1e6:.1f} MB of CSV)", flush=True)
    progress = Progress(listener=_printer(), interval=5.0)
    started = time.perf_counter()
    result = import_demands(enterprise, "adverts.csv", content, by=hr, progress=progress)
    seconds = time.perf_counter() - started
    stored = DemandSkill.objects.count()
    print(
        f"  {result['created']:,} adverts created and {result['mapped']:,} mapped; "
        f"{stored:,} advert–skill links stored ({stored / max(count, 1):.1f} an advert)"
    )
    return seconds


def _printer():
    started = time.perf_counter()

    def listener(done, total, message):
        print(
            f"    {done:,}/{total:,} {message} ({time.perf_counter() - started:.0f} s)", flush=True
        )

    return listener
