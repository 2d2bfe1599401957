"""xAPI 1.0.3 statements: strict validation, index keys, response formats, multipart
attachments and signatures — everything an LRS decides about a statement without storage."""

from dovetail.engines.xapi._jws import check_signature
from dovetail.engines.xapi._multipart import MalformedMultipart, build_multipart, parse_multipart
from dovetail.engines.xapi._shape import (
    StatementKeys,
    activities_in,
    agent_key,
    canonical_format,
    ids_format,
    merge_definition,
    normalise,
    pick_language,
    statement_keys,
)
from dovetail.engines.xapi._validate import (
    IFI_KEYS,
    SIGNATURE_USAGE,
    VOIDED_VERB,
    InvalidStatement,
    is_iri,
    is_uuid,
    parse_timestamp,
    validate_activity,
    validate_actor,
    validate_agent,
    validate_statement,
)

__all__ = [
    "IFI_KEYS",
    "SIGNATURE_USAGE",
    "VOIDED_VERB",
    "InvalidStatement",
    "MalformedMultipart",
    "StatementKeys",
    "activities_in",
    "agent_key",
    "build_multipart",
    "canonical_format",
    "check_signature",
    "ids_format",
    "is_iri",
    "is_uuid",
    "merge_definition",
    "normalise",
    "parse_multipart",
    "parse_timestamp",
    "pick_language",
    "statement_keys",
    "validate_activity",
    "validate_actor",
    "validate_agent",
    "validate_statement",
]
