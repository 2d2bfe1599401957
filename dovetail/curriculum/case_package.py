"""A programme's modules and learning outcomes as a CASE 1.0 package (JSON) or a CSV, and back.

The package is a CFDocument for the programme, a CFItem per module (``CFItemType`` "Module") and
per outcome ("Learning Outcome"), ``isChildOf`` associations for the hierarchy and
``exactMatchOf`` associations to the skills each outcome teaches. What CASE has no field for (a
module's credits, hours, semester, delivery mode, indicators and assessment; an outcome's
proficiency) travels in the item's ``notes`` as JSON, so exporting and importing loses nothing.
Importing updates a programme of the same code at the college, adds what is new and deletes
nothing; one bad item or row stops the import whole, named by file, item or row, and field.
"""

import csv
import io
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.permissions import CHANGE, require
from dovetail.core.tabular import read_rows
from dovetail.curriculum import services, versions
from dovetail.curriculum.models import LearningOutcome, Module, Programme
from dovetail.skills import links
from dovetail.skills.models import Skill

NAMESPACE = uuid.UUID("6f1c9a2e-4d3b-5a8c-9e7f-0b1d2c3e4f5a")
MODULE, OUTCOME = "Module", "Learning Outcome"
MODULE_FIELDS = versions.TEACHING_FIELDS
CSV_COLUMNS = [
    "programme",
    "module_code",
    "module_name",
    "module_name_zh",
    *MODULE_FIELDS,
    "outcome",
    "proficiency",
    "since",
    "skills",
]


@dataclass
class OutcomeData:
    text: str
    proficiency: int
    since: date
    skills: list[str] = field(default_factory=list)


@dataclass
class ModuleData:
    code: str
    name: str
    name_zh: str
    credits: Decimal
    hours: int
    semester: int
    delivery_mode: str
    performance_indicators: str = ""
    assessment_methods: str = ""
    outcomes: list[OutcomeData] = field(default_factory=list)


@dataclass
class ProgrammeData:
    code: str
    name: str
    name_zh: str
    qualification_level: int
    duration_years: Decimal
    modules: list[ModuleData] = field(default_factory=list)


# reading what is here ------------------------------------------------------------------------


def _head(programme: Programme) -> ProgrammeData:
    return ProgrammeData(
        programme.code,
        programme.name,
        programme.name_zh,
        programme.qualification_level,
        programme.duration_years,
    )


def programme_data(programme: Programme) -> ProgrammeData:
    data = _head(programme)
    outcomes = LearningOutcome.objects.filter(module__programme=programme).prefetch_related(
        "skills__skill"
    )
    by_module: dict[int, list[OutcomeData]] = {}
    for outcome in outcomes.order_by("pk"):
        uris = sorted(link.skill.uri for link in outcome.skills.all() if not link.rejected)
        by_module.setdefault(outcome.module_id, []).append(
            OutcomeData(outcome.text, outcome.proficiency, outcome.since, uris)
        )
    for module in programme.modules.order_by("semester", "code"):
        data.modules.append(
            ModuleData(
                module.code,
                module.name,
                module.name_zh,
                module.credits,
                module.hours,
                module.semester,
                module.delivery_mode,
                module.performance_indicators,
                module.assessment_methods,
                by_module.get(module.pk, []),
            )
        )
    return data


def _id(*parts) -> str:
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def export_package(programme: Programme) -> dict:
    data = programme_data(programme)
    site = settings.DOVETAIL_SITE_URL.rstrip("/")
    now = timezone.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    document_id = _id(programme.college.code, data.code)
    document_uri = f"{site}/curriculum/programmes/{programme.pk}/"
    items, associations = [], []

    def link(kind, origin, destination, destination_uri=None):
        associations.append(
            {
                "identifier": _id(origin["identifier"], kind, destination),
                "uri": f"{document_uri}#association-{len(associations)}",
                "associationType": kind,
                "originNodeURI": {
                    "title": origin["fullStatement"][:60],
                    "identifier": origin["identifier"],
                    "uri": origin["uri"],
                },
                "destinationNodeURI": {
                    "title": destination,
                    "identifier": destination,
                    "uri": destination_uri or destination,
                },
                "CFDocumentURI": {
                    "title": data.name,
                    "identifier": document_id,
                    "uri": document_uri,
                },
                "lastChangeDateTime": now,
            }
        )

    for module in data.modules:
        item = {
            "identifier": _id(document_id, module.code),
            "uri": f"{document_uri}#{module.code}",
            "fullStatement": module.name,
            "alternativeLabel": module.name_zh,
            "humanCodingScheme": module.code,
            "CFItemType": MODULE,
            "notes": json.dumps(
                {name: str(getattr(module, name)) for name in MODULE_FIELDS}, ensure_ascii=False
            ),
            "lastChangeDateTime": now,
        }
        items.append(item)
        link("isChildOf", item, document_id, document_uri)
        for number, outcome in enumerate(module.outcomes, start=1):
            child = {
                "identifier": _id(document_id, module.code, outcome.text),
                "uri": f"{document_uri}#{module.code}.{number}",
                "fullStatement": outcome.text,
                "humanCodingScheme": f"{module.code}.{number}",
                "CFItemType": OUTCOME,
                "statusStartDate": outcome.since.isoformat(),
                "notes": json.dumps({"proficiency": outcome.proficiency}),
                "lastChangeDateTime": now,
            }
            items.append(child)
            link("isChildOf", child, item["identifier"], item["uri"])
            for uri in outcome.skills:
                link("exactMatchOf", child, uri)
    return {
        "CFDocument": {
            "identifier": document_id,
            "uri": document_uri,
            "creator": programme.college.name,
            "title": data.name,
            "lastChangeDateTime": now,
            "language": "en",
            "adoptionStatus": "Adopted",
            "frameworkType": "Programme",
            "notes": json.dumps(
                {
                    "code": data.code,
                    "name_zh": data.name_zh,
                    "qualification_level": data.qualification_level,
                    "duration_years": str(data.duration_years),
                },
                ensure_ascii=False,
            ),
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFDefinitions": {
            "CFItemTypes": [
                {
                    "identifier": _id("item-type", kind),
                    "title": kind,
                    "typeCode": kind,
                    "hierarchyCode": str(level),
                    "lastChangeDateTime": now,
                }
                for level, kind in enumerate((MODULE, OUTCOME), start=1)
            ]
        },
    }


def export_csv(programme: Programme) -> bytes:
    data = programme_data(programme)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for module in data.modules:
        head = [
            data.code,
            module.code,
            module.name,
            module.name_zh,
            *(str(getattr(module, name)) for name in MODULE_FIELDS),
        ]
        for outcome in module.outcomes or [None]:
            tail = (
                ["", "", "", ""]
                if outcome is None
                else [
                    outcome.text,
                    outcome.proficiency,
                    outcome.since.isoformat(),
                    ";".join(outcome.skills),
                ]
            )
            writer.writerow(head + tail)
    return out.getvalue().encode("utf-8")


# reading a file ------------------------------------------------------------------------------


def _refuse(where: str, name: str, problem: str):
    raise ServiceError(f"{where}, {name}: {problem}", field=name)


def _module_fields(where: str, values: dict) -> dict:
    try:
        credits = Decimal(values.get("credits", ""))
    except InvalidOperation:
        _refuse(where, "credits", "not a number")
    for name in ("hours", "semester"):
        if not str(values.get(name, "")).isdigit():
            _refuse(where, name, "not a whole number")
    mode = values.get("delivery_mode") or Module.Delivery.CAMPUS
    if mode not in Module.Delivery.values:
        _refuse(where, "delivery_mode", f"one of {', '.join(Module.Delivery.values)}")
    return {
        "credits": credits,
        "hours": int(values["hours"]),
        "semester": int(values["semester"]),
        "delivery_mode": mode,
        "performance_indicators": values.get("performance_indicators", ""),
        "assessment_methods": values.get("assessment_methods", ""),
    }


def _outcome(where, text, proficiency, since, skills) -> OutcomeData:
    if not str(proficiency).isdigit() or not 1 <= int(proficiency) <= 5:
        _refuse(where, "proficiency", "a whole number from 1 to 5")
    try:
        day = date.fromisoformat(since)
    except (TypeError, ValueError):
        _refuse(where, "since", "a date as YYYY-MM-DD")
    return OutcomeData(text.strip(), int(proficiency), day, skills)


def _json_notes(where, item) -> dict:
    try:
        notes = json.loads(item.get("notes") or "{}")
    except json.JSONDecodeError:
        _refuse(where, "notes", "not the JSON Dovetail writes")
    if not isinstance(notes, dict):
        _refuse(where, "notes", "not the JSON Dovetail writes")
    return notes


def parse_package(name: str, content: bytes) -> ProgrammeData:
    try:
        package = json.loads(content.decode("utf-8"))
        document, items = package["CFDocument"], package["CFItems"]
        associations = package.get("CFAssociations", [])
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as error:
        raise ServiceError(f"{name}: not a CASE 1.0 package ({error})", field="file") from None
    head = _json_notes(f"{name}, CFDocument", document)
    for key in ("code", "qualification_level", "duration_years"):
        if key not in head:
            _refuse(f"{name}, CFDocument", "notes", f"no {key}")
    data = ProgrammeData(
        head["code"],
        document.get("title", ""),
        head.get("name_zh", ""),
        int(head["qualification_level"]),
        Decimal(head["duration_years"]),
    )
    parent = {
        a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
        for a in associations
        if a.get("associationType") == "isChildOf"
    }
    skills: dict[str, list[str]] = {}
    for a in associations:
        if a.get("associationType") == "exactMatchOf":
            skills.setdefault(a["originNodeURI"]["identifier"], []).append(
                a["destinationNodeURI"]["uri"]
            )
    modules: dict[str, ModuleData] = {}
    for number, item in enumerate(items, start=1):
        where = f"{name}, CFItem {number} ({item.get('humanCodingScheme', '')})"
        if item.get("CFItemType") == MODULE:
            modules[item["identifier"]] = ModuleData(
                item.get("humanCodingScheme", ""),
                item.get("fullStatement", ""),
                item.get("alternativeLabel", ""),
                **_module_fields(where, _json_notes(where, item)),
            )
    for number, item in enumerate(items, start=1):
        where = f"{name}, CFItem {number} ({item.get('humanCodingScheme', '')})"
        if item.get("CFItemType") != OUTCOME:
            continue
        owner = modules.get(parent.get(item["identifier"], ""))
        if owner is None:
            _refuse(where, "isChildOf", "the outcome belongs to no module in the package")
        notes = _json_notes(where, item)
        owner.outcomes.append(
            _outcome(
                where,
                item.get("fullStatement", ""),
                notes.get("proficiency", 3),
                item.get("statusStartDate"),
                sorted(skills.get(item["identifier"], [])),
            )
        )
    data.modules = list(modules.values())
    return data


def parse_csv(name: str, content: bytes, programme: Programme) -> ProgrammeData:
    data = _head(programme)
    modules: dict[str, ModuleData] = {}
    for number, row in read_rows(name, content):
        where = f"{name}, row {number}"
        code = row.get("module_code", "").strip()
        if not code:
            _refuse(where, "module_code", "empty")
        if code not in modules:
            modules[code] = ModuleData(
                code,
                row.get("module_name", "").strip(),
                row.get("module_name_zh", "").strip(),
                **_module_fields(where, row),
            )
        if row.get("outcome", "").strip():
            uris = [u.strip() for u in row.get("skills", "").split(";") if u.strip()]
            modules[code].outcomes.append(
                _outcome(
                    where, row["outcome"], row.get("proficiency", 3), row.get("since"), sorted(uris)
                )
            )
    data.modules = list(modules.values())
    return data


# writing -------------------------------------------------------------------------------------


def save(data: ProgrammeData, college, *, by) -> dict:
    """Create or update the programme and its modules and outcomes; the outcomes teach exactly
    the skills the file names (those this installation holds)."""
    probe = Programme(college=college)
    require(by, CHANGE, probe)
    counts = {"modules": 0, "outcomes": 0}
    # one transaction: a file that fails half-way writes nothing
    with transaction.atomic():
        programme, _created = Programme.objects.update_or_create(
            college=college,
            code=data.code,
            defaults={
                "name": data.name,
                "name_zh": data.name_zh,
                "qualification_level": data.qualification_level,
                "duration_years": data.duration_years,
            },
        )
        for module_data in data.modules:
            module, _created = Module.objects.update_or_create(
                programme=programme,
                code=module_data.code,
                defaults={
                    "name": module_data.name,
                    "name_zh": module_data.name_zh,
                    **{name: getattr(module_data, name) for name in MODULE_FIELDS},
                },
            )
            counts["modules"] += 1
            for outcome_data in module_data.outcomes:
                _save_outcome(module, outcome_data, by)
                counts["outcomes"] += 1
        audit.record(by, "curriculum.import", programme, counts)
    return {"programme": programme, **counts}


def _save_outcome(module, data: OutcomeData, by):
    outcome = module.outcomes.filter(text=data.text).first()
    if outcome is None:
        outcome = services.add_outcome(
            module, text=data.text, proficiency=data.proficiency, since=data.since, by=by
        )
    else:
        outcome.proficiency, outcome.since = data.proficiency, data.since
        outcome.save(update_fields=["proficiency", "since"])
    wanted = {skill.uri: skill for skill in Skill.objects.filter(uri__in=data.skills)}
    for link in outcome.skills.select_related("skill"):
        if link.skill.uri not in wanted and not link.rejected:
            links.reject_link(outcome.skills, link.skill, by=by)
    have = {
        link.skill.uri for link in outcome.skills.filter(rejected=False).select_related("skill")
    }
    for uri, skill in wanted.items():
        if uri not in have:
            links.add_link(outcome.skills, skill, by=by)


def is_curriculum_package(content: bytes) -> bool:
    try:
        items = json.loads(content.decode("utf-8")).get("CFItems", [])
    except (UnicodeDecodeError, json.JSONDecodeError, AttributeError):
        return False
    return any(isinstance(i, dict) and i.get("CFItemType") == MODULE for i in items)
