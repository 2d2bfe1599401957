"""What an LRS derives from a valid statement: identities, index keys and response formats."""

import copy
from dataclasses import dataclass, field

from dovetail.engines.xapi._validate import IFI_KEYS, VOIDED_VERB


def agent_key(agent):
    """A stable string for an agent's or identified group's inverse functional identifier."""
    for key in IFI_KEYS:
        if key in agent:
            value = agent[key]
            if key == "account":
                return f"account:{value['homePage']}|{value['name']}"
            return f"{key}:{value}"
    return None


@dataclass
class StatementKeys:
    """The values an LRS indexes a statement by, for the filters of a statements query."""

    actor: str | None
    verb: str
    object_agent: str | None = None
    object_activity: str | None = None
    target_statement: str | None = None
    registration: str | None = None
    related_agents: set = field(default_factory=set)
    related_activities: set = field(default_factory=set)

    @property
    def voids(self):
        return self.target_statement if self.verb == VOIDED_VERB else None

    @property
    def other_agents(self):
        """Related agents besides the actor and the agent object, which an LRS already
        indexes as the statement's own columns."""
        return self.related_agents - {self.actor, self.object_agent}

    @property
    def other_activities(self):
        """Related activities besides the activity object."""
        return self.related_activities - {self.object_activity}


def _agent_keys(actor):
    keys = set()
    own = agent_key(actor)
    if own:
        keys.add(own)
    for member in actor.get("member", ()):
        keys.add(agent_key(member))
    return keys


def _context_activity_ids(context):
    ids = set()
    for activities in context.get("contextActivities", {}).values():
        for activity in activities if isinstance(activities, list) else [activities]:
            ids.add(activity["id"])
    return ids


def _context_agents(context):
    keys = set()
    for role in ("instructor", "team"):
        if role in context:
            keys |= _agent_keys(context[role])
    return keys


def statement_keys(statement):
    """Index keys of a valid statement (after the LRS has set its authority)."""
    obj = statement["object"]
    object_type = obj.get("objectType", "Activity")
    keys = StatementKeys(actor=agent_key(statement["actor"]), verb=statement["verb"]["id"])
    context = statement.get("context", {})
    keys.registration = context.get("registration")
    keys.related_agents = _agent_keys(statement["actor"]) | _context_agents(context)
    keys.related_activities = _context_activity_ids(context)
    if "authority" in statement:
        keys.related_agents |= _agent_keys(statement["authority"])
    if object_type == "Activity":
        keys.object_activity = obj["id"]
        keys.related_activities.add(obj["id"])
    elif object_type in ("Agent", "Group"):
        keys.object_agent = agent_key(obj)
        keys.related_agents |= _agent_keys(obj)
    elif object_type == "StatementRef":
        keys.target_statement = obj["id"].lower()
    else:
        inner = statement_keys(obj)
        keys.related_agents |= inner.related_agents
        keys.related_activities |= inner.related_activities
    keys.related_agents.discard(None)
    return keys


def normalise(statement):
    """The statement as stored: context activities always lists (Data 2.4.6.2)."""
    for holder in (statement, statement["object"]):
        activities = holder.get("context", {}).get("contextActivities")
        if activities:
            for kind, value in activities.items():
                if not isinstance(value, list):
                    activities[kind] = [value]
    return statement


def activities_in(statement):
    """Every activity object a statement carries, for the activities resource."""
    found = []

    def visit(node):
        obj = node["object"]
        if obj.get("objectType", "Activity") == "Activity":
            found.append(obj)
        elif obj.get("objectType") == "SubStatement":
            visit(obj)
        for activities in node.get("context", {}).get("contextActivities", {}).values():
            found.extend(activities if isinstance(activities, list) else [activities])

    visit(statement)
    return found


def merge_definition(old, new):
    """An activity definition updated by a newer one: language maps merge, the rest is replaced."""
    merged = dict(old or {})
    for key, value in (new or {}).items():
        if key in ("name", "description") and isinstance(merged.get(key), dict):
            merged[key] = {**merged[key], **value}
        else:
            merged[key] = value
    return merged


def _ids_actor(actor):
    reduced = {"objectType": actor.get("objectType", "Agent")}
    for key in IFI_KEYS:
        if key in actor:
            reduced[key] = actor[key]
    if "member" in actor and agent_key(actor) is None:
        reduced["member"] = [_ids_actor(member) for member in actor["member"]]
    return reduced


def _ids_body(node):
    node["actor"] = _ids_actor(node["actor"])
    node["verb"] = {"id": node["verb"]["id"]}
    obj = node["object"]
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        node["object"] = {"id": obj["id"]}
    elif object_type in ("Agent", "Group"):
        node["object"] = _ids_actor(obj)
    elif object_type == "SubStatement":
        _ids_body(obj)
    context = node.get("context")
    if context:
        for role in ("instructor", "team"):
            if role in context:
                context[role] = _ids_actor(context[role])
        for kind, activities in context.get("contextActivities", {}).items():
            context["contextActivities"][kind] = [{"id": activity["id"]} for activity in activities]


def ids_format(statement):
    """The ``ids`` format: agents, activities and verbs reduced to their identifiers."""
    reduced = copy.deepcopy(statement)
    _ids_body(reduced)
    if "authority" in reduced:
        reduced["authority"] = _ids_actor(reduced["authority"])
    return reduced


def pick_language(language_map, preferred):
    """The one entry of a language map that best fits the reader's languages."""
    if not language_map:
        return language_map
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in preferred:
        wanted = wanted.lower()
        if wanted in lowered:
            tag = lowered[wanted]
            return {tag: language_map[tag]}
        for candidate_lower, tag in lowered.items():
            if candidate_lower.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    tag = next(iter(language_map))
    return {tag: language_map[tag]}


_LANGUAGE_MAP_KEYS = {"display", "name", "description"}


def canonical_format(statement, preferred_languages):
    """The ``canonical`` format: each language map cut to the reader's best language."""
    result = copy.deepcopy(statement)

    def visit(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "extensions":
                    continue
                if key in _LANGUAGE_MAP_KEYS and isinstance(value, dict):
                    node[key] = pick_language(value, preferred_languages)
                else:
                    visit(value)
        elif isinstance(node, list):
            for item in node:
                visit(item)

    visit(result)
    return result
