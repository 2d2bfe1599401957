"""The related index no longer repeats a statement's actor, agent object and activity object:
queries find those through the statement's own indexed columns."""

from django.db import migrations

# (relation, the statement column holding the same key)
OWN_COLUMNS = ((1, "actor"), (1, "object_agent"), (2, "object_activity"))

FORGET = " OR ".join(
    f"(relation = {relation} AND key = (SELECT s.{column} FROM lrs_statement s"
    " WHERE s.seq = lrs_relatedkey.statement_id))"
    for relation, column in OWN_COLUMNS
)

RESTORE = [
    f"INSERT INTO lrs_relatedkey (statement_id, relation, key) SELECT s.seq, {relation}, s.{column}"
    f" FROM lrs_statement s WHERE s.{column} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM"
    f" lrs_relatedkey r WHERE r.statement_id = s.seq AND r.relation = {relation}"
    f" AND r.key = s.{column})"
    for relation, column in OWN_COLUMNS
]


class Migration(migrations.Migration):
    dependencies = [("lrs", "0002_statement_organisation_indexed_with_seq")]

    operations = [
        migrations.RunSQL(f"DELETE FROM lrs_relatedkey WHERE {FORGET}", reverse_sql=RESTORE)
    ]
