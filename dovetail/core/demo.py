"""The demo-region generator: a believable region, deterministic from a seed and a date.

It is the one place that writes every app's tables directly: it is a fixture builder, and
at the ``large`` size (500,000 learners) it must bulk-insert rather than go row by row through
services.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dovetail.core import demo_catalogue as catalogue
from dovetail.core import demo_demand, demo_governance, demo_lifelong
from dovetail.core.models import LearnerProfile, Membership, Organisation, Region, Role, User
from dovetail.core.tasks import long_task
from dovetail.curriculum.models import GraduatePlan, LearningOutcome, Module, Programme
from dovetail.curriculum.services import map_outcomes
from dovetail.partnerships.models import (
    Agreement,
    Clearance,
    ParticipationRule,
    Partnership,
    TemporalPriorityRule,
    Zone,
)
from dovetail.partnerships.services import DEFAULT_PARTICIPATION_RULES, DEFAULT_TEMPORAL_RULES
from dovetail.placements.models import Offer, OfferSkill, Placement, Preference, Round
from dovetail.records.models import Competency
from dovetail.scheduling.models import AcademicCalendar, CalendarWeek, EnterprisePeriod
from dovetail.skills.demand import map_demands
from dovetail.skills.models import Demand, Skill
from dovetail.skills.services import DEFAULT_TAXONOMY_SLUG

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
BATCH = 2000


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
    (LearnerProfile.CareerStage.STUDENT, 0.70),
    (LearnerProfile.CareerStage.APPRENTICE, 0.10),
    (LearnerProfile.CareerStage.GRADUATE, 0.10),
    (LearnerProfile.CareerStage.IN_SERVICE, 0.07),
    (LearnerProfile.CareerStage.ADULT, 0.03),
]


class RegionAlreadyExists(Exception):
    pass


def persona_logins() -> list[dict]:
    """The persona logins that exist in this database, for printing after the demo starts."""
    existing = set(
        User.objects.filter(username__in=[p[0] for p in PERSONAS] + ["admin"]).values_list(
            "username", flat=True
        )
    )
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
        if Organisation.objects.exists():
            raise RegionAlreadyExists(
                "This database already holds organisations; generate into an empty one "
                "(dovetail generate --fresh)."
            )
        builder = _RegionBuilder(SIZES[size], random.Random(seed), on, progress)
        return builder.build()


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

    def build(self) -> dict:
        size = self.size
        self.progress.start(size.learners + size.enterprises + size.colleges, "regions")
        regions = self._regions()
        colleges = self._colleges(regions)
        programmes = self._programmes(colleges)
        enterprises = self._enterprises(regions)
        partnerships = self._partnerships(colleges, enterprises)
        self._staff(colleges, enterprises, regions)
        self.skills_by_industry = {
            industry: list(
                Skill.objects.filter(parent__code=industry, taxonomy__slug=DEFAULT_TAXONOMY_SLUG)
            )
            for industry in catalogue.INDUSTRIES
        }
        offers = self._offers(enterprises)
        self._demand_and_supply(enterprises, programmes)
        self._calendars(colleges, enterprises)
        rounds = self._rounds(colleges, partnerships, offers)
        self._learners(colleges, programmes, partnerships, rounds)
        demo_governance.build_governance(self, partnerships)
        self._personas(colleges[0], partnerships)
        self._current_placement(colleges[0], partnerships)
        demo_lifelong.build_lifelong(self, colleges[0], partnerships[colleges[0].pk][0])
        demo_governance.publish_demo_case(
            partnerships[colleges[0].pk][0],
            author=User.objects.get(username="pm"),
            reviewer=User.objects.get(username="hr"),
            today=self.today,
        )
        self.progress.note("done")
        return self.counts

    # -- helpers -------------------------------------------------------------------------

    def _bulk(self, model, objects):
        created = model.objects.bulk_create(objects, batch_size=BATCH)
        key = model._meta.verbose_name_plural
        self.counts[str(key)] = self.counts.get(str(key), 0) + len(created)
        return created

    def _person_name(self) -> str:
        rng = self.rng
        return rng.choice(catalogue.SURNAMES) + "".join(
            rng.choice(catalogue.GIVEN) for _ in range(rng.choice((1, 2)))
        )

    def _users(self, prefix: str, count: int) -> list[User]:
        return self._bulk(
            User,
            [
                User(
                    username=f"{prefix}{i:06d}",
                    full_name=self._person_name(),
                    email=f"{prefix}{i:06d}@example.org",
                    password="!",
                )
                for i in range(count)
            ],
        )

    # -- organisations -------------------------------------------------------------------

    def _regions(self) -> list[Region]:
        regions = self._bulk(
            Region,
            [
                Region(code=c, name=en, name_zh=zh)
                for c, en, zh in catalogue.REGIONS[: self.size.regions]
            ],
        )
        authorities = []
        for region in regions:
            authorities.append(
                Organisation(
                    code=f"{region.code}-education-bureau",
                    kind=Organisation.Kind.AUTHORITY,
                    region=region,
                    name=f"{region.name} Education Bureau",
                    name_zh=f"{region.name_zh}教育局",
                )
            )
            authorities.append(
                Organisation(
                    code=f"{region.code}-industry-association",
                    kind=Organisation.Kind.ASSOCIATION,
                    region=region,
                    name=f"{region.name} Industry-Education Alliance",
                    name_zh=f"{region.name_zh}产教融合联盟",
                )
            )
        self._bulk(Organisation, authorities)
        return regions

    def _colleges(self, regions) -> list[Organisation]:
        colleges = []
        for i in range(self.size.colleges):
            region = regions[i % len(regions)]
            (kind_en, kind_zh), series = _cycle(i, len(regions), catalogue.COLLEGE_KINDS)
            suffix = f" No. {series + 1}" if series else ""
            colleges.append(
                Organisation(
                    code=f"college-{i + 1:03d}",
                    kind=Organisation.Kind.COLLEGE,
                    region=region,
                    city=region.name,
                    name=f"{region.name} {kind_en}{suffix}",
                    name_zh=f"{region.name_zh}{kind_zh}{f'第{series + 1}校' if series else ''}",
                )
            )
        created = self._bulk(Organisation, colleges)
        self.progress.advance(len(created), "colleges")
        return created

    def _programmes(self, colleges) -> dict[int, list[Programme]]:
        programmes, modules = [], []
        for college in colleges:
            industries = self.rng.sample(sorted(catalogue.INDUSTRIES), k=3)
            for industry in industries:
                for code, name, name_zh in catalogue.INDUSTRIES[industry]["programmes"]:
                    programme = Programme(
                        college=college,
                        code=code,
                        name=name,
                        name_zh=name_zh,
                        qualification_level=5,
                        duration_years=3,
                    )
                    programme.industry = industry
                    programmes.append(programme)
        created = self._bulk(Programme, programmes)
        by_college: dict[int, list[Programme]] = {}
        for programme in created:
            by_college.setdefault(programme.college_id, []).append(programme)
            spec = catalogue.INDUSTRIES[programme.industry]["modules"]
            for semester, (code, name, name_zh, workplace) in enumerate(spec, start=1):
                modules.append(
                    Module(
                        programme=programme,
                        code=code,
                        name=name,
                        name_zh=name_zh,
                        credits=4 if workplace else 3,
                        hours=96 if workplace else 64,
                        semester=min(semester, 6),
                        workplace_based=workplace,
                        delivery_mode="workplace" if workplace else "campus",
                    )
                )
        self._bulk(Module, modules)
        return by_college

    def _enterprises(self, regions) -> list[Organisation]:
        rng = self.rng
        industries = sorted(catalogue.INDUSTRIES)
        enterprises = []
        for i in range(self.size.enterprises):
            region = regions[i % len(regions)]
            industry = industries[i % len(industries)]
            word_en, word_zh = rng.choice(catalogue.INDUSTRIES[industry]["enterprise_words"])
            (prefix_en, prefix_zh), series = _cycle(i, len(industries), catalogue.CITY_PREFIXES)
            suffix = f" ({series + 1})" if series else ""
            enterprises.append(
                Organisation(
                    code=f"enterprise-{i + 1:05d}",
                    kind=Organisation.Kind.ENTERPRISE,
                    region=region,
                    industry=industry,
                    city=region.name,
                    name=f"{region.name} {prefix_en} {word_en}{suffix}",
                    name_zh=f"{region.name_zh}{prefix_zh}{word_zh}{suffix}",
                )
            )
        created = self._bulk(Organisation, enterprises)
        zones = []
        for enterprise in created:
            for kind, level, name, name_zh in catalogue.ZONE_TEMPLATES[: rng.choice((2, 3, 4))]:
                zones.append(
                    Zone(
                        enterprise=enterprise,
                        kind=kind,
                        confidentiality_level=level,
                        name=name,
                        name_zh=name_zh,
                        capacity=rng.choice((4, 6, 8, 12)) if level < 3 else 2,
                    )
                )
        self._bulk(Zone, zones)
        self.progress.advance(len(created), "enterprises")
        return created

    def _partnerships(self, colleges, enterprises) -> dict[int, list[Partnership]]:
        rng, today = self.rng, self.today
        colleges_by_region: dict[int, list[Organisation]] = {}
        for college in colleges:
            colleges_by_region.setdefault(college.region_id, []).append(college)
        partnerships = []
        for enterprise in enterprises:
            local = colleges_by_region.get(enterprise.region_id) or colleges
            for college in rng.sample(local, k=min(len(local), rng.choice((1, 1, 2)))):
                partnerships.append(
                    Partnership(
                        college=college,
                        enterprise=enterprise,
                        started_on=today - timedelta(days=rng.randint(120, 2000)),
                    )
                )
        created = self._bulk(Partnership, partnerships)
        agreements = []
        kinds = list(Agreement.Kind)
        for partnership in created:
            kind = rng.choice(kinds)
            starts = today - timedelta(days=rng.randint(30, 900))
            ends = starts + timedelta(days=3 * 365)
            if rng.random() < 0.15:  # some agreements come up for renewal soon
                ends = today + timedelta(days=rng.randint(5, 55))
            agreements.append(
                Agreement(
                    partnership=partnership,
                    kind=kind,
                    title=f"{kind.label}: {partnership.enterprise.name}",
                    signed_on=None if rng.random() < 0.1 else starts - timedelta(days=10),
                    starts_on=starts,
                    ends_on=ends,
                )
            )
        created_agreements = self._bulk(Agreement, agreements)
        self._bulk(
            ParticipationRule,
            [
                ParticipationRule(agreement=agreement, **rule)
                for agreement in created_agreements
                for rule in DEFAULT_PARTICIPATION_RULES
            ],
        )
        self._bulk(
            TemporalPriorityRule,
            [
                TemporalPriorityRule(agreement=agreement, **rule)
                for agreement in created_agreements
                for rule in DEFAULT_TEMPORAL_RULES
            ],
        )
        by_college: dict[int, list[Partnership]] = {}
        for partnership in created:
            by_college.setdefault(partnership.college_id, []).append(partnership)
        return by_college

    # -- people --------------------------------------------------------------------------

    def _staff(self, colleges, enterprises, regions):
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
        authorities = Organisation.objects.filter(region__in=regions).exclude(
            kind__in=[Organisation.Kind.COLLEGE, Organisation.Kind.ENTERPRISE]
        )
        plan += [(authority, Role.OFFICER, 2) for authority in authorities]
        users = self._users("staff", sum(count for _, _, count in plan))
        memberships, position = [], 0
        for organisation, role, count in plan:
            for user in users[position : position + count]:
                memberships.append(Membership(user=user, organisation=organisation, role=role))
            position += count
        self._bulk(Membership, memberships)

    def _offers(self, enterprises) -> dict[int, list[Offer]]:
        """One or two placement offers per enterprise, on zones up to confidential."""
        rng, today = self.rng, self.today
        zones = {}
        # mostly open and internal zones: few learners hold clearances for confidential ones
        for zone in Zone.objects.filter(enterprise__in=enterprises, confidentiality_level__lte=1):
            zones.setdefault(zone.enterprise_id, []).append(zone)
        offers, wanted = [], []
        modes = [Offer.Mode.ON_SITE] * 6 + [Offer.Mode.REMOTE, Offer.Mode.VIRTUAL]
        for enterprise in enterprises:
            industry_name = catalogue.INDUSTRIES[enterprise.industry]["name"][0]
            for zone in rng.sample(
                zones[enterprise.pk], k=min(len(zones[enterprise.pk]), rng.choice((1, 2)))
            ):
                starts = today + timedelta(days=rng.randint(30, 75))
                seats = rng.randint(2, 6)
                offers.append(
                    Offer(
                        enterprise=enterprise,
                        zone=zone,
                        title=f"{zone.name}: {industry_name} placement",
                        seats=seats,
                        starts_on=starts,
                        ends_on=starts + timedelta(weeks=rng.choice((4, 8, 12))),
                        mode=rng.choice(modes),
                        accepts_in_training=rng.random() < 0.5,
                        reserved_rural=1 if rng.random() < 0.3 else 0,
                        status=Offer.Status.APPROVED
                        if rng.random() < 0.85
                        else Offer.Status.SUBMITTED,
                    )
                )
                skills = self.skills_by_industry[enterprise.industry]
                wanted.append(rng.sample(skills, k=min(len(skills), rng.randint(1, 3))))
        created = self._bulk(Offer, offers)
        self._bulk(
            OfferSkill,
            [
                OfferSkill(offer=offer, skill=skill, min_proficiency=rng.randint(1, 3))
                for offer, skills in zip(created, wanted, strict=True)
                for skill in skills
            ],
        )
        by_enterprise: dict[int, list[Offer]] = {}
        for offer in created:
            by_enterprise.setdefault(offer.enterprise_id, []).append(offer)
        return by_enterprise

    def _demand_and_supply(self, enterprises, programmes):
        skills = {s.code: s for s in Skill.objects.filter(taxonomy__slug=DEFAULT_TAXONOMY_SLUG)}
        demands = self._bulk(
            Demand,
            demo_demand.build_demand(
                self.rng, self.today, enterprises, skills, self.skills_by_industry
            ),
        )
        every_programme = [p for listed in programmes.values() for p in listed]
        modules = Module.objects.filter(programme__in=every_programme)
        outcomes, plans = demo_demand.build_supply(
            self.rng, self.today, modules, every_programme, skills
        )
        outcomes = self._bulk(LearningOutcome, outcomes)
        self._bulk(GraduatePlan, plans)
        map_demands([d.pk for d in demands])
        map_outcomes([o.pk for o in outcomes])

    def _calendars(self, colleges, enterprises):
        """A 40-week practice year per college from this Monday; a peak season per enterprise."""
        monday = self.today - timedelta(days=self.today.weekday())
        calendars = self._bulk(
            AcademicCalendar,
            [
                AcademicCalendar(
                    college=c, name=f"{self.today.year} practice year", first_monday=monday
                )
                for c in colleges
            ],
        )
        self._bulk(
            CalendarWeek,
            [
                CalendarWeek(calendar=calendar, index=index, kind=kind)
                for calendar in calendars
                for index, kind in CLOSED_WEEKS
            ],
        )
        periods = []
        for enterprise in enterprises:
            start = monday + timedelta(weeks=self.rng.randint(4, 30))
            periods.append(
                EnterprisePeriod(
                    enterprise=enterprise,
                    kind=EnterprisePeriod.Kind.PEAK,
                    title="Peak season",
                    starts_on=start,
                    ends_on=start + timedelta(weeks=self.rng.choice((4, 6, 8)), days=-1),
                )
            )
        self._bulk(EnterprisePeriod, periods)

    def _rounds(self, colleges, partnerships, offers) -> dict[int, tuple[Round, list[Offer]]]:
        """An open matching round per college over its partners' approved offers."""
        rounds = {}
        deadline = timezone.make_aware(datetime.combine(self.today + timedelta(days=14), time(18)))
        for college in colleges:
            round_ = Round.objects.create(
                college=college,
                name=f"{self.today.year} placement round",
                preference_deadline=deadline,
                seed=self.rng.randrange(2**31),
            )
            included = [
                offer
                for partnership in partnerships.get(college.pk, [])
                for offer in offers.get(partnership.enterprise_id, [])
                if offer.status == Offer.Status.APPROVED
            ]
            round_.offers.set(included)
            rounds[college.pk] = (round_, included)
        return rounds

    def _competencies(self, user, programme) -> list[Competency]:
        rng = self.rng
        skills = self.skills_by_industry[programme.industry]
        return [
            Competency(
                learner=user,
                skill=skill,
                proficiency=rng.randint(1, 4),
                source=rng.choice(Competency.Source.values),
                achieved_on=self.today - timedelta(days=rng.randint(10, 600)),
            )
            for skill in rng.sample(skills, k=min(len(skills), rng.randint(2, 4)))
        ]

    def _preferences(self, profile, round_, offers, cleared) -> list[Preference]:
        """Half the learners rank 3-5 offers, mostly ones the page tells them they may take:
        in their programme's industry, in open zones or with the enterprise that cleared them."""
        if not offers or self.rng.random() < 0.5:
            return []
        takeable = [
            o for o in offers if o.zone.confidentiality_level == 0 or o.enterprise_id in cleared
        ]
        relevant = [o for o in takeable if o.enterprise.industry == profile.programme.industry]
        pool = relevant if len(relevant) >= 3 else takeable
        if not pool or self.rng.random() < 0.1:
            pool = offers
        chosen = self.rng.sample(pool, k=min(len(pool), self.rng.randint(3, 5)))
        return [
            Preference(round=round_, learner=profile, offer=offer, rank=rank)
            for rank, offer in enumerate(chosen, start=1)
        ]

    def _learners(self, colleges, programmes, partnerships, rounds):
        rng, today = self.rng, self.today
        stages = [stage for stage, _ in CAREER_STAGES]
        weights = [weight for _, weight in CAREER_STAGES]
        per_college = self.size.learners // len(colleges)
        for index, college in enumerate(colleges):
            count = per_college + (self.size.learners % len(colleges) if index == 0 else 0)
            for start in range(0, count, 10 * BATCH):
                chunk = min(10 * BATCH, count - start)
                users = self._bulk(
                    User,
                    [
                        User(
                            username=f"{college.code}-{start + i:06d}",
                            full_name=self._person_name(),
                            email=f"{college.code}-{start + i:06d}@example.org",
                            password="!",
                        )
                        for i in range(chunk)
                    ],
                )
                profiles, memberships, clearances = [], [], []
                for user in users:
                    stage = rng.choices(stages, weights)[0]
                    profiles.append(
                        LearnerProfile(
                            user=user,
                            college=college,
                            programme=rng.choice(programmes[college.pk]),
                            student_number=user.username.split("-", 2)[-1],
                            career_stage=stage,
                            cohort_year=today.year - rng.randint(0, 3),
                            rural=rng.random() < 0.35,
                            disadvantaged=rng.random() < 0.12,
                            disability=rng.random() < 0.03,
                        )
                    )
                    memberships.append(
                        Membership(user=user, organisation=college, role=Role.LEARNER)
                    )
                    if college.pk in partnerships and rng.random() < 0.3:
                        signed = today - timedelta(days=rng.randint(0, 400))
                        clearances.append(
                            Clearance(
                                holder=user,
                                partnership=rng.choice(partnerships[college.pk]),
                                level=rng.choice((1, 1, 2)),
                                signed_on=signed,
                                expires_on=signed + timedelta(days=365),
                            )
                        )
                self._bulk(LearnerProfile, profiles)
                self._bulk(Membership, memberships)
                self._bulk(Clearance, clearances)
                self._bulk(
                    Competency,
                    [c for p in profiles for c in self._competencies(p.user, p.programme)],
                )
                round_, offers = rounds[college.pk]
                cleared = {c.holder_id: {c.partnership.enterprise_id} for c in clearances}
                self._bulk(
                    Preference,
                    [
                        x
                        for p in profiles
                        for x in self._preferences(p, round_, offers, cleared.get(p.user_id, set()))
                    ],
                )
                self.progress.advance(chunk, f"learners of {college.name}")

    def _current_placement(self, college, partnerships):
        """The persona learner three weeks into a placement mentored by the persona mentor:
        a diary with a signed week, a rubric and a co-assessment waiting for the mentor."""
        from dovetail.records.services import assessments, diaries

        enterprise = partnerships[college.pk][0].enterprise
        learner, mentor, teacher = (
            User.objects.get(username=name) for name in ("learner", "mentor", "teacher")
        )
        today = self.today
        started = today - timedelta(days=today.weekday() + 14)
        offer = Offer.objects.create(
            enterprise=enterprise,
            zone=Zone.objects.filter(enterprise=enterprise, confidentiality_level=0).first(),
            title=f"{enterprise.name}: production line practice",
            seats=2,
            starts_on=started,
            ends_on=started + timedelta(weeks=12),
            status=Offer.Status.APPROVED,
            mentor=mentor,
        )
        round_ = Round.objects.create(
            college=college,
            name=f"{today.year} spring placements",
            preference_deadline=timezone.make_aware(datetime.combine(started, time(18))),
            status=Round.Status.PUBLISHED,
            published_at=timezone.make_aware(datetime.combine(started, time(9))),
            seed=self.rng.randrange(2**31),
        )
        placement = Placement.objects.create(
            learner=learner.learner_profile,
            offer=offer,
            round=round_,
            starts_on=offer.starts_on,
            ends_on=offer.ends_on,
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

    def _personas(self, college, partnerships):
        """Named logins on the first college, its first partner enterprise and the region."""
        partnership = partnerships[college.pk][0]
        enterprise = partnership.enterprise
        authority = Organisation.objects.get(code=f"{college.region.code}-education-bureau")
        home = {
            Role.COORDINATOR: college,
            Role.TEACHER: college,
            Role.LEARNER: college,
            Role.ENTERPRISE_HR: enterprise,
            Role.PROJECT_MANAGER: enterprise,
            Role.MENTOR: enterprise,
            Role.OFFICER: authority,
        }
        for username, role, full_name in PERSONAS:
            user = User.objects.create(
                username=username,
                full_name=full_name,
                email=f"{username}@example.org",
                password=self.persona_hash,
            )
            Membership.objects.create(user=user, organisation=home[role], role=role)
            if username == "alumnus":
                # graduated three years ago; the lifelong part of the demo follows his career
                LearnerProfile.objects.create(
                    user=user,
                    college=college,
                    programme=Programme.objects.filter(college=college).first(),
                    student_number="900002",
                    career_stage=LearnerProfile.CareerStage.GRADUATE,
                    cohort_year=self.today.year - 6,
                )
            elif role == Role.LEARNER:
                programme = Programme.objects.filter(college=college).first()
                LearnerProfile.objects.create(
                    user=user,
                    college=college,
                    programme=programme,
                    # above every generated number, so no two learners share it
                    student_number="900001",
                    career_stage=LearnerProfile.CareerStage.STUDENT,
                    cohort_year=self.today.year - 1,
                    rural=True,
                )
                Clearance.objects.create(
                    holder=user,
                    partnership=partnership,
                    level=1,
                    signed_on=self.today - timedelta(days=30),
                    expires_on=self.today + timedelta(days=20),
                )
        User.objects.create(
            username="admin",
            full_name="Dovetail administrator",
            password=self.persona_hash,
            is_staff=True,
            is_superuser=True,
        )
