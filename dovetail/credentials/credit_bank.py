"""The credit bank: credit a learner holds from modules, recognised prior learning and other
institutions, and their progress toward each qualification.

Transfer rules are data, applied whenever progress is read: an entry counts toward a
qualification when it is one of the qualification's modules, or a rule says it counts as one.
Each module counts once, with the most credit any entry gives it.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dovetail.core import audit
from dovetail.core.errors import ServiceError
from dovetail.core.models import LearnerProfile
from dovetail.core.permissions import CHANGE, require, visible
from dovetail.credentials.models import CreditEntry, Qualification, TransferRule
from dovetail.curriculum import services as curriculum


@dataclass
class CountedRow:
    entry: CreditEntry
    module_name: str
    credits: Decimal
    rule: TransferRule | None = None

    @property
    def title(self):
        return self.entry.title


@dataclass
class Standing:
    qualification: Qualification
    required: Decimal
    earned: Decimal = Decimal(0)
    counted: list[CountedRow] = field(default_factory=list)
    missing: list = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.earned >= self.required

    @property
    def percent(self) -> int:
        if not self.required:
            return 100
        return min(100, int(self.earned * 100 / self.required))


def _rules(college_id) -> dict[tuple[str, str], TransferRule]:
    return {
        (rule.source_institution.casefold(), rule.source_code.casefold()): rule
        for rule in TransferRule.objects.filter(college_id=college_id).select_related(
            "target_module"
        )
    }


def _resolve(entry: CreditEntry, rules) -> tuple[int | None, Decimal, TransferRule | None]:
    """The module an entry counts as, with the credit it brings."""
    rule = rules.get((entry.institution.casefold(), entry.code.casefold()))
    if rule is not None and (rule.min_level is None or (entry.level or 0) >= rule.min_level):
        return rule.target_module_id, rule.credits, rule
    return entry.module_id, entry.credits, None


def progress(learner: LearnerProfile, qualification: Qualification, *, entries=None, rules=None):
    entries = entries if entries is not None else list(learner.credit_entries.all())
    rules = rules if rules is not None else _rules(qualification.college_id)
    modules = {module.pk: module for module in qualification.modules.all()}
    standing = Standing(qualification, qualification.credits_required)
    best: dict[int, CountedRow] = {}
    for entry in entries:
        module_id, credits, rule = _resolve(entry, rules)
        if module_id in modules and (module_id not in best or credits > best[module_id].credits):
            best[module_id] = CountedRow(entry, str(modules[module_id]), credits, rule)
    standing.counted = sorted(best.values(), key=lambda row: row.entry.earned_on)
    standing.earned = sum((row.credits for row in standing.counted), Decimal(0))
    standing.missing = [module for pk, module in modules.items() if pk not in best]
    return standing


def bank_of(learner: LearnerProfile) -> dict:
    """The learner's entries and their standing in every qualification of their college,
    academic and vocational side by side."""
    entries = list(learner.credit_entries.select_related("module"))
    rules = _rules(learner.college_id)
    qualifications = Qualification.objects.filter(college_id=learner.college_id).prefetch_related(
        "modules"
    )
    standings = [progress(learner, q, entries=entries, rules=rules) for q in qualifications]
    return {
        "entries": entries,
        "total": sum((entry.credits for entry in entries), Decimal(0)),
        "academic": [s for s in standings if s.qualification.kind == Qualification.Kind.ACADEMIC],
        "vocational": [
            s for s in standings if s.qualification.kind == Qualification.Kind.VOCATIONAL
        ],
    }


def record_credit(learner: LearnerProfile, *, by, **fields) -> CreditEntry:
    """Bank credit earned elsewhere (the college's staff record it from a transcript)."""
    require(by, CHANGE, Qualification(college_id=learner.college_id))
    credits = Decimal(fields["credits"])
    if credits <= 0:
        raise ServiceError(_("Credits must be more than 0."), field="credits")
    for name in ("institution", "code", "title"):
        if not str(fields.get(name, "")).strip():
            raise ServiceError(_("Give the %(field)s.") % {"field": name}, field=name)
    try:
        with transaction.atomic():
            entry = CreditEntry.objects.create(
                learner=learner,
                source=CreditEntry.Source.EXTERNAL,
                recorded_by=by,
                **{**fields, "credits": credits},
            )
    except IntegrityError:
        raise ServiceError(
            _("%(learner)s already has credit for %(code)s from %(institution)s.")
            % {"learner": learner, "code": fields["code"], "institution": fields["institution"]},
            field="code",
        ) from None
    audit.record(by, "credit.record", entry, {"credits": str(credits)})
    return entry


def module_credit(learner, module, *, source, earned_on, credits=None, **links) -> CreditEntry:
    """The (unsaved) credit a learner earns for one of their college's modules."""
    return CreditEntry(
        learner=learner,
        source=source,
        institution=module.programme.college.code,
        code=module.code,
        title=module.name,
        credits=Decimal(credits if credits is not None else module.credits),
        level=module.programme.qualification_level,
        earned_on=earned_on,
        module=module,
        **links,
    )


def bank(entry: CreditEntry) -> CreditEntry:
    """Bank credit Dovetail itself grants; a course already banked keeps its entry."""
    fields = {
        name: getattr(entry, name)
        for name in ("source", "title", "credits", "level", "earned_on", "module", "credential")
    }
    saved, _created = CreditEntry.objects.get_or_create(
        learner=entry.learner, institution=entry.institution, code=entry.code, defaults=fields
    )
    return saved


def add_rule(college, *, by, **fields) -> TransferRule:
    rule = TransferRule(college=college, created_by=by, **fields)
    require(by, CHANGE, rule)
    module = curriculum.module_by_id(fields["target_module"].pk)
    if module.programme.college_id != college.pk:
        raise ServiceError(
            _("Credit transfers into this college's own modules."), field="target_module"
        )
    if rule.credits <= 0:
        raise ServiceError(_("Credits must be more than 0."), field="credits")
    try:
        with transaction.atomic():
            rule.save()
    except IntegrityError:
        raise ServiceError(
            _("A rule for %(code)s from %(institution)s exists already.")
            % {"code": rule.source_code, "institution": rule.source_institution},
            field="source_code",
        ) from None
    audit.record(by, "transfer_rule.add", rule)
    return rule


def add_qualification(college, *, by, modules, **fields) -> Qualification:
    qualification = Qualification(college=college, **fields)
    require(by, CHANGE, qualification)
    if any(module.programme.college_id != college.pk for module in modules):
        raise ServiceError(_("A qualification counts this college's modules."), field="modules")
    if qualification.credits_required <= 0:
        raise ServiceError(_("Credits must be more than 0."), field="credits_required")
    with transaction.atomic():
        qualification.save()
        qualification.modules.set(modules)
        audit.record(by, "qualification.add", qualification)
    return qualification


def rules_of(user, college):
    return visible(user, TransferRule).filter(college=college).select_related("target_module")


def qualifications_of(user, college):
    return visible(user, Qualification).filter(college=college).prefetch_related("modules")
