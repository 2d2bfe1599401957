"""The LRS's services: the only code that reads or writes its tables."""

from dovetail.lrs.services.clients import (
    authenticate,
    clients_of,
    create_client,
    default_organisation,
    has_scope,
    internal_client,
    organisations_managing_clients,
    set_active,
)
from dovetail.lrs.services.common import LrsError, authority_of
from dovetail.lrs.services.documents import (
    Place,
    activity_object,
    delete_documents,
    document_ids,
    get_document,
    person_object,
    put_document,
)
from dovetail.lrs.services.queries import (
    StatementQuery,
    attachments_of,
    get_statement,
    query_statements,
)
from dovetail.lrs.services.statements import (
    Part,
    format_time,
    on_statements_stored,
    store_statements,
)

__all__ = [
    "LrsError",
    "Part",
    "Place",
    "StatementQuery",
    "activity_object",
    "attachments_of",
    "authenticate",
    "authority_of",
    "clients_of",
    "create_client",
    "default_organisation",
    "delete_documents",
    "document_ids",
    "format_time",
    "get_document",
    "get_statement",
    "has_scope",
    "internal_client",
    "on_statements_stored",
    "organisations_managing_clients",
    "person_object",
    "put_document",
    "query_statements",
    "set_active",
    "store_statements",
]
