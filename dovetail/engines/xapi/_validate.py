"""Strict validation of xAPI 1.0.3 statements and of the values the LRS takes as parameters.

Each check raises :class:`InvalidStatement` naming the path of the offending property, e.g.
``statements[2].context.contextActivities.parent[0].id: not an IRI``. Unknown properties,
wrong types and nulls are refused everywhere but inside extensions, as the specification asks.
"""

import re
from datetime import datetime

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"
SIGNATURE_USAGE = "http://adlnet.gov/expapi/attachments/signature"


class InvalidStatement(ValueError):
    def __init__(self, path, message):
        super().__init__(f"{path}: {message}" if path else message)
        self.path = path


_UUID = re.compile(
    r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$"
)
_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:[^\s]*$")
_SHA1 = re.compile(r"^[0-9a-fA-F]{40}$")
_MAILTO = re.compile(r"^mailto:[^@\s]+@[^@\s]+$")
_TIMESTAMP = re.compile(
    r"^(\d{4})-(\d\d)-(\d\d)[Tt ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d+))?)?"
    r"(Z|z|[+-]\d\d(?::?\d\d)?)?$"
)
_DURATION = re.compile(
    r"^P(?:\d+(?:[.,]\d+)?W|(?!$)(?:\d+(?:[.,]\d+)?Y)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:[.,]\d+)?H)?(?:\d+(?:[.,]\d+)?M)?(?:\d+(?:[.,]\d+)?S)?)?)$"
)
# RFC 5646 language tags: language(-extlang)(-script)(-region)(-variant)*(-extension)*(-privateuse)
_LANGUAGE_TAG = re.compile(
    r"^(?:(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"
    r"(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|\d{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|\d[A-Za-z0-9]{3}))*"
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?|[Xx](?:-[A-Za-z0-9]{1,8})+|i-[A-Za-z]{3,8})$"
)
INTERACTION_COMPONENTS = {
    "choice": {"choices"},
    "sequencing": {"choices"},
    "likert": {"scale"},
    "matching": {"source", "target"},
    "performance": {"steps"},
    "true-false": set(),
    "fill-in": set(),
    "long-fill-in": set(),
    "numeric": set(),
    "other": set(),
}
_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")


def is_uuid(value):
    return isinstance(value, str) and bool(_UUID.match(value))


def is_iri(value):
    return isinstance(value, str) and bool(_IRI.match(value))


def parse_timestamp(value):
    """The aware datetime a timestamp string names, or None when it is not ISO 8601."""
    if not isinstance(value, str):
        return None
    match = _TIMESTAMP.match(value)
    if not match or match.group(8) == "-00:00" or match.group(8) in ("-00", "-0000"):
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    text = f"{year}-{month}-{day}T{hour}:{minute}:{second or '00'}"
    if fraction:
        text += "." + fraction[:6].ljust(6, "0")
    zone = zone or "Z"
    if zone in ("Z", "z"):
        zone = "+00:00"
    elif len(zone) == 3:
        zone += ":00"
    elif ":" not in zone:
        zone = zone[:3] + ":" + zone[3:]
    try:
        return datetime.fromisoformat(text + zone)
    except ValueError:
        return None


def _fail(path, message):
    raise InvalidStatement(path, message)


def _object(value, path, allowed, required=()):
    if not isinstance(value, dict):
        _fail(path, "must be a JSON object")
    for key in value:
        if key not in allowed:
            _fail(f"{path}.{key}" if path else key, "is not an xAPI property here")
    for key in required:
        if key not in value:
            _fail(f"{path}.{key}" if path else key, "is required")


def _string(value, path):
    if not isinstance(value, str):
        _fail(path, "must be a string")


def _boolean(value, path):
    if not isinstance(value, bool):
        _fail(path, "must be true or false")


def _number(value, path):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        _fail(path, "must be a number")


def _iri(value, path):
    if not is_iri(value):
        _fail(path, "must be an IRI with a scheme")


def _uuid(value, path):
    if not is_uuid(value):
        _fail(path, "must be a UUID (RFC 4122)")


def _language_map(value, path):
    if not isinstance(value, dict):
        _fail(path, "must be a language map")
    for tag, text in value.items():
        if not _LANGUAGE_TAG.match(tag):
            _fail(f"{path}.{tag}", "is not an RFC 5646 language tag")
        _string(text, f"{path}.{tag}")


def _extensions(value, path):
    if not isinstance(value, dict):
        _fail(path, "must be a JSON object")
    for key in value:
        _iri(key, f"{path}.{key}")


def _timestamp(value, path):
    if parse_timestamp(value) is None:
        _fail(path, "must be an ISO 8601 timestamp")


_AGENT_KEYS = {"objectType", "name", "mbox", "mbox_sha1sum", "openid", "account"}
_GROUP_KEYS = _AGENT_KEYS | {"member"}
IFI_KEYS = ("mbox", "mbox_sha1sum", "openid", "account")


def _ifis(value, path):
    present = [key for key in IFI_KEYS if key in value]
    for key in present:
        item = value[key]
        where = f"{path}.{key}"
        if key == "mbox":
            if not isinstance(item, str) or not _MAILTO.match(item):
                _fail(where, "must be a mailto: IRI")
        elif key == "mbox_sha1sum":
            if not isinstance(item, str) or not _SHA1.match(item):
                _fail(where, "must be a hex SHA-1 digest")
        elif key == "openid":
            _iri(item, where)
        else:
            _object(item, where, {"homePage", "name"}, ("homePage", "name"))
            _iri(item["homePage"], f"{where}.homePage")
            _string(item["name"], f"{where}.name")
    return present


def validate_agent(value, path="agent", *, object_type_required=False):
    _object(value, path, _AGENT_KEYS)
    object_type = value.get("objectType")
    if object_type_required and object_type is None:
        _fail(f"{path}.objectType", "is required when an agent is the object")
    if object_type not in (None, "Agent"):
        _fail(f"{path}.objectType", "must be 'Agent'")
    if "name" in value:
        _string(value["name"], f"{path}.name")
    if len(_ifis(value, path)) != 1:
        _fail(path, "an agent needs exactly one of mbox, mbox_sha1sum, openid, account")


def validate_group(value, path="group"):
    _object(value, path, _GROUP_KEYS, ("objectType",))
    if value["objectType"] != "Group":
        _fail(f"{path}.objectType", "must be 'Group'")
    if "name" in value:
        _string(value["name"], f"{path}.name")
    identified = _ifis(value, path)
    if len(identified) > 1:
        _fail(path, "a group has at most one identifier")
    if "member" in value:
        members = value["member"]
        if not isinstance(members, list):
            _fail(f"{path}.member", "must be a list of agents")
        for index, member in enumerate(members):
            validate_agent(member, f"{path}.member[{index}]")
    elif not identified:
        _fail(f"{path}.member", "an anonymous group needs its members")


def validate_actor(value, path="actor", *, object_type_required=False):
    if isinstance(value, dict) and value.get("objectType") == "Group":
        validate_group(value, path)
    else:
        validate_agent(value, path, object_type_required=object_type_required)


def _verb(value, path):
    _object(value, path, {"id", "display"}, ("id",))
    _iri(value["id"], f"{path}.id")
    if "display" in value:
        _language_map(value["display"], f"{path}.display")


_DEFINITION_KEYS = {
    "name",
    "description",
    "type",
    "moreInfo",
    "extensions",
    "interactionType",
    "correctResponsesPattern",
    *_COMPONENT_LISTS,
}


def _definition(value, path):
    _object(value, path, _DEFINITION_KEYS)
    for key in ("name", "description"):
        if key in value:
            _language_map(value[key], f"{path}.{key}")
    for key in ("type", "moreInfo"):
        if key in value:
            _iri(value[key], f"{path}.{key}")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")
    interaction = value.get("interactionType")
    if "interactionType" in value and (
        not isinstance(interaction, str) or interaction not in INTERACTION_COMPONENTS
    ):
        _fail(f"{path}.interactionType", "is not an xAPI interaction type")
    if "correctResponsesPattern" in value:
        if interaction is None:
            _fail(f"{path}.correctResponsesPattern", "needs an interactionType")
        pattern = value["correctResponsesPattern"]
        if not isinstance(pattern, list):
            _fail(f"{path}.correctResponsesPattern", "must be a list of strings")
        for index, item in enumerate(pattern):
            _string(item, f"{path}.correctResponsesPattern[{index}]")
    for key in _COMPONENT_LISTS:
        if key not in value:
            continue
        if interaction is None or key not in INTERACTION_COMPONENTS[interaction]:
            _fail(f"{path}.{key}", f"is not used by interaction type {interaction!r}")
        components = value[key]
        if not isinstance(components, list):
            _fail(f"{path}.{key}", "must be a list of interaction components")
        seen = set()
        for index, component in enumerate(components):
            where = f"{path}.{key}[{index}]"
            _object(component, where, {"id", "description"}, ("id",))
            _string(component["id"], f"{where}.id")
            if component["id"] in seen:
                _fail(f"{where}.id", "repeats another component's id")
            seen.add(component["id"])
            if "description" in component:
                _language_map(component["description"], f"{where}.description")


def validate_activity(value, path="activity"):
    _object(value, path, {"objectType", "id", "definition"}, ("id",))
    if value.get("objectType", "Activity") != "Activity":
        _fail(f"{path}.objectType", "must be 'Activity'")
    _iri(value["id"], f"{path}.id")
    if "definition" in value:
        _definition(value["definition"], f"{path}.definition")


def _score(value, path):
    _object(value, path, {"scaled", "raw", "min", "max"})
    for key in value:
        _number(value[key], f"{path}.{key}")
    if "scaled" in value and not -1 <= value["scaled"] <= 1:
        _fail(f"{path}.scaled", "must lie between -1 and 1")
    low, high, raw = value.get("min"), value.get("max"), value.get("raw")
    if low is not None and high is not None and low > high:
        _fail(f"{path}.min", "must not exceed max")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        _fail(f"{path}.raw", "must lie between min and max")


def _result(value, path):
    _object(value, path, {"score", "success", "completion", "response", "duration", "extensions"})
    if "score" in value:
        _score(value["score"], f"{path}.score")
    for key in ("success", "completion"):
        if key in value:
            _boolean(value[key], f"{path}.{key}")
    if "response" in value:
        _string(value["response"], f"{path}.response")
    if "duration" in value and (
        not isinstance(value["duration"], str) or not _DURATION.match(value["duration"])
    ):
        _fail(f"{path}.duration", "must be an ISO 8601 duration")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")


def _statement_ref(value, path):
    _object(value, path, {"objectType", "id"}, ("objectType", "id"))
    if value["objectType"] != "StatementRef":
        _fail(f"{path}.objectType", "must be 'StatementRef'")
    _uuid(value["id"], f"{path}.id")


_CONTEXT_KEYS = {
    "registration",
    "instructor",
    "team",
    "contextActivities",
    "revision",
    "platform",
    "language",
    "statement",
    "extensions",
}


def _context(value, path, object_type):
    _object(value, path, _CONTEXT_KEYS)
    if "registration" in value:
        _uuid(value["registration"], f"{path}.registration")
    if "instructor" in value:
        validate_actor(value["instructor"], f"{path}.instructor")
    if "team" in value:
        validate_group(value["team"], f"{path}.team")
    if "contextActivities" in value:
        where = f"{path}.contextActivities"
        _object(value["contextActivities"], where, {"parent", "grouping", "category", "other"})
        for kind, activities in value["contextActivities"].items():
            if isinstance(activities, list):
                for index, activity in enumerate(activities):
                    validate_activity(activity, f"{where}.{kind}[{index}]")
            else:
                validate_activity(activities, f"{where}.{kind}")
    for key in ("revision", "platform"):
        if key in value:
            _string(value[key], f"{path}.{key}")
            if object_type != "Activity":
                _fail(f"{path}.{key}", "is only allowed when the object is an activity")
    if "language" in value and (
        not isinstance(value["language"], str) or not _LANGUAGE_TAG.match(value["language"])
    ):
        _fail(f"{path}.language", "is not an RFC 5646 language tag")
    if "statement" in value:
        _statement_ref(value["statement"], f"{path}.statement")
    if "extensions" in value:
        _extensions(value["extensions"], f"{path}.extensions")


def _attachments(value, path):
    if not isinstance(value, list):
        _fail(path, "must be a list")
    for index, attachment in enumerate(value):
        where = f"{path}[{index}]"
        _object(
            attachment,
            where,
            {"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"},
            ("usageType", "display", "contentType", "length", "sha2"),
        )
        _iri(attachment["usageType"], f"{where}.usageType")
        _language_map(attachment["display"], f"{where}.display")
        if "description" in attachment:
            _language_map(attachment["description"], f"{where}.description")
        _string(attachment["contentType"], f"{where}.contentType")
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            _fail(f"{where}.length", "must be a whole number of octets")
        _string(attachment["sha2"], f"{where}.sha2")
        if "fileUrl" in attachment:
            _iri(attachment["fileUrl"], f"{where}.fileUrl")


def _statement_object(value, path, *, inside_substatement):
    if not isinstance(value, dict):
        _fail(path, "must be a JSON object")
    object_type = value.get("objectType", "Activity")
    if object_type == "Activity":
        validate_activity(value, path)
    elif object_type == "Agent":
        validate_agent(value, path, object_type_required=True)
    elif object_type == "Group":
        validate_group(value, path)
    elif object_type == "StatementRef":
        _statement_ref(value, path)
    elif object_type == "SubStatement" and not inside_substatement:
        _object(
            value,
            path,
            {
                "objectType",
                "actor",
                "verb",
                "object",
                "result",
                "context",
                "timestamp",
                "attachments",
            },
            ("actor", "verb", "object"),
        )
        _statement_body(value, path, inside_substatement=True)
    else:
        _fail(f"{path}.objectType", f"{object_type!r} is not allowed here")
    return object_type


def _statement_body(value, path, *, inside_substatement):
    prefix = f"{path}." if path else ""
    validate_actor(value["actor"], f"{prefix}actor")
    _verb(value["verb"], f"{prefix}verb")
    object_type = _statement_object(
        value["object"], f"{prefix}object", inside_substatement=inside_substatement
    )
    if "result" in value:
        _result(value["result"], f"{prefix}result")
    if "context" in value:
        _context(value["context"], f"{prefix}context", object_type)
    if "timestamp" in value:
        _timestamp(value["timestamp"], f"{prefix}timestamp")
    if "attachments" in value:
        _attachments(value["attachments"], f"{prefix}attachments")
    if value["verb"]["id"] == VOIDED_VERB and object_type != "StatementRef":
        _fail(f"{prefix}object", "a voiding statement must target a StatementRef")


_STATEMENT_KEYS = {
    "id",
    "actor",
    "verb",
    "object",
    "result",
    "context",
    "timestamp",
    "stored",
    "authority",
    "version",
    "attachments",
}


def validate_statement(value, path=""):
    """Check one statement as a client sent it; raises :class:`InvalidStatement`."""
    _object(value, path, _STATEMENT_KEYS, ("actor", "verb", "object"))
    prefix = f"{path}." if path else ""
    if "id" in value:
        _uuid(value["id"], f"{prefix}id")
    _statement_body(value, path, inside_substatement=False)
    if "stored" in value:
        _timestamp(value["stored"], f"{prefix}stored")
    if "version" in value and (
        not isinstance(value["version"], str) or not re.match(r"^1\.0(\.\d+)?$", value["version"])
    ):
        _fail(f"{prefix}version", "must be 1.0.x")
    if "authority" in value:
        authority = value["authority"]
        validate_actor(authority, f"{prefix}authority")
        if authority.get("objectType") == "Group" and (
            len(authority.get("member", [])) != 2 or any(key in authority for key in IFI_KEYS)
        ):
            _fail(f"{prefix}authority", "a group authority is two agents (OAuth) and no identifier")
