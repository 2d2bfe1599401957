"""Back up one organisation and restore it: everything it owns, in one file.

What an organisation owns is what deleting it would take with it (Django's deletion collector
follows every relation), plus what is kept from deletion only because something else points at
it (a learner's profile, a placement on an offer), plus its people and what they own. Every row
those rows point at (a partner enterprise, a skill, a region, a mentor) travels too, so the file
restores on an installation that has never seen it. Uploaded files (diary photos, evidence) travel
inside the file.

The file is JSON lines: Django's serialisation of each row, then one line per uploaded file.
Restoring writes every row back with its own id, replacing the row there, inside one
transaction: a file that fails to load changes nothing and names its line.
"""

import base64
import datetime
import json
from collections.abc import Iterable

from django.apps import apps
from django.contrib.admin.utils import NestedObjects
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connection, models, transaction

from dovetail.core.errors import ServiceError
from dovetail.core.models import Organisation, User
from dovetail.core.uploads import EVIDENCE, check_bytes

FILE_LINE = "dovetail.file"


class _ExactEncoder(DjangoJSONEncoder):
    """Django's encoder, without its rounding of times to the millisecond: a restored row keeps
    the microseconds it had."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def _owned(organisation: Organisation) -> set[models.Model]:
    """The organisation, all it owns through its people and rows, and the protected rows that
    point into it, to a fixed point."""
    people = list(User.objects.filter(memberships__organisation=organisation).distinct())
    found: set[models.Model] = set()
    frontier: list[models.Model] = [organisation, *people]
    while frontier:
        collector = NestedObjects(using=DEFAULT_DB_ALIAS)
        by_model: dict[type, list] = {}
        for obj in frontier:
            by_model.setdefault(type(obj), []).append(obj)
        for objs in by_model.values():  # the collector takes one model at a time
            collector.collect(objs)
        reached = {obj for objs in collector.model_objs.values() for obj in objs}
        reached |= collector.protected
        frontier = [obj for obj in reached if obj not in found]
        found |= reached
    return found


def _referenced(objects: set[models.Model]) -> set[models.Model]:
    """Every row the given rows point at, and what those point at, to a fixed point (without
    what they own): the file then restores into an empty installation."""
    seen = set(objects)
    keys = {(type(obj), obj.pk) for obj in objects}
    frontier = list(objects)
    while frontier:
        wanted: dict[type, set] = {}
        for obj in frontier:
            for field in obj._meta.concrete_fields:
                if field.is_relation and (field.many_to_one or field.one_to_one):
                    target_id = getattr(obj, field.attname)
                    target = field.related_model
                    if target_id is not None and (target, target_id) not in keys:
                        wanted.setdefault(target, set()).add(target_id)
        for model, ids in _many_to_many_targets(frontier, keys).items():
            wanted.setdefault(model, set()).update(ids)
        frontier = [
            obj for model, ids in wanted.items() for obj in model._base_manager.filter(pk__in=ids)
        ]
        keys.update((type(obj), obj.pk) for obj in frontier)
        seen.update(frontier)
    return seen


def _many_to_many_targets(objects, keys) -> dict[type, set]:
    """The rows plain many-to-many fields point at (through tables Django makes itself)."""
    wanted: dict[type, set] = {}
    by_model: dict[type, list] = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj.pk)
    for model, pks in by_model.items():
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created:
                continue
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            for target_id in through.objects.filter(**{f"{source}__in": pks}).values_list(
                f"{target}_id", flat=True
            ):
                if (field.related_model, target_id) not in keys:
                    wanted.setdefault(field.related_model, set()).add(target_id)
    return wanted


def export_organisation(organisation: Organisation, out) -> dict:
    """Write the organisation's backup to the text stream ``out``; returns counts by model."""
    rows = _referenced(_owned(organisation))
    by_model: dict[type, list] = {}
    for obj in rows:
        # rows of the tables Django makes for many-to-many fields travel inside their owners
        if not obj._meta.auto_created:
            by_model.setdefault(type(obj), []).append(obj)
    counts = {}
    files = []
    for model in sorted(by_model, key=lambda m: m._meta.label):
        objects = sorted(by_model[model], key=lambda o: str(o.pk))
        out.write(serializers.serialize("jsonl", objects, cls=_ExactEncoder))
        counts[model._meta.label] = len(objects)
        files.extend(
            getattr(obj, field.name).name
            for obj in objects
            for field in model._meta.concrete_fields
            if isinstance(field, models.FileField) and getattr(obj, field.name)
        )
    for name in sorted(set(files)):
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as stored:
                content = base64.b64encode(stored.read()).decode()
            out.write(json.dumps({"model": FILE_LINE, "name": name, "content": content}) + "\n")
    counts["files"] = len(set(files))
    return counts


def _lines(stream: Iterable[str], name: str):
    for number, line in enumerate(stream, start=1):
        if line.strip():
            yield number, line


def import_organisation(stream: Iterable[str], *, name: str = "backup") -> dict:
    """Restore a backup written by :func:`export_organisation`; returns counts by model."""
    counts: dict[str, int] = {}
    tables = set()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for number, line in _lines(stream, name):
            try:
                if json.loads(line).get("model") == FILE_LINE:
                    _restore_file(json.loads(line), where=f"{name}, line {number}")
                    counts["files"] = counts.get("files", 0) + 1
                    continue
                (restored,) = serializers.deserialize("jsonl", line, ignorenonexistent=False)
                restored.save()
            except (DeserializationError, ValueError, KeyError, TypeError) as error:
                raise ServiceError(
                    f"{name}, line {number}: not a Dovetail organisation backup row ({error})",
                    field="file",
                ) from None
            model = type(restored.object)
            counts[model._meta.label] = counts.get(model._meta.label, 0) + 1
            tables.add(model._meta.db_table)
        connection.check_constraints(table_names=sorted(tables))
    _reset_sequences(tables)
    return counts


def _restore_file(line: dict, *, where: str) -> None:
    """Put an uploaded file back, checked as an upload is: every kind Dovetail keeps (diary
    files, evidence) is an image or a PDF of at most 10 MB. The storage refuses a name outside
    its folder."""
    name, content = line["name"], base64.b64decode(line["content"])
    check_bytes(f"{where}: {name}", content, EVIDENCE)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(content))


def _reset_sequences(tables: set[str]) -> None:
    """After rows arrive with their own ids, new rows must be numbered after them."""
    restored = [m for m in apps.get_models() if m._meta.db_table in tables]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), restored):
            cursor.execute(statement)
