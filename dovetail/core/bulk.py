"""Many rows at once: the demo-region generator (500,000 learners) and anything else that
would take hours row by row. Each app's ``bulk`` module adds its own rows through
:func:`insert`; callers pass plain field values and get the saved rows back, ids filled in.

Rows are trusted to be well formed except in one way a typo would go unnoticed: a value
outside a field's choices is refused, naming the model, the row and the field."""

from django.db import models

from dovetail.core.models import LearnerProfile, Membership, Organisation, Region, Role, User

BATCH = 2000


class BadRow(ValueError):
    pass


def insert(model: type[models.Model], rows) -> list:
    """Create ``rows`` (dicts of field values) of ``model``; returns them saved."""
    rows = list(rows)
    choices = {
        field.attname: {str(value) for value, _label in field.flatchoices}
        for field in model._meta.concrete_fields
        if field.choices and not field.many_to_one
    }
    for number, row in enumerate(rows, start=1):
        for name, allowed in choices.items():
            value = row.get(name)
            if value not in (None, "") and str(value) not in allowed:
                raise BadRow(
                    f"{model._meta.object_name} row {number}: {name} {value!r} is not one of "
                    f"{', '.join(sorted(allowed))}"
                )
    return model.objects.bulk_create([model(**row) for row in rows], batch_size=BATCH)


def add_regions(rows) -> list[Region]:
    return insert(Region, rows)


def add_organisations(rows) -> list[Organisation]:
    return insert(Organisation, rows)


def add_users(rows) -> list[User]:
    """People; those given no password hash cannot sign in until they set one."""
    return insert(User, ({"password": "!", **row} for row in rows))


def add_memberships(rows) -> list[Membership]:
    return insert(Membership, rows)


def add_learners(rows) -> list[LearnerProfile]:
    """Learner profiles, each with the learner's membership of its college."""
    profiles = insert(LearnerProfile, rows)
    add_memberships(
        {"user_id": p.user_id, "organisation_id": p.college_id, "role": Role.LEARNER}
        for p in profiles
    )
    return profiles


def organisations_exist() -> bool:
    """Whether the database already holds a region (a generator must start from none)."""
    return Organisation.objects.exists()


def existing_usernames(usernames) -> set[str]:
    return set(User.objects.filter(username__in=usernames).values_list("username", flat=True))


def insert_nested(model, rows, key: str, child_model, parent_field: str) -> list:
    """Rows of ``model``, each carrying its children (rows of ``child_model``) under ``key``;
    the children are created pointing at their parent through ``parent_field``."""
    rows = list(rows)
    children = [row.pop(key, ()) for row in rows]
    parents = insert(model, rows)
    insert(
        child_model,
        (
            {parent_field: parent, **child}
            for parent, listed in zip(parents, children, strict=True)
            for child in listed
        ),
    )
    return parents
