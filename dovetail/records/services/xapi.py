"""Dovetail's learning events as xAPI statements in its own LRS, and simulator statements back
into competency evidence."""

import math
import uuid

from django.conf import settings
from django.db.models import Q

from dovetail.core.models import User
from dovetail.lrs import services as lrs
from dovetail.records.models import Competency
from dovetail.skills.models import Skill

# An activity extension naming the skill a simulator task trains: a skill URI or code.
SKILL_EXTENSION = "https://w3id.org/dovetail/xapi/skill"
VERBS = {
    "reflected": ("https://w3id.org/xapi/adl/verbs/reflected", "reflected on"),
    "approved": ("http://activitystrea.ms/schema/1.0/approve", "signed off"),
    "scored": ("http://adlnet.gov/expapi/verbs/scored", "was assessed"),
    "commented": ("http://adlnet.gov/expapi/verbs/commented", "commented on"),
}


def agent_of(user):
    """How a Dovetail person appears in statements: an account on this Dovetail."""
    return {
        "objectType": "Agent",
        "name": user.full_name or user.username,
        "account": {"homePage": settings.DOVETAIL_SITE_URL, "name": user.username},
    }


def activity_iri(kind, *parts):
    return "/".join([settings.DOVETAIL_SITE_URL, "xapi", "activities", kind, *map(str, parts)])


def record(
    organisation, actor, verb, activity_id, name, *, result=None, context=None, timestamp=None
):
    """Store one statement through Dovetail's own client of ``organisation``; returns its id."""
    verb_id, verb_name = VERBS[verb]
    statement = {
        "id": str(uuid.uuid4()),
        "actor": agent_of(actor),
        "verb": {"id": verb_id, "display": {"en": verb_name}},
        "object": {"id": activity_id, "definition": {"name": {"en": name}}},
    }
    if result:
        statement["result"] = result
    if context:
        statement["context"] = context
    if timestamp:
        statement["timestamp"] = timestamp
    [statement_id] = lrs.store_statements(lrs.internal_client(organisation), [statement])
    return uuid.UUID(statement_id)


def _learner_of(actor, by_account, by_email):
    account = actor.get("account")
    if account and account.get("homePage") == settings.DOVETAIL_SITE_URL:
        return by_account.get(account.get("name"))
    mbox = actor.get("mbox", "")
    return by_email.get(mbox.removeprefix("mailto:").lower()) if mbox else None


def _skill_references(statement):
    obj = statement["object"]
    found = []
    extension = obj.get("definition", {}).get("extensions", {}).get(SKILL_EXTENSION)
    if isinstance(extension, str):
        found.append(extension)
    for category in statement.get("context", {}).get("contextActivities", {}).get("category", []):
        found.append(category["id"])
    return found


def proficiency_from(result):
    """A 1–5 proficiency from a successful scaled score, or None when it shows no competency."""
    score = (result or {}).get("score", {}).get("scaled")
    if score is None or score <= 0 or result.get("success") is False:
        return None
    return min(5, max(1, math.ceil(score * 5)))


def evidence_from_statements(client, statements):
    """Competency rows for the learners of the client's college that statements from simulators
    and other outside applications evidence (a successful scaled score on a skill's task)."""
    if client.is_internal:
        return []
    scored = [(s, proficiency_from(s.get("result")), _skill_references(s)) for s in statements]
    scored = [(s, level, refs) for s, level, refs in scored if level and refs]
    if not scored:
        return []
    references = {ref for _s, _level, refs in scored for ref in refs}
    skills = {}
    for skill_id, uri, code in Skill.objects.filter(
        Q(uri__in=references) | Q(code__in=references)
    ).values_list("pk", "uri", "code"):
        skills[uri] = skills[code] = skill_id
    accounts = {s["actor"].get("account", {}).get("name") for s, _level, _refs in scored} - {None}
    emails = {
        s["actor"].get("mbox", "").removeprefix("mailto:").lower() for s, _l, _r in scored
    } - {""}
    people = User.objects.filter(
        Q(username__in=accounts) | Q(email__in=emails),
        learner_profile__college_id=client.organisation_id,
    ).values_list("pk", "username", "email")
    by_account = {username: pk for pk, username, _email in people}
    by_email = {email.lower(): pk for pk, _username, email in people if email}
    rows = []
    for statement, level, refs in scored:
        learner_id = _learner_of(statement["actor"], by_account, by_email)
        for skill_id in {skills[ref] for ref in refs if ref in skills}:
            if learner_id is not None:
                rows.append(
                    Competency(
                        learner_id=learner_id,
                        skill_id=skill_id,
                        proficiency=level,
                        source=Competency.Source.SIMULATOR,
                        achieved_on=statement["timestamp"][:10],
                        evidence=f"xAPI statement {statement['id']}",
                    )
                )
    return Competency.objects.bulk_create(rows)


lrs.on_statements_stored(evidence_from_statements)


def statement_about(organisation, statement_id, user) -> dict | None:
    """The statement in the organisation's store with this id, if its actor is ``user``."""
    try:
        statement, _stored = lrs.get_statement(
            lrs.internal_client(organisation), str(statement_id), voided=False
        )
    except lrs.LrsError:
        return None
    account = (statement.get("actor") or {}).get("account") or {}
    return statement if account.get("name") == user.username else None
