"""The lifelong part of the demo region, built through the credentials and careers services:
qualifications and a transfer rule at the persona college, the persona learner's outside credit
and prior-learning claims (one recognised, one waiting for the teacher), and the alumnus persona
followed into work, with a follow-up survey waiting and a continuing-education offer."""

from datetime import timedelta
from decimal import Decimal

from dovetail.careers import continuing, services, surveys
from dovetail.credentials import credit_bank, prior_learning
from dovetail.curriculum import versions
from dovetail.curriculum.services import module_outcomes
from dovetail.skills.demand import occupation_most_asked_by, skills_most_asked_for

OPEN_UNIVERSITY = "Haibin Open University"


def build_lifelong(builder, college, partnership, modules):
    """``modules``: the persona learner's programme's modules, in teaching order."""
    today = builder.today
    coordinator, teacher, learner, alumnus, hr = (
        builder.personas[name] for name in ("coordinator", "teacher", "learner", "alumnus", "hr")
    )
    profile = learner.learner_profile
    programme = profile.programme
    _qualifications(college, programme, modules, coordinator)
    versions.revise_standard(
        programme,
        by=coordinator,
        objectives=(
            "Technicians who install, program and maintain automated production lines, for the "
            "region's manufacturers."
        ),
        graduate_requirements=(
            "Every module passed\nA level-4 vocational skill certificate\n"
            "At least 400 hours of workplace practice, diaries signed"
        ),
        changelog="Adopted by the teaching committee",
        effective_from=today.replace(year=today.year - 4, month=9, day=1),
    )
    credit_bank.add_rule(
        college,
        by=coordinator,
        source_institution=OPEN_UNIVERSITY,
        source_code="OU-ENG-101",
        source_title="Engineering drawing (online)",
        target_module=modules[0],
        credits=modules[0].credits,
    )
    credit_bank.record_credit(
        profile,
        by=coordinator,
        institution=OPEN_UNIVERSITY,
        code="OU-ENG-101",
        title="Engineering drawing (online)",
        credits=Decimal("3.0"),
        level=5,
        earned_on=today - timedelta(days=300),
    )
    _prior_learning(learner, teacher, modules, today)
    _alumnus(college, partnership, alumnus, coordinator, hr, today)


def _qualifications(college, programme, modules, coordinator):
    credit_bank.add_qualification(
        college,
        by=coordinator,
        modules=modules,
        name=f"{programme.name} diploma",
        name_zh=f"{programme.name_zh}专科毕业证书",
        kind="academic",
        level=programme.qualification_level,
        credits_required=sum(module.credits for module in modules),
        programme=programme,
    )
    credit_bank.add_qualification(
        college,
        by=coordinator,
        modules=modules[:3],
        name=f"{programme.name}: skill-level certificate, level 4",
        name_zh=f"{programme.name_zh}职业技能等级证书（四级）",
        kind="vocational",
        level=4,
        credits_required=sum(module.credits for module in modules[:3]),
    )


def _prior_learning(learner, teacher, modules, today):
    recognised = prior_learning.submit_claim(
        by=learner,
        module=modules[2],
        statement="Two summers wiring and programming PLC cabinets at my family's workshop.",
    )
    prior_learning.add_evidence(
        recognised,
        by=learner,
        kind="employer",
        text="Workshop owner: she programmed and commissioned six cabinets on her own.",
    )
    prior_learning.decide(
        recognised,
        by=teacher,
        decision="accepted",
        note="The cabinets and the owner's statement show every outcome.",
        outcomes_met=[outcome.pk for outcome in module_outcomes(modules[2].pk)],
    )
    waiting = prior_learning.submit_claim(
        by=learner,
        module=modules[4],
        statement="I measured parts with a CMM during a summer job at a supplier.",
    )
    prior_learning.add_evidence(
        waiting, by=learner, kind="employer", text="Supplier's QC lead: 8 weeks on the CMM."
    )


def _alumnus(college, partnership, alumnus, coordinator, hr, today):
    profile = alumnus.learner_profile
    services.set_consent(profile, by=alumnus, given=True)
    occupation_id = occupation_most_asked_by(partnership.enterprise)
    services.add_step(
        profile,
        by=alumnus,
        employer=partnership.enterprise,
        employer_name=partnership.enterprise.name,
        job_title="Maintenance technician",
        occupation_id=occupation_id,
        region=college.region,
        started_on=today - timedelta(days=700),
    )
    for title, months in (("One year on", 12), ("Three years on", 36)):
        surveys.create_survey(
            college,
            by=coordinator,
            title=title,
            months_after_graduation=months,
            questions=[
                "Where do you work now, and as what?",
                "Which of our modules helped you most at work?",
                "What should we teach that we do not?",
            ],
        )
    surveys.send_due(college, today=today)
    wanted = (
        skills_most_asked_for(occupation_id, since=today - timedelta(days=365), limit=4)
        if occupation_id
        else []
    )
    if not wanted:
        return
    course = continuing.create_course(
        college,
        by=coordinator,
        college=college,
        name="Evening upskilling: what the line asks now",
        name_zh="夜校技能提升：产线当下所需",
        description="Twelve evenings on the skills local employers now ask of technicians.",
        skills=wanted[:3],
        audience="alumni",
        starts_on=today + timedelta(days=30),
        hours=36,
        seats=30,
    )
    continuing.send_offers(course, by=coordinator, today=today)
    continuing.create_course(
        partnership.enterprise,
        by=hr,
        college=college,
        name="Line safety and changeover refresher",
        name_zh="产线安全与换型复训",
        description="For our in-service technicians, registered with our partner college.",
        skills=wanted[:2],
        audience="in_service",
        starts_on=today + timedelta(days=14),
        hours=16,
        seats=12,
    )
