"""The xAPI Learning Record Store: clients, statements and their index, documents, attachments.

Statements keep their full JSON as stored plus 64-bit hashes of the identifiers the query filters
use (actor, verb, object, registration), each indexed with the statement's sequence number so a
query for one learner or one activity reads only its own rows, newest first, at any table size.
Everything is partitioned by the organisation that owns the client which wrote it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    STATEMENTS_WRITE = "statements/write", _("Write statements")
    STATEMENTS_READ_MINE = "statements/read/mine", _("Read its own statements")
    STATEMENTS_READ = "statements/read", _("Read all statements")
    STATE = "state", _("Read and write state")
    DEFINE = "define", _("Define activities")
    PROFILE = "profile", _("Read and write profiles")
    ALL_READ = "all/read", _("Read everything")
    ALL = "all", _("Everything")


class Client(models.Model):
    """An application (simulator, virtual training room, Dovetail itself) with LRS credentials."""

    name = models.CharField(_("name"), max_length=120)
    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("organisation"),
    )
    key = models.CharField(_("key"), max_length=40, unique=True)
    secret_digest = models.CharField(max_length=64)
    scopes = models.JSONField(_("scopes"), default=list)
    is_active = models.BooleanField(_("active"), default=True)
    is_internal = models.BooleanField(
        _("Dovetail's own"), default=False, help_text=_("Writes diaries and assessments.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation_id", "name"]
        verbose_name = _("LRS client")
        verbose_name_plural = _("LRS clients")

    def __str__(self):
        return self.name


class Statement(models.Model):
    seq = models.BigAutoField(primary_key=True)
    statement_id = models.UUIDField(unique=True)
    # indexed by lrs_stmt_org_seq below; one index fewer to keep up on every statement stored
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="statements")
    stored = models.DateTimeField()
    payload = models.TextField(help_text="the statement as stored, JSON")
    submitted_digest = models.CharField(max_length=64)
    actor = models.BigIntegerField(null=True)
    verb = models.BigIntegerField()
    object_agent = models.BigIntegerField(null=True)
    object_activity = models.BigIntegerField(null=True)
    registration = models.UUIDField(null=True)
    target = models.UUIDField(null=True, help_text="the statement a StatementRef object names")
    is_voiding = models.BooleanField(default=False)
    voided = models.BooleanField(default=False)
    attachment_hashes = models.JSONField(default=list)

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        indexes = [
            models.Index(fields=["organisation", "seq"], name="lrs_stmt_org_seq"),
            models.Index(fields=["actor", "seq"], name="lrs_stmt_actor_seq"),
            models.Index(fields=["verb", "seq"], name="lrs_stmt_verb_seq"),
            models.Index(fields=["object_activity", "seq"], name="lrs_stmt_activity_seq"),
            models.Index(
                fields=["object_agent", "seq"],
                name="lrs_stmt_object_agent_seq",
                condition=models.Q(object_agent__isnull=False),
            ),
            models.Index(fields=["registration", "seq"], name="lrs_stmt_registration_seq"),
            models.Index(fields=["stored"], name="lrs_stmt_stored"),
            models.Index(
                fields=["target"], name="lrs_stmt_target", condition=models.Q(target__isnull=False)
            ),
        ]

    def __str__(self):
        return str(self.statement_id)


class Relation(models.IntegerChoices):
    AGENT = 1
    ACTIVITY = 2
    # A statement whose object is a StatementRef also answers the filters its target answers
    # (Communication 2.1.3); it inherits the target's keys under these relations.
    REF_AGENT = 3
    REF_VERB = 4
    REF_ACTIVITY = 5
    REF_REGISTRATION = 6
    REF_RELATED_AGENT = 7
    REF_RELATED_ACTIVITY = 8


class RelatedKey(models.Model):
    """An agent or activity a statement involves besides its actor and object (context,
    authority, group members, sub-statement), for queries with related_agents /
    related_activities, and keys inherited through a StatementRef."""

    # statements are never deleted one by one, so no index on this column alone: the one
    # below serves every read, and each write maintains one index less
    statement = models.ForeignKey(
        Statement, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    relation = models.PositiveSmallIntegerField(choices=Relation.choices)
    key = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["key", "relation", "statement"], name="lrs_related_key")]

    def __str__(self):
        return f"{self.statement_id} · {self.get_relation_display()} · {self.key}"


class Activity(models.Model):
    """The merged definition of an activity from every statement that described it."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    key = models.BigIntegerField()
    iri = models.TextField()
    definition = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="lrs_activity_unique")
        ]

    def __str__(self):
        return self.iri


class Attachment(models.Model):
    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    sha2 = models.CharField(max_length=128)
    content_type = models.CharField(max_length=200)
    content = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "sha2"], name="lrs_attachment_unique")
        ]

    def __str__(self):
        return self.sha2


class Document(models.Model):
    """A state, activity profile or agent profile document."""

    class Kind(models.IntegerChoices):
        STATE = 1, _("State")
        ACTIVITY_PROFILE = 2, _("Activity profile")
        AGENT_PROFILE = 3, _("Agent profile")

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.PositiveSmallIntegerField(choices=Kind.choices)
    scope_key = models.BigIntegerField(help_text="hash of activity, agent and registration")
    activity = models.TextField(blank=True)
    agent = models.TextField(blank=True)
    registration = models.UUIDField(null=True)
    document_id = models.TextField()
    content = models.BinaryField()
    content_type = models.CharField(max_length=200)
    etag = models.CharField(max_length=40)
    updated = models.DateTimeField()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["organisation", "kind", "scope_key"], name="lrs_document_scope")
        ]

    def __str__(self):
        return self.document_id
