"""Every route, for every persona and for people of other organisations, answers as the table in
``route_permissions.py`` says.

The routes come from Django's URL map and the API's OpenAPI schema, so a new page or endpoint
without a row fails here until someone decides who may open it. The objects in the URLs all
belong to the persona organisations (college-001, enterprise-00001, the haibin region); the
``other-*`` people belong to a college, an enterprise and a region of their own, so their rows
show what one organisation can reach of another's by guessing ids.

Run with ``DOVETAIL_RECORD_PERMISSIONS=1`` to print the table as it stands, for review.
"""

import json
import os
import re
from datetime import timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from dovetail.api import api
from dovetail.careers import continuing, surveys
from dovetail.careers.models import ContinuingOffer, SurveyInvitation
from dovetail.core.models import LearnerProfile, Membership, Organisation, Region, Role, User
from dovetail.core.tasks import submit
from dovetail.core.tests.files import png_upload
from dovetail.core.tests.route_permissions import API, PAGES, PERSONAS
from dovetail.credentials import issuing, prior_learning
from dovetail.curriculum import adjustments, materials
from dovetail.curriculum.models import LearningOutcome, Module, Programme
from dovetail.partnerships import case_library, conflicts, ledger
from dovetail.partnerships.models import Agreement, Clearance, Partnership
from dovetail.partnerships.tests.helpers import appoint_industry_professor, promise
from dovetail.placements.models import Offer, Round
from dovetail.placements.tests.helpers import place_persona_learner
from dovetail.records.models import Assessment, Rubric
from dovetail.records.services import diaries
from dovetail.scheduling import services as scheduling
from dovetail.scheduling.models import AcademicCalendar, PracticePattern
from dovetail.skills import gaps
from dovetail.skills.models import Demand, Skill

RECORD = os.environ.get("DOVETAIL_RECORD_PERMISSIONS") == "1"


def _routes(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
            yield from _routes(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), namespace + (entry.name or "")


def page_routes() -> dict[str, str]:
    """{route name: pattern} for every page outside the API and the Django admin."""
    return {
        name: pattern
        for pattern, name in _routes(get_resolver().url_patterns)
        if not pattern.startswith(("api/", "admin/"))
    }


def admin_routes() -> list[str]:
    return [
        name for pattern, name in _routes(get_resolver().url_patterns) if name.startswith("admin:")
    ]


def api_operations() -> list[tuple[str, str, dict]]:
    """(method, path, a body that passes the schema) for every operation the API offers."""
    schema = api.get_openapi_schema()
    found = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            body = content.get("application/json", {}).get("schema")
            found.append((method.upper(), path, _example(body, schema) if body else {}))
    return found


def _example(node, schema):
    """The smallest value that a JSON schema accepts: required properties only, first choices."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _example(schema["components"]["schemas"][name], schema)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in node:
            options = [o for o in node[key] if o.get("type") != "null"]
            return _example(options[0], schema)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        properties = node.get("properties", {})
        return {key: _example(properties[key], schema) for key in node.get("required", [])}
    if kind == "array":
        return []
    if kind in ("integer", "number"):
        return max(1, node.get("minimum", 1))
    if kind == "boolean":
        return False
    if node.get("format") == "date":
        return "2026-12-01"
    if node.get("format") == "date-time":
        return "2026-12-01T09:00:00+08:00"
    return "x"


def _stranger_organisations():
    region = Region.objects.create(code="far-region", name="Far region")
    college = Organisation.objects.create(
        code="far-college", kind=Organisation.Kind.COLLEGE, region=region, name="Far College"
    )
    enterprise = Organisation.objects.create(
        code="far-enterprise", kind=Organisation.Kind.ENTERPRISE, region=region, name="Far Co"
    )
    authority = Organisation.objects.create(
        code="far-bureau", kind=Organisation.Kind.AUTHORITY, region=region, name="Far bureau"
    )
    people = {}
    for username, organisation, role in [
        ("other-coordinator", college, Role.COORDINATOR),
        ("other-hr", enterprise, Role.ENTERPRISE_HR),
        ("other-learner", college, Role.LEARNER),
        ("other-officer", authority, Role.OFFICER),
    ]:
        people[username] = User.objects.create(username=username, full_name=username)
        Membership.objects.create(user=people[username], organisation=organisation, role=role)
    LearnerProfile.objects.create(
        user=people["other-learner"], college=college, career_stage="student", cohort_year=2026
    )


def build_world(persona):
    """One object of every kind a URL names, all belonging to the persona organisations."""
    today = timezone.localdate()
    college = Organisation.objects.get(code="college-001")
    enterprise = Organisation.objects.get(code="enterprise-00001")
    offer = place_persona_learner(
        persona,
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=60),
        mentor=persona("mentor"),
    )
    placement = offer.placements.get()
    entry = diaries.write_entry(
        placement,
        by=persona("learner"),
        written_on=today - timedelta(days=1),
        activities="Torqued busbars",
        learned="The star pattern",
        hours=8,
        uploads=[diaries.Upload(png_upload(), offer.zone)],
    )
    calendar = AcademicCalendar.objects.get(college=college)
    plan = scheduling.create_plan(
        by=persona("coordinator"),
        calendar=calendar,
        name="Matrix plan",
        pattern=PracticePattern.objects.get(code="concentrated-block"),
        required_hours=160,
    )
    change = scheduling.report_change(
        plan,
        by=persona("coordinator"),
        zone=offer.zone,
        conflict_kind="new_order",
        description="A rush order",
        first_week=3,
        last_week=4,
    )
    programme = Programme.objects.filter(college=college).first()
    report = gaps.compute_gap_report(
        persona("teacher"), "programme", programme.pk, today - timedelta(days=365), today
    )
    task = submit(
        "gap_report",
        backend="inline",
        by=persona("coordinator"),
        **_gap_params(persona, programme, today),
    )
    governance = _governance(persona, today)
    lifelong = _lifelong(persona, college, today)
    _stranger_organisations()
    return SimpleNamespace(
        **governance,
        **lifelong,
        college=college,
        enterprise=enterprise,
        learner=LearnerProfile.objects.get(user=persona("learner")),
        partnership=Partnership.objects.get(college=college, enterprise=enterprise),
        agreement=Agreement.objects.filter(partnership__college=college).first(),
        zone=offer.zone,
        clearance=Clearance.objects.filter(holder=persona("learner")).first(),
        offer=offer,
        round=Round.objects.get(college=college, offers=offer),
        placement=placement,
        diary_file=entry.files.get(),
        rubric=Rubric.objects.filter(organisation=college).first(),
        assessment=Assessment.objects.filter(learner=persona("learner")).first(),
        plan=plan,
        change=change,
        calendar=calendar,
        feed=scheduling.feed_key(persona("learner")),
        demand=Demand.objects.filter(enterprise=enterprise).first(),
        report=report,
        skill=Skill.objects.exclude(kind=Skill.Kind.GROUP).first(),
        programme=programme,
        outcome=LearningOutcome.objects.filter(module__programme=programme).first(),
        task=task,
        offer_in_review=Offer.objects.filter(enterprise=enterprise).first(),
    )


def _governance(persona, today):
    """A conflict, a commitment delivered with evidence, an exchange and a case in review, all
    of the persona partnership."""
    partnership = Partnership.objects.get(
        college__code="college-001", enterprise__code="enterprise-00001"
    )
    agreement = partnership.agreements.first()
    commitment = promise(
        persona,
        partnership,
        agreement,
        kind="equipment",
        quantity=Decimal(1),
        due_on=agreement.ends_on,
    )
    appointment = appoint_industry_professor(persona, partnership, today, hours=20)
    return {
        "conflict": conflicts.raise_conflict(
            partnership,
            by=persona("hr"),
            title="Line closed",
            trigger="confidentiality_refusal",
            description="A client contract",
            dimensions=["legitimacy"],
            raised_on=today,
        ),
        "commitment": commitment,
        "fulfilment": ledger.record_fulfilment(
            commitment,
            by=persona("hr"),
            quantity=Decimal(1),
            delivered_on=today,
            evidence=png_upload(),
        ),
        "exchange": appointment,
        "teaching_case": case_library.submit_case(
            partnership,
            by=persona("pm"),
            title="A case",
            original="Ms. Chen fixed it.",
            confidentiality_level=0,
        ),
    }


def _lifelong(persona, college, today):
    """A credential of the persona learner (not shared), a prior-learning claim with a document,
    a survey invitation, a course and an offer of it."""
    learner = LearnerProfile.objects.get(user=persona("learner"))
    first, second = Module.objects.filter(programme=learner.programme).order_by("pk")[:2]
    achievement = issuing.module_achievement(first)
    basis = issuing.Basis([issuing.item("assessment", "Co-assessment", "Agreed at 75%.")], today)
    [credential] = issuing.issue(
        achievement, [learner.pk], by=persona("teacher"), bases={learner.pk: basis}
    )
    claim = prior_learning.submit_claim(by=persona("learner"), module=second, statement="At work")
    document = prior_learning.add_evidence(
        claim, by=persona("learner"), kind="document", upload=png_upload()
    )
    survey = surveys.create_survey(
        college,
        by=persona("coordinator"),
        title="One year on",
        months_after_graduation=12,
        questions=["Where do you work?"],
    )
    course = continuing.create_course(
        college,
        by=persona("coordinator"),
        college=college,
        name="Evening course",
        description="New skills",
        skills=[Skill.objects.exclude(kind="group").first()],
        audience="alumni",
        starts_on=today,
        hours=20,
        seats=10,
    )
    proposal = adjustments.create_proposal(
        learner.programme,
        by=persona("teacher"),
        kind="new_outcome",
        module=first,
        title="Teach sensors",
        rationale="Asked for",
        outcome_text="Learners can calibrate sensors.",
        effective_from=today,
    )
    section = materials.add_section(
        first, by=persona("teacher"), title="Safety", kind="work_manual", body="b", reason="r"
    )
    pending = materials.revise_section(section, by=persona("hr"), body="c", reason="plant")
    return {
        "proposal": proposal,
        "section": section,
        "pending_revision": pending,
        "module": first,
        "credential": credential,
        "achievement": achievement,
        "claim": claim,
        "claim_evidence": document,
        "survey": survey,
        "invitation": SurveyInvitation.objects.create(
            survey=survey, learner=learner, sent_on=today
        ),
        "course": course,
        "continuing_offer": ContinuingOffer.objects.create(
            course=course, learner=learner, missing_skills=[], score=0.5
        ),
    }


def _gap_params(persona, programme, today):
    return {
        "by_id": persona("teacher").pk,
        "scope": "programme",
        "scope_id": programme.pk,
        "start": (today - timedelta(days=365)).isoformat(),
        "end": today.isoformat(),
    }


# The object each URL parameter names, by parameter name.
PARAMETERS = {
    "code": lambda w: w.college.code,
    "enterprise_pk": lambda w: w.enterprise.pk,
    "round_pk": lambda w: w.round.pk,
    "offer_pk": lambda w: w.offer.pk,
    "placement_id": lambda w: w.placement.pk,
    "file_id": lambda w: w.diary_file.pk,
    "rubric_id": lambda w: w.rubric.pk,
    "assessment_id": lambda w: w.assessment.pk,
    "profile_id": lambda w: w.learner.pk,
    "skill_id": lambda w: w.skill.pk,
    "key": lambda w: w.feed,
    "person_id": lambda w: w.learner.user_id,
    "learner_id": lambda w: w.learner.pk,
    "task_id": lambda w: w.task.pk,
    "partnership_id": lambda w: w.partnership.pk,
    "agreement_id": lambda w: w.agreement.pk,
    "zone_id": lambda w: w.zone.pk,
    "clearance_id": lambda w: w.clearance.pk,
    "offer_id": lambda w: w.offer.pk,
    "round_id": lambda w: w.round.pk,
    "plan_id": lambda w: w.plan.pk,
    "change_id": lambda w: w.change.pk,
    "demand_id": lambda w: w.demand.pk,
    "report_id": lambda w: w.report.pk,
    "case_id": lambda w: w.conflict.pk,
    "commitment_id": lambda w: w.commitment.pk,
    "region_code": lambda w: w.college.region.code,
    "credential_id": lambda w: w.credential.pk,
    "position": lambda w: 1,
    "status_list": lambda w: w.credential.status_list,
    "purpose": lambda w: "revocation",
    "claim_id": lambda w: w.claim.pk,
}
# ``pk`` names a different kind of object on each page.
PAGE_PK = {
    "learner": "learner",
    "task": "task",
    "task-retry": "task",
    "partnerships:detail": "partnership",
    "partnerships:clearance-create": "partnership",
    "partnerships:agreement-sign": "agreement",
    "partnerships:agreement-rules": "agreement",
    "partnerships:confidential-terms": "agreement",
    "partnerships:zone-edit": "zone",
    "placements:offer": "offer",
    "placements:offer-edit": "offer",
    "placements:round": "round",
    "placements:round-run": "round",
    "placements:round-publish": "round",
    "placements:round-export": "round",
    "placements:round-import": "round",
    "scheduling:plan": "plan",
    "scheduling:plan-solve": "plan",
    "scheduling:change-settle": "change",
    "scheduling:calendar": "calendar",
    "scheduling:calendar-export": "calendar",
    "scheduling:plan-export": "plan",
    "scheduling:periods": "enterprise",
    "scheduling:periods-export": "enterprise",
    "skills:demand": "demand",
    "skills:gap_report": "report",
    "skills:gap_evidence": "report",
    "curriculum:programme": "programme",
    "curriculum:outcome": "outcome",
    "partnerships:conflict": "conflict",
    "partnerships:conflict-create": "partnership",
    "partnerships:ledger": "partnership",
    "partnerships:commitment-create": "partnership",
    "partnerships:fulfilment-create": "commitment",
    "partnerships:evidence": "fulfilment",
    "partnerships:exchange-create": "partnership",
    "partnerships:output-create": "exchange",
    "partnerships:case": "teaching_case",
    "partnerships:case-create": "partnership",
    "evaluation:partnership": "partnership",
    "credentials:achievement": "achievement",
    "curriculum:adjustments": "programme",
    "curriculum:standard": "programme",
    "curriculum:standard-revise": "programme",
    "curriculum:proposal-create": "programme",
    "curriculum:proposal": "proposal",
    "curriculum:proposal-action": "proposal",
    "curriculum:module": "module",
    "curriculum:module-revise": "module",
    "curriculum:materials": "module",
    "curriculum:materials-pdf": "module",
    "curriculum:section-create": "module",
    "curriculum:section-revise": "section",
    "curriculum:revision-review": "pending_revision",
    "credentials:claim": "claim",
    "credentials:claim-evidence": "claim",
    "credentials:claim-decide": "claim",
    "credentials:claim-resubmit": "claim",
    "credentials:claim-file": "claim_evidence",
    "careers:survey": "survey",
    "careers:answer": "invitation",
    "careers:course": "course",
    "careers:course-action": "course",
    "careers:respond": "continuing_offer",
}
XAPI_PATHS = {
    "lrs:statements": "/xapi/statements",
    "lrs:more": "/xapi/statements/more/abc",
    "lrs:state": "/xapi/activities/state",
    "lrs:activity_profile": "/xapi/activities/profile",
    "lrs:activities": "/xapi/activities",
    "lrs:agent_profile": "/xapi/agents/profile",
    "lrs:agents": "/xapi/agents",
    "lrs:about": "/xapi/about",
}


def page_url(name: str, pattern: str, world) -> str:
    if name in XAPI_PATHS:
        return XAPI_PATHS[name]
    kwargs = {}
    for parameter in re.findall(r"<(?:\w+:)?(\w+)>", pattern):
        if parameter == "pk":
            kwargs["pk"] = getattr(world, PAGE_PK[name]).pk
        else:
            kwargs[parameter] = PARAMETERS[parameter](world)
    return reverse(name, kwargs=kwargs)


def api_url(path: str, world) -> str:
    return re.sub(r"{(\w+)}", lambda m: str(PARAMETERS[m.group(1)](world)), path)


def clients(persona) -> dict[str, Client]:
    made = {}
    for name in PERSONAS:
        client = Client()
        if name != "anonymous":
            client.force_login(User.objects.get(username=name))
        made[name] = client
    return made


def _statuses(call, people) -> str:
    return " ".join(str(call(people[name]).status_code) for name in PERSONAS)


def _compare(kind, expected: dict, actual: dict) -> list[str]:
    problems = [
        f"{kind} {key}: no row in route_permissions.py" for key in actual.keys() - expected.keys()
    ]
    problems += [
        f"{kind} {key}: the row names a route that is gone"
        for key in expected.keys() - actual.keys()
    ]
    for key in sorted(actual.keys() & expected.keys()):
        if actual[key] != expected[key]:
            differences = [
                f"{person} {want}→{got}"
                for person, want, got in zip(
                    PERSONAS, expected[key].split(), actual[key].split(), strict=True
                )
                if want != got
            ]
            problems.append(f"{kind} {key}: " + ", ".join(differences))
    return problems


@pytest.mark.django_db
def test_every_route_answers_every_person_as_the_table_says(persona, settings):
    settings.DOVETAIL_HEAVY_RATE = "10000/min"
    world = build_world(persona)
    people = clients(persona)
    pages = {}
    for name, pattern in page_routes().items():
        url = page_url(name, pattern, world)
        pages[name] = _statuses(lambda client, url=url: client.get(url), people)
    operations = {}
    for method, path, body in api_operations():
        url = api_url(path, world)
        if method == "GET":
            operations[f"{method} {path}"] = _statuses(lambda c, url=url: c.get(url), people)
        else:
            payload = json.dumps(body)
            operations[f"{method} {path}"] = _statuses(
                lambda c, url=url, method=method, payload=payload: c.generic(
                    method, url, payload, content_type="application/json"
                ),
                people,
            )
    if RECORD:
        width = max(map(len, pages | operations)) + 4
        print("\nPAGES = {")
        for name, row in sorted(pages.items()):
            print(f"    {name!r}:".ljust(width) + f' "{row}",')
        print("}\nAPI = {")
        for name, row in sorted(operations.items()):
            print(f"    {name!r}:".ljust(width) + f' "{row}",')
        print("}")
    problems = _compare("page", PAGES, pages) + _compare("API", API, operations)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_the_admin_is_for_administrators_only(persona):
    outsiders = {name: Client() for name in ("anonymous", "learner", "other-coordinator")}
    for name, client in outsiders.items():
        if name != "anonymous":
            client.force_login(
                User.objects.get(username=name) if name != "other-coordinator" else _stranger()
            )
    admin = Client()
    admin.force_login(persona("admin"))
    for name in admin_routes():
        pattern = next(p for p, n in _routes(get_resolver().url_patterns) if n == name)
        parameters = re.findall(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>", pattern)
        if parameters or name in ("admin:login", "admin:logout"):
            continue  # object pages: the same admin_view guard as the lists, tried below by id
        url = reverse(name)
        for person, client in outsiders.items():
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], (
                person,
                url,
            )
        if name.endswith("_changelist") or name == "admin:index":
            assert admin.get(url).status_code == 200, url
        elif name.endswith("_add"):  # django-axes keeps its records read-only
            assert admin.get(url).status_code in (200, 403), url
    user_change = reverse("admin:core_user_change", args=[persona("learner").pk])
    for client in outsiders.values():
        assert client.get(user_change).status_code == 302


def _stranger():
    if not User.objects.filter(username="other-coordinator").exists():
        _stranger_organisations()
    return User.objects.get(username="other-coordinator")
