from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Taxonomy(models.Model):
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    version = models.CharField(_("version"), max_length=40, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("taxonomy")
        verbose_name_plural = _("taxonomies")

    def __str__(self):
        return f"{self.name} {self.version}".strip()


class LabelledConcept(models.Model):
    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="+")
    uri = models.CharField(_("URI"), max_length=300)
    code = models.CharField(_("code"), max_length=60, blank=True)
    label = models.CharField(_("label"), max_length=300)
    label_zh = models.CharField(_("Chinese label"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    alt_labels = models.TextField(_("alternative labels"), blank=True, help_text=_("One a line."))

    class Meta:
        abstract = True

    def __str__(self):
        return self.display_label

    @property
    def display_label(self):
        if self.label_zh and (get_language() or "").startswith("zh"):
            return self.label_zh
        return self.label


class QualificationLevel(models.Model):
    """A level in a qualification framework (EQF, a national vocational skill-level scale)."""

    framework = models.SlugField(_("framework"), max_length=40)
    code = models.CharField(_("code"), max_length=20)
    rank = models.PositiveSmallIntegerField(_("rank"))
    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)

    class Meta:
        ordering = ["framework", "rank"]
        verbose_name = _("qualification level")
        verbose_name_plural = _("qualification levels")
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="unique_level_code")
        ]

    def __str__(self):
        return f"{self.framework} {self.code}"


class Skill(LabelledConcept):
    class Kind(models.TextChoices):
        GROUP = "group", _("Skill group")
        SKILL = "skill", _("Skill")
        KNOWLEDGE = "knowledge", _("Knowledge")
        COMPETENCE = "competence", _("Competence")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.SKILL)
    collections = models.JSONField(
        _("collections"), default=list, blank=True, help_text=_("e.g. digital, green, transversal")
    )
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    level = models.CharField(
        _("level"),
        max_length=20,
        blank=True,
        help_text=_("The level a framework sets for the skill, e.g. a vocational skill level"),
    )

    class Meta:
        ordering = ["taxonomy_id", "code", "label"]
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        constraints = [models.UniqueConstraint(fields=["taxonomy", "uri"], name="unique_skill_uri")]


class Occupation(LabelledConcept):
    isco_group = models.CharField(_("ISCO group"), max_length=10, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    skills = models.ManyToManyField(Skill, through="OccupationSkill", related_name="occupations")

    class Meta:
        ordering = ["taxonomy_id", "code", "label"]
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "uri"], name="unique_occupation_uri")
        ]


class OccupationSkill(models.Model):
    class Relation(models.TextChoices):
        ESSENTIAL = "essential", _("Essential")
        OPTIONAL = "optional", _("Optional")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE)
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE)
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        ordering = ["occupation_id", "relation", "skill_id"]
        verbose_name = _("occupation skill")
        verbose_name_plural = _("occupation skills")
        constraints = [
            models.UniqueConstraint(fields=["occupation", "skill"], name="unique_occupation_skill")
        ]

    def __str__(self):
        return f"{self.occupation} · {self.skill} ({self.relation})"


class Crosswalk(models.Model):
    """A skill of one taxonomy matching a skill of another (SKOS mapping relations)."""

    class Relation(models.TextChoices):
        EXACT = "exact", _("Exact match")
        CLOSE = "close", _("Close match")
        BROAD = "broad", _("Broader match")
        NARROW = "narrow", _("Narrower match")
        RELATED = "related", _("Related")

    source = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="crosswalks_out")
    target = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="crosswalks_in")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        ordering = ["source_id", "target_id"]
        verbose_name = _("crosswalk")
        verbose_name_plural = _("crosswalks")
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="unique_crosswalk")
        ]

    def __str__(self):
        return f"{self.source} → {self.target} ({self.relation})"

    @classmethod
    def read_back(cls, relation: str) -> str:
        """The relation seen from the target's side: a broader match read back is a narrower one."""
        swapped = {cls.Relation.BROAD: cls.Relation.NARROW, cls.Relation.NARROW: cls.Relation.BROAD}
        return swapped.get(relation, relation)


class Demand(models.Model):
    """What an enterprise asks for: a job advert, a demand statement or a project brief."""

    class Kind(models.TextChoices):
        ADVERT = "advert", _("Job advert")
        STATEMENT = "statement", _("Demand statement")
        BRIEF = "brief", _("Project brief")

    enterprise = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="demands",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ADVERT)
    title = models.CharField(_("title or role"), max_length=200)
    text = models.TextField(_("text"), help_text=_("The advert, the skills wanted, or the brief"))
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("occupation"),
    )
    headcount = models.PositiveIntegerField(_("headcount"), default=1)
    qualification_level = models.PositiveSmallIntegerField(
        _("qualification level"), null=True, blank=True, help_text=_("EQF-style level, 1 to 8")
    )
    proficiency = models.PositiveSmallIntegerField(
        _("proficiency"), null=True, blank=True, help_text=_("1 (basic) to 5 (expert)")
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    posted_on = models.DateField(_("posted on"))
    needed_by = models.DateField(_("needed by"), null=True, blank=True)
    reference = models.CharField(
        _("reference"), max_length=80, blank=True, help_text=_("Your own id; re-imports update")
    )
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    mapped_digest = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-posted_on", "-pk"]
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        indexes = [models.Index(fields=["enterprise", "posted_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "reference"],
                condition=~models.Q(reference=""),
                name="unique_demand_reference",
            )
        ]

    def __str__(self):
        return self.title


class SkillLink(models.Model):
    """A skill that a text names: found in it by the mapping engine, or added by a person.

    A person may also reject what the engine found. The rejection is kept, so that re-mapping the
    text does not bring the skill back, and the gap report leaves the skill out.
    """

    class Origin(models.TextChoices):
        ENGINE = "engine", _("Found in the text")
        PERSON = "person", _("Added by a person")

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="+")
    origin = models.CharField(
        _("origin"), max_length=10, choices=Origin.choices, default=Origin.ENGINE
    )
    rejected = models.BooleanField(_("rejected"), default=False)
    reviewed_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    score = models.FloatField(_("score"))
    span = models.CharField(_("evidence"), max_length=300, blank=True)

    class Meta:
        abstract = True


# A person's correction: a skill they added, or one the engine found and they took off. Few rows
# of many; the partial indexes on each link table find them without reading the rest.
CORRECTED = models.Q(origin=SkillLink.Origin.PERSON) | models.Q(rejected=True)


class DemandSkill(SkillLink):
    """A skill a demand asks for."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="skills")
    start = models.PositiveIntegerField(default=0)
    end = models.PositiveIntegerField(default=0)
    proficiency = models.PositiveSmallIntegerField(_("proficiency"), null=True, blank=True)

    class Meta:
        ordering = ["demand_id", "-score"]
        verbose_name = _("demanded skill")
        verbose_name_plural = _("demanded skills")
        constraints = [
            models.UniqueConstraint(fields=["demand", "skill"], name="unique_demand_skill")
        ]
        indexes = [
            models.Index(fields=["skill"], condition=CORRECTED, name="demandskill_corrected")
        ]

    def __str__(self):
        return f"{self.demand} → {self.skill}"


class MappedText(models.Model):
    """The engine's answer for one text on one taxonomy, so re-mapping unchanged text is free."""

    taxonomy = models.ForeignKey(Taxonomy, on_delete=models.CASCADE, related_name="+")
    digest = models.CharField(max_length=64)
    matches = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "digest"], name="unique_mapped_text")
        ]

    def __str__(self):
        return self.digest


class GapReport(models.Model):
    """A computed five-dimension gap report for a programme, a college or a region."""

    class Scope(models.TextChoices):
        PROGRAMME = "programme", _("Programme")
        COLLEGE = "college", _("College")
        REGION = "region", _("Region")

    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices)
    scope_id = models.PositiveIntegerField()
    scope_name = models.CharField(max_length=200)
    college = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    region = models.ForeignKey("core.Region", on_delete=models.CASCADE, related_name="+")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    result = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        "core.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gap report")
        verbose_name_plural = _("gap reports")

    def __str__(self):
        return f"{self.scope_name} {self.period_start}–{self.period_end}"
