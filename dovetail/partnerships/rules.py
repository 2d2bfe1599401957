"""Interface rules as versioned data: every change writes a new version, and a rule that
contradicts one in force is refused with both named.

A rule is addressed by its kind and key: a participation rule by confidentiality level
("2"), a timing rule by conflict kind ("peak_season"). Its values are the rule row's fields.
"""

from django.db.models import Max
from django.utils.translation import gettext as _

from dovetail.core.errors import ServiceError
from dovetail.partnerships.models import (
    Agreement,
    ConfidentialityLevel,
    ParticipationRule,
    RuleVersion,
    TemporalPriorityRule,
)

PARTICIPATION = RuleVersion.Kind.PARTICIPATION
TEMPORAL = RuleVersion.Kind.TEMPORAL
# How much each kind of participation lets a learner do, least first.
OPENNESS = {
    ParticipationRule.Participation.NONE: 0,
    ParticipationRule.Participation.OBSERVE: 1,
    ParticipationRule.Participation.ASSIST: 2,
    ParticipationRule.Participation.OPERATE: 3,
}
LAST_RANK = 99
PARTICIPATION_FIELDS = ("participation", "requires_clearance", "max_hours_per_week")
TEMPORAL_FIELDS = ("prevailing_party", "rank")


def clean_rule(kind: str, key: str, values: dict) -> tuple[str, dict]:
    """The rule's key and values, checked and reduced to its fields; ServiceError naming the
    field otherwise."""
    if kind == PARTICIPATION:
        try:
            level = int(key)
        except (TypeError, ValueError):
            level = None
        if level not in ConfidentialityLevel.values:
            raise ServiceError(_("Unknown confidentiality level."), field="rule_key")
        if values.get("participation") not in ParticipationRule.Participation.values:
            raise ServiceError(_("Unknown kind of participation."), field="participation")
        hours = values.get("max_hours_per_week")
        if hours is not None and not (0 < int(hours) <= 60):
            raise ServiceError(
                _("Hours per week must be between 1 and 60."), field="max_hours_per_week"
            )
        return str(level), {
            "participation": values["participation"],
            "requires_clearance": bool(values.get("requires_clearance", True)),
            "max_hours_per_week": int(hours) if hours is not None else None,
        }
    if kind == TEMPORAL:
        if key not in TemporalPriorityRule.ConflictKind.values:
            raise ServiceError(_("Unknown kind of conflict."), field="rule_key")
        if values.get("prevailing_party") not in TemporalPriorityRule.Party.values:
            raise ServiceError(_("Unknown party."), field="prevailing_party")
        rank = values.get("rank")
        # 99 is where the rules page puts a rule whose priority was left empty: settled last
        if not isinstance(rank, int) or not 1 <= rank <= LAST_RANK:
            raise ServiceError(
                _("The priority must be a whole number from 1 to %(last)s.") % {"last": LAST_RANK},
                field="rank",
            )
        return key, {"prevailing_party": values["prevailing_party"], "rank": rank}
    raise ServiceError(_("Unknown kind of interface rule."), field="rule_kind")


def describe(kind: str, key: str, values: dict) -> str:
    """A rule in words, as the agreement page shows it."""
    if kind == PARTICIPATION:
        level = ConfidentialityLevel(int(key)).label
        text = f"{level}: {ParticipationRule.Participation(values['participation']).label}"
        if values.get("max_hours_per_week"):
            text += _(", at most %(hours)s h/week") % {"hours": values["max_hours_per_week"]}
        return text
    conflict = TemporalPriorityRule.ConflictKind(key).label
    party = TemporalPriorityRule.Party(values["prevailing_party"]).label
    return f"{values['rank']}. {conflict} → {party}"


def rules_in_force(agreement: Agreement) -> dict[tuple[str, str], tuple[dict, int]]:
    """{(kind, key): (values, version)} for every rule of the agreement."""
    found = {}
    for rule in agreement.participation_rules.all():
        values = {name: getattr(rule, name) for name in PARTICIPATION_FIELDS}
        found[(PARTICIPATION, str(rule.confidentiality_level))] = (values, rule.version)
    for rule in agreement.temporal_rules.all():
        values = {name: getattr(rule, name) for name in TEMPORAL_FIELDS}
        found[(TEMPORAL, rule.conflict_kind)] = (values, rule.version)
    return found


def contradiction(agreement: Agreement, kind: str, key: str, values: dict, *, replacing: bool):
    """The rule in force that the proposed one contradicts, in words, or None.

    A new rule contradicts a different rule for the same level or conflict (replacing it must
    be said: the outcome is then a changed rule); any rule contradicts a timing rule holding
    the same priority, and a participation rule that would let learners do more at a more
    confidential level than at a less confidential one.
    """
    in_force = rules_in_force(agreement)
    current = in_force.get((kind, key))
    if current and current[0] != values and not replacing:
        return _named(agreement, kind, key, *current)
    for (other_kind, other_key), (other_values, version) in in_force.items():
        if other_kind != kind or other_key == key:
            continue
        if kind == TEMPORAL and other_values["rank"] == values["rank"]:
            return _named(agreement, other_kind, other_key, other_values, version)
        if kind == PARTICIPATION:
            mine = OPENNESS[values["participation"]]
            theirs = OPENNESS[other_values["participation"]]
            if (int(other_key) < int(key) and theirs < mine) or (
                int(other_key) > int(key) and theirs > mine
            ):
                return _named(agreement, other_kind, other_key, other_values, version)
    return None


def _named(agreement, kind, key, values, version) -> str:
    return _("“%(rule)s” (version %(version)s) of “%(agreement)s”") % {
        "rule": describe(kind, key, values),
        "version": version,
        "agreement": agreement.title,
    }


def refuse_contradiction(agreement, kind, key, values, *, replacing: bool):
    clash = contradiction(agreement, kind, key, values, replacing=replacing)
    if clash:
        raise ServiceError(
            _("The proposed rule “%(proposed)s” contradicts the rule in force %(clash)s.")
            % {"proposed": describe(kind, key, values), "clash": clash},
            field="rule",
            code="contradiction",
        )


def write_rule(agreement: Agreement, *, by, kind: str, key: str, values: dict, source_case=None):
    """Make ``values`` the rule in force and keep the version. The caller holds the
    transaction and has checked the rule; returns the new RuleVersion, or None if unchanged."""
    model, lookup = (
        (ParticipationRule, {"confidentiality_level": int(key)})
        if kind == PARTICIPATION
        else (TemporalPriorityRule, {"conflict_kind": key})
    )
    rule = model.objects.filter(agreement=agreement, **lookup).first()
    fields = PARTICIPATION_FIELDS if kind == PARTICIPATION else TEMPORAL_FIELDS
    previous = {name: getattr(rule, name) for name in fields} if rule else None
    if previous == values:
        return None
    last = RuleVersion.objects.filter(agreement=agreement, kind=kind, key=key).aggregate(
        last=Max("version")
    )["last"]
    version = max(last or 0, rule.version if rule else 0) + 1
    if rule is None:
        rule = model(agreement=agreement, **lookup)
    for name, value in values.items():
        setattr(rule, name, value)
    rule.version = version
    rule.save()
    return RuleVersion.objects.create(
        agreement=agreement,
        kind=kind,
        key=key,
        version=version,
        values=values,
        previous=previous,
        source_case=source_case,
        changed_by=by,
    )


def changed_fields(version: RuleVersion) -> dict:
    """{field: [old, new]} for the fields this version changed, as audit rows keep them."""
    previous = version.previous or {}
    return {
        name: [previous.get(name), value]
        for name, value in version.values.items()
        if previous.get(name) != value
    }
