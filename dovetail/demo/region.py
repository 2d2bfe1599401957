"""The demo-region generator: a believable region, deterministic from a seed and a date.

It sits above every app and builds each app's rows through that app's ``bulk`` functions (the
``large`` size has 500,000 learners, so rows go in thousands at a time) and, for the few rows
that tell the personas' story, through the apps' services.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from dovetail.core import bulk as core_bulk
from dovetail.core.models import Role
from dovetail.core.tasks import long_task
from dovetail.curriculum import bulk as curriculum_bulk
from dovetail.demo import catalogue, demand, governance, lifelong
from dovetail.partnerships import bulk as partnerships_bulk
from dovetail.placements import bulk as placements_bulk
from dovetail.records import bulk as records_bulk
from dovetail.records.services import assessments, diaries
from dovetail.scheduling import bulk as scheduling_bulk
from dovetail.skills import bulk as skills_bulk

PERSONA_PASSWORD = "dovetail-demo"
# 0-based weeks of the demo practice year closed to practice: exams and the winter holiday.
CLOSED_WEEKS = [
    (8, "exam"),
    (18, "exam"),
    (19, "holiday"),
    (20, "holiday"),
    (28, "exam"),
    (38, "exam"),
]


@dataclass(frozen=True)
class RegionSize:
    regions: int
    colleges: int
    enterprises: int
    learners: int


SIZES = {
    "small": RegionSize(regions=1, colleges=1, enterprises=6, learners=200),
    "medium": RegionSize(regions=2, colleges=5, enterprises=200, learners=20_000),
    # one region the size of a province: a regional round places all 500,000 learners at once
    "large": RegionSize(regions=1, colleges=50, enterprises=5_000, learners=500_000),
}

# (username, role, full name) of the logins printed for the demo, one per persona.
PERSONAS = [
    ("coordinator", Role.COORDINATOR, "Chen Jing 陈静"),
    ("teacher", Role.TEACHER, "Li Ming 李明"),
    ("hr", Role.ENTERPRISE_HR, "Wang Fang 王芳"),
    ("pm", Role.PROJECT_MANAGER, "Zhao Lei 赵磊"),
    ("mentor", Role.MENTOR, "Sun Qiang 孙强"),
    ("learner", Role.LEARNER, "Zhang Xinyi 张欣怡"),
    ("alumnus", Role.LEARNER, "Wu Hao 吴昊"),
    ("officer", Role.OFFICER, "Liu Yang 刘洋"),
]

CAREER_STAGES = [
    ("student", 0.70),
    ("apprentice", 0.10),
    ("graduate", 0.10),
    ("in_service", 0.07),
    ("adult", 0.03),
]


class RegionAlreadyExists(Exception):
    pass


def persona_logins() -> list[dict]:
    """The persona logins that exist in this database, for printing after the demo starts."""
    existing = core_bulk.existing_usernames([p[0] for p in PERSONAS] + ["admin"])
    rows = [
        {"username": username, "password": PERSONA_PASSWORD, "role": str(role.label)}
        for username, role, _ in PERSONAS
        if username in existing
    ]
    if "admin" in existing:
        rows.append({"username": "admin", "password": PERSONA_PASSWORD, "role": "Administrator"})
    return rows


@long_task("generate_region")
def generate_region(progress, *, size: str = "small", seed: int = 2026, today: str | None = None):
    """Generate a whole region; writes everything or, on any error, nothing."""
    if size not in SIZES:
        raise ValueError(f"size must be one of {', '.join(SIZES)}, not {size!r}")
    on = date.fromisoformat(today) if today else timezone.localdate()
    # One transaction: a half-built region would break every page that reads it.
    with transaction.atomic():
        if core_bulk.organisations_exist():
            raise RegionAlreadyExists(
                "This database already holds organisations; generate into an empty one "
                "(dovetail generate --fresh)."
            )
        builder = _RegionBuilder(SIZES[size], random.Random(seed), on, progress)
        counts = builder.build()
    if connection.vendor == "postgresql":
        # the planner's statistics still describe an empty database; without them the first
        # pages join every learner where one placement would do
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return counts


def _grouped(items, key) -> dict:
    """``items`` in lists by ``key(item)``, each list in the items' order."""
    groups: dict = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return groups


def _cycle(index: int, stride: int, names: list):
    """The name for the ``index``-th item when ``stride`` items share each name in turn,
    and how many times the list has been used up (to number the repeats)."""
    return names[(index // stride) % len(names)], index // (stride * len(names))


class _RegionBuilder:
    def __init__(self, size: RegionSize, rng: random.Random, today: date, progress):
        self.size = size
        self.rng = rng
        self.today = today
        self.progress = progress
        self.persona_hash = make_password(PERSONA_PASSWORD)
        self.counts: dict[str, int] = {}
        # (organisation id, role) -> user ids of the generated staff
        self.staff: dict[tuple[int, str], list[int]] = {}
        self.personas: dict = {}

    def build(self) -> dict:
        size = self.size
        self.progress.start(size.learners + size.enterprises + size.colleges, "regions")
        regions, authorities = self._regions()
        colleges = self._colleges(regions)
        programmes = self._programmes(colleges)
        enterprises, zones = self._enterprises(regions)
        partnerships, agreements = self._partnerships(colleges, enterprises)
        self._staff(colleges, enterprises, authorities)
        self.skills_by_code = skills_bulk.default_skills()
        self.skills_by_industry = {
            industry: [
                skill
                for skill in self.skills_by_code.values()
                if skill.parent is not None and skill.parent.code == industry
            ]
            for industry in catalogue.INDUSTRIES
        }
        offers = self._offers(enterprises, zones)
        self._demand_and_supply(enterprises, programmes)
        self._calendars(colleges, enterprises)
        rounds = self._rounds(colleges, partnerships, offers)
        self._learners(colleges, programmes, partnerships, rounds)
        governance.build_governance(self, partnerships, agreements)
        college = colleges[0]
        self._personas(college, partnerships, programmes, authorities)
        self._current_placement(college, partnerships, zones)
        teaching_order = sorted(
            self.modules_of[self.persona_programme.pk], key=lambda m: (m.semester, m.pk)
        )
        lifelong.build_lifelong(self, college, partnerships[college.pk][0], teaching_order)
        governance.publish_demo_case(
            partnerships[college.pk][0],
            author=self.personas["pm"],
            reviewer=self.personas["hr"],
            today=self.today,
        )
        self.progress.note("done")
        return self.counts

    # -- helpers -------------------------------------------------------------------------

    def _bulk(self, add, rows) -> list:
        """Add rows through an app's bulk function, counting them by kind."""
        created = add(rows)
        if created:
            key = str(created[0]._meta.verbose_name_plural)
            self.counts[key] = self.counts.get(key, 0) + len(created)
        return created

    def _person_name(self) -> str:
        rng = self.rng
        return rng.choice(catalogue.SURNAMES) + "".join(
            rng.choice(catalogue.GIVEN) for _ in range(rng.choice((1, 2)))
        )

    def _users(self, usernames) -> list:
        return self._bulk(
            core_bulk.add_users,
            [
                {
                    "username": username,
                    "full_name": self._person_name(),
                    "email": f"{username}@example.org",
                }
                for username in usernames
            ],
        )

    # -- organisations -------------------------------------------------------------------

    def _regions(self):
        regions = self._bulk(
            core_bulk.add_regions,
            [
                {"code": code, "name": en, "name_zh": zh}
                for code, en, zh in catalogue.REGIONS[: self.size.regions]
            ],
        )
        authorities = []
        for region in regions:
            authorities.append(
                {
                    "code": f"{region.code}-education-bureau",
                    "kind": "authority",
                    "region": region,
                    "name": f"{region.name} Education Bureau",
                    "name_zh": f"{region.name_zh}教育局",
                }
            )
            authorities.append(
                {
                    "code": f"{region.code}-industry-association",
                    "kind": "association",
                    "region": region,
                    "name": f"{region.name} Industry-Education Alliance",
                    "name_zh": f"{region.name_zh}产教融合联盟",
                }
            )
        return regions, self._bulk(core_bulk.add_organisations, authorities)

    def _colleges(self, regions) -> list:
        colleges = []
        for i in range(self.size.colleges):
            region = regions[i % len(regions)]
            (kind_en, kind_zh), series = _cycle(i, len(regions), catalogue.COLLEGE_KINDS)
            suffix = f" No. {series + 1}" if series else ""
            colleges.append(
                {
                    "code": f"college-{i + 1:03d}",
                    "kind": "college",
                    "region": region,
                    "city": region.name,
                    "name": f"{region.name} {kind_en}{suffix}",
                    "name_zh": f"{region.name_zh}{kind_zh}{f'第{series + 1}校' if series else ''}",
                }
            )
        created = self._bulk(core_bulk.add_organisations, colleges)
        self.progress.advance(len(created), "colleges")
        return created

    def _programmes(self, colleges) -> dict[int, list]:
        """Three industries' programmes per college, each with its modules. A programme's
        industry is kept beside it (``industry_of``), for the offers and learners built on it."""
        rows, industries = [], []
        for college in colleges:
            for industry in self.rng.sample(sorted(catalogue.INDUSTRIES), k=3):
                for code, name, name_zh in catalogue.INDUSTRIES[industry]["programmes"]:
                    rows.append(
                        {
                            "college": college,
                            "code": code,
                            "name": name,
                            "name_zh": name_zh,
                            "qualification_level": 5,
                            "duration_years": 3,
                        }
                    )
                    industries.append(industry)
        created = self._bulk(curriculum_bulk.add_programmes, rows)
        self.industry_of = {p.pk: industry for p, industry in zip(created, industries, strict=True)}
        modules = []
        for programme in created:
            spec = catalogue.INDUSTRIES[self.industry_of[programme.pk]]["modules"]
            for semester, (code, name, name_zh, workplace) in enumerate(spec, start=1):
                modules.append(
                    {
                        "programme": programme,
                        "code": code,
                        "name": name,
                        "name_zh": name_zh,
                        "credits": 4 if workplace else 3,
                        "hours": 96 if workplace else 64,
                        "semester": min(semester, 6),
                        "workplace_based": workplace,
                        "delivery_mode": "workplace" if workplace else "campus",
                    }
                )
        # in the order the curriculum lists them: by programme, semester and code
        self.modules = sorted(
            self._bulk(curriculum_bulk.add_modules, modules),
            key=lambda m: (m.programme_id, m.semester, m.code),
        )
        self.modules_of = _grouped(self.modules, lambda m: m.programme_id)
        return _grouped(created, lambda p: p.college_id)

    def _enterprises(self, regions):
        rng = self.rng
        industries = sorted(catalogue.INDUSTRIES)
        rows = []
        for i in range(self.size.enterprises):
            region = regions[i % len(regions)]
            industry = industries[i % len(industries)]
            word_en, word_zh = rng.choice(catalogue.INDUSTRIES[industry]["enterprise_words"])
            (prefix_en, prefix_zh), series = _cycle(i, len(industries), catalogue.CITY_PREFIXES)
            suffix = f" ({series + 1})" if series else ""
            rows.append(
                {
                    "code": f"enterprise-{i + 1:05d}",
                    "kind": "enterprise",
                    "region": region,
                    "industry": industry,
                    "city": region.name,
                    "name": f"{region.name} {prefix_en} {word_en}{suffix}",
                    "name_zh": f"{region.name_zh}{prefix_zh}{word_zh}{suffix}",
                }
            )
        created = self._bulk(core_bulk.add_organisations, rows)
        zones = []
        for enterprise in created:
            for kind, level, name, name_zh in catalogue.ZONE_TEMPLATES[: rng.choice((2, 3, 4))]:
                zones.append(
                    {
                        "enterprise": enterprise,
                        "kind": kind,
                        "confidentiality_level": level,
                        "name": name,
                        "name_zh": name_zh,
                        "capacity": rng.choice((4, 6, 8, 12)) if level < 3 else 2,
                    }
                )
        zones = self._bulk(partnerships_bulk.add_zones, zones)
        self.progress.advance(len(created), "enterprises")
        return created, _grouped(zones, lambda z: z.enterprise_id)

    def _partnerships(self, colleges, enterprises):
        rng, today = self.rng, self.today
        colleges_by_region = _grouped(colleges, lambda c: c.region_id)
        rows = []
        for enterprise in enterprises:
            local = colleges_by_region.get(enterprise.region_id) or colleges
            for college in rng.sample(local, k=min(len(local), rng.choice((1, 1, 2)))):
                rows.append(
                    {
                        "college": college,
                        "enterprise": enterprise,
                        "started_on": today - timedelta(days=rng.randint(120, 2000)),
                    }
                )
        created = self._bulk(partnerships_bulk.add_partnerships, rows)
        agreements = []
        for partnership in created:
            kind, label = rng.choice(partnerships_bulk.AGREEMENT_KINDS)
            starts = today - timedelta(days=rng.randint(30, 900))
            ends = starts + timedelta(days=3 * 365)
            if rng.random() < 0.15:  # some agreements come up for renewal soon
                ends = today + timedelta(days=rng.randint(5, 55))
            agreements.append(
                {
                    "partnership": partnership,
                    "kind": kind,
                    "title": f"{label}: {partnership.enterprise.name}",
                    "signed_on": None if rng.random() < 0.1 else starts - timedelta(days=10),
                    "starts_on": starts,
                    "ends_on": ends,
                }
            )
        agreements = self._bulk(partnerships_bulk.add_agreements, agreements)
        return _grouped(created, lambda p: p.college_id), agreements

    # -- people --------------------------------------------------------------------------

    def _staff(self, colleges, enterprises, authorities):
        plan = []  # (organisation, role, how many)
        for college in colleges:
            teachers = max(4, self.size.learners // self.size.colleges // 60)
            plan += [(college, Role.COORDINATOR, 2), (college, Role.TEACHER, teachers)]
        for enterprise in enterprises:
            plan += [
                (enterprise, Role.ENTERPRISE_HR, 1),
                (enterprise, Role.PROJECT_MANAGER, 1),
                (enterprise, Role.MENTOR, 2),
            ]
        plan += [(authority, Role.OFFICER, 2) for authority in authorities]
        total = sum(count for _, _, count in plan)
        users = self._users(f"staff{i:06d}" for i in range(total))
        memberships, position = [], 0
        for organisation, role, count in plan:
            for user in users[position : position + count]:
                memberships.append({"user": user, "organisation": organisation, "role": role})
                self.staff.setdefault((organisation.pk, role), []).append(user.pk)
            position += count
        self._bulk(core_bulk.add_memberships, memberships)

    # -- offers, demand and calendars ----------------------------------------------------

    def _offers(self, enterprises, zones) -> dict[int, list]:
        """One or two placement offers per enterprise, on zones up to confidential."""
        rng, today = self.rng, self.today
        rows, wanted = [], []
        modes = ["on_site"] * 6 + ["remote", "virtual"]
        for enterprise in enterprises:
            industry_name = catalogue.INDUSTRIES[enterprise.industry]["name"][0]
            # mostly open and internal zones: few learners hold clearances for confidential ones
            open_zones = sorted(
                (z for z in zones[enterprise.pk] if z.confidentiality_level <= 1),
                key=lambda z: (z.confidentiality_level, z.name),
            )
            for zone in rng.sample(open_zones, k=min(len(open_zones), rng.choice((1, 2)))):
                starts = today + timedelta(days=rng.randint(30, 75))
                seats = rng.randint(2, 6)
                rows.append(
                    {
                        "enterprise": enterprise,
                        "zone": zone,
                        "title": f"{zone.name}: {industry_name} placement",
                        "seats": seats,
                        "starts_on": starts,
                        "ends_on": starts + timedelta(weeks=rng.choice((4, 8, 12))),
                        "mode": rng.choice(modes),
                        "accepts_in_training": rng.random() < 0.5,
                        "reserved_rural": 1 if rng.random() < 0.3 else 0,
                        "status": "approved" if rng.random() < 0.85 else "submitted",
                    }
                )
                skills = self.skills_by_industry[enterprise.industry]
                wanted.append(rng.sample(skills, k=min(len(skills), rng.randint(1, 3))))
        for row, skills in zip(rows, wanted, strict=True):
            row["skills"] = [
                {"skill": skill, "min_proficiency": rng.randint(1, 3)} for skill in skills
            ]
        offers = self._bulk(placements_bulk.add_offers, rows)
        return _grouped(offers, lambda o: o.enterprise_id)

    def _demand_and_supply(self, enterprises, programmes):
        occupations = skills_bulk.default_occupations()
        self._bulk(
            skills_bulk.add_demands,
            demand.build_demand(
                self.rng,
                self.today,
                enterprises,
                self.skills_by_code,
                self.skills_by_industry,
                occupations,
            ),
        )
        every_programme = [p for listed in programmes.values() for p in listed]
        outcomes, plans = demand.build_supply(
            self.rng,
            self.today,
            self.modules,
            [(p, self.industry_of[p.pk]) for p in every_programme],
            self.skills_by_code,
            occupations,
        )
        self._bulk(curriculum_bulk.add_outcomes, outcomes)
        self._bulk(curriculum_bulk.add_graduate_plans, plans)

    def _calendars(self, colleges, enterprises):
        """A 40-week practice year per college from this Monday; a peak season per enterprise."""
        monday = self.today - timedelta(days=self.today.weekday())
        self._bulk(
            scheduling_bulk.add_calendars,
            [
                {
                    "college": college,
                    "name": f"{self.today.year} practice year",
                    "first_monday": monday,
                    "closed_weeks": [{"index": i, "kind": kind} for i, kind in CLOSED_WEEKS],
                }
                for college in colleges
            ],
        )
        periods = []
        for enterprise in enterprises:
            start = monday + timedelta(weeks=self.rng.randint(4, 30))
            periods.append(
                {
                    "enterprise": enterprise,
                    "kind": "peak",
                    "title": "Peak season",
                    "starts_on": start,
                    "ends_on": start + timedelta(weeks=self.rng.choice((4, 6, 8)), days=-1),
                }
            )
        self._bulk(scheduling_bulk.add_enterprise_periods, periods)

    def _rounds(self, colleges, partnerships, offers) -> dict[int, tuple]:
        """An open matching round per college over its partners' approved offers."""
        deadline = timezone.make_aware(datetime.combine(self.today + timedelta(days=14), time(18)))
        rows = []
        for college in colleges:
            rows.append(
                {
                    "college": college,
                    "name": f"{self.today.year} placement round",
                    "preference_deadline": deadline,
                    "seed": self.rng.randrange(2**31),
                    "offers": [
                        {"offer": offer}
                        for partnership in partnerships.get(college.pk, [])
                        for offer in offers.get(partnership.enterprise_id, [])
                        if offer.status == "approved"
                    ],
                }
            )
        included = [[link["offer"] for link in row["offers"]] for row in rows]
        rounds = self._bulk(placements_bulk.add_rounds, rows)
        return {
            round_.college_id: (round_, listed)
            for round_, listed in zip(rounds, included, strict=True)
        }

    # -- learners ------------------------------------------------------------------------

    def _competencies(self, user, programme) -> list[dict]:
        rng = self.rng
        skills = self.skills_by_industry[self.industry_of[programme.pk]]
        return [
            {
                "learner": user,
                "skill": skill,
                "proficiency": rng.randint(1, 4),
                "source": rng.choice(records_bulk.COMPETENCY_SOURCES),
                "achieved_on": self.today - timedelta(days=rng.randint(10, 600)),
            }
            for skill in rng.sample(skills, k=min(len(skills), rng.randint(2, 4)))
        ]

    def _preferences(self, profile, round_, offers, cleared) -> list[dict]:
        """Half the learners rank 3-5 offers, mostly ones the page tells them they may take:
        in their programme's industry, in open zones or with the enterprise that cleared them."""
        if not offers or self.rng.random() < 0.5:
            return []
        takeable = [
            o for o in offers if o.zone.confidentiality_level == 0 or o.enterprise_id in cleared
        ]
        industry = self.industry_of[profile.programme_id]
        relevant = [o for o in takeable if o.enterprise.industry == industry]
        pool = relevant if len(relevant) >= 3 else takeable
        if not pool or self.rng.random() < 0.1:
            pool = offers
        chosen = self.rng.sample(pool, k=min(len(pool), self.rng.randint(3, 5)))
        return [
            {"round": round_, "learner": profile, "offer": offer, "rank": rank}
            for rank, offer in enumerate(chosen, start=1)
        ]

    def _learners(self, colleges, programmes, partnerships, rounds):
        rng, today = self.rng, self.today
        stages = [stage for stage, _ in CAREER_STAGES]
        weights = [weight for _, weight in CAREER_STAGES]
        per_college = self.size.learners // len(colleges)
        chunk_size = 10 * core_bulk.BATCH
        for index, college in enumerate(colleges):
            count = per_college + (self.size.learners % len(colleges) if index == 0 else 0)
            for start in range(0, count, chunk_size):
                chunk = min(chunk_size, count - start)
                users = self._users(f"{college.code}-{start + i:06d}" for i in range(chunk))
                profiles, clearances = [], []
                for user in users:
                    stage = rng.choices(stages, weights)[0]
                    profiles.append(
                        {
                            "user": user,
                            "college": college,
                            "programme": rng.choice(programmes[college.pk]),
                            "student_number": user.username.split("-", 2)[-1],
                            "career_stage": stage,
                            "cohort_year": today.year - rng.randint(0, 3),
                            "rural": rng.random() < 0.35,
                            "disadvantaged": rng.random() < 0.12,
                            "disability": rng.random() < 0.03,
                        }
                    )
                    if college.pk in partnerships and rng.random() < 0.3:
                        signed = today - timedelta(days=rng.randint(0, 400))
                        clearances.append(
                            {
                                "holder": user,
                                "partnership": rng.choice(partnerships[college.pk]),
                                "level": rng.choice((1, 1, 2)),
                                "signed_on": signed,
                                "expires_on": signed + timedelta(days=365),
                            }
                        )
                profiles = self._bulk(core_bulk.add_learners, profiles)
                self.counts["memberships"] = self.counts.get("memberships", 0) + len(profiles)
                self._bulk(partnerships_bulk.add_clearances, clearances)
                self._bulk(
                    records_bulk.add_competencies,
                    [c for p in profiles for c in self._competencies(p.user, p.programme)],
                )
                round_, offers = rounds[college.pk]
                cleared = {c["holder"].pk: {c["partnership"].enterprise_id} for c in clearances}
                self._bulk(
                    placements_bulk.add_preferences,
                    [
                        x
                        for p in profiles
                        for x in self._preferences(p, round_, offers, cleared.get(p.user_id, set()))
                    ],
                )
                self.progress.advance(chunk, f"learners of {college.name}")

    # -- the personas' story ---------------------------------------------------------------

    def _personas(self, college, partnerships, programmes, authorities):
        """Named logins on the first college, its first partner enterprise and the region."""
        partnership = partnerships[college.pk][0]
        authority = next(a for a in authorities if a.code.endswith("-education-bureau"))
        home = {
            Role.COORDINATOR: college,
            Role.TEACHER: college,
            Role.ENTERPRISE_HR: partnership.enterprise,
            Role.PROJECT_MANAGER: partnership.enterprise,
            Role.MENTOR: partnership.enterprise,
            Role.OFFICER: authority,
        }
        users = core_bulk.add_users(
            [
                {
                    "username": username,
                    "full_name": full_name,
                    "email": f"{username}@example.org",
                    "password": self.persona_hash,
                }
                for username, _role, full_name in PERSONAS
            ]
            + [
                {
                    "username": "admin",
                    "full_name": "Dovetail administrator",
                    "password": self.persona_hash,
                    "is_staff": True,
                    "is_superuser": True,
                }
            ]
        )
        self.personas = {user.username: user for user in users}
        core_bulk.add_memberships(
            {"user": self.personas[username], "organisation": home[role], "role": role}
            for username, role, _ in PERSONAS
            if role != Role.LEARNER
        )
        # the first of the college's programmes, as its programme list shows them
        self.persona_programme = min(programmes[college.pk], key=lambda p: p.code)
        learner, alumnus = core_bulk.add_learners(
            [
                {
                    "user": self.personas["learner"],
                    "college": college,
                    "programme": self.persona_programme,
                    # above every generated number, so no two learners share it
                    "student_number": "900001",
                    "career_stage": "student",
                    "cohort_year": self.today.year - 1,
                    "rural": True,
                },
                {
                    # graduated three years ago; the lifelong part of the demo follows his career
                    "user": self.personas["alumnus"],
                    "college": college,
                    "programme": self.persona_programme,
                    "student_number": "900002",
                    "career_stage": "graduate",
                    "cohort_year": self.today.year - 6,
                },
            ]
        )
        self.personas["learner"].learner_profile = learner
        self.personas["alumnus"].learner_profile = alumnus
        partnerships_bulk.add_clearances(
            [
                {
                    "holder": self.personas["learner"],
                    "partnership": partnership,
                    "level": 1,
                    "signed_on": self.today - timedelta(days=30),
                    "expires_on": self.today + timedelta(days=20),
                }
            ]
        )

    def _current_placement(self, college, partnerships, zones):
        """The persona learner three weeks into a placement mentored by the persona mentor:
        a diary with a signed week, a rubric and a co-assessment waiting for the mentor."""
        enterprise = partnerships[college.pk][0].enterprise
        learner, mentor, teacher = (
            self.personas[name] for name in ("learner", "mentor", "teacher")
        )
        today = self.today
        started = today - timedelta(days=today.weekday() + 14)
        open_zone = min(
            (z for z in zones[enterprise.pk] if z.confidentiality_level == 0),
            key=lambda z: z.name,
        )
        (offer,) = placements_bulk.add_offers(
            [
                {
                    "enterprise": enterprise,
                    "zone": open_zone,
                    "title": f"{enterprise.name}: production line practice",
                    "seats": 2,
                    "starts_on": started,
                    "ends_on": started + timedelta(weeks=12),
                    "status": "approved",
                    "mentor": mentor,
                }
            ]
        )
        (round_,) = placements_bulk.add_rounds(
            [
                {
                    "college": college,
                    "name": f"{today.year} spring placements",
                    "preference_deadline": timezone.make_aware(datetime.combine(started, time(18))),
                    "status": "published",
                    "published_at": timezone.make_aware(datetime.combine(started, time(9))),
                    "seed": self.rng.randrange(2**31),
                }
            ]
        )
        (placement,) = placements_bulk.add_placements(
            [
                {
                    "learner": learner.learner_profile,
                    "offer": offer,
                    "round": round_,
                    "starts_on": offer.starts_on,
                    "ends_on": offer.ends_on,
                }
            ]
        )
        skills = self.skills_by_industry[enterprise.industry]
        for day, (did, learned) in enumerate(catalogue.DIARY_DAYS):
            written_on = started + timedelta(days=day + 2 * (day // 5))
            if written_on >= min(today, timezone.localdate()):
                break
            diaries.write_entry(
                placement,
                by=learner,
                written_on=written_on,
                activities=did,
                learned=learned,
                hours=8,
                skills=skills[day % len(skills) : day % len(skills) + 1],
            )
        diaries.sign_off_week(placement, started, by=mentor, comment="Careful, steady start.")
        rubric = assessments.create_rubric(
            by=teacher,
            organisation=college,
            title="Workplace practice: production line",
            offer=offer,
            criteria=[
                {
                    "title": title,
                    "weight": weight,
                    "skill": skills[index % len(skills)],
                    "descriptors": descriptors,
                }
                for index, (title, weight, descriptors) in enumerate(catalogue.RUBRIC_CRITERIA)
            ],
        )
        assessment = assessments.start_assessment(rubric, placement, by=teacher)
        assessments.rate(
            assessment,
            by=teacher,
            levels={criterion.pk: 2 for criterion in rubric.criteria.all()},
        )
