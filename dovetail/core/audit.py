"""Audit rows: who changed what, with old and new values."""

from dovetail.core.models import AuditEvent


def record(actor, action: str, obj, changes: dict | None = None) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        changes=changes or {},
    )


def apply_changes(obj, fields: dict) -> dict:
    """Set ``fields`` on ``obj``; return {field: [old, new]} for those that really changed."""
    changed = {}
    for name, value in fields.items():
        old = getattr(obj, name)
        if old != value:
            setattr(obj, name, value)
            changed[name] = [_plain(old), _plain(value)]
    return changed


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value
