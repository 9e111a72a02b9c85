"""The knowledge base's full-text index on SQLite: an FTS5 table over the articles, kept in step by triggers.

PostgreSQL searches the articles with its Dutch text search directly (vangnet/cases/knowledge.py); a
corporation's knowledge base is hundreds of articles, so it needs no index of its own there.
"""

from django.db import migrations

CREATE = [
    """CREATE VIRTUAL TABLE cases_article_fts USING fts5(
        title, keywords, body, content='cases_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER cases_article_fts_insert AFTER INSERT ON cases_article BEGIN
        INSERT INTO cases_article_fts(rowid, title, keywords, body)
        VALUES (new.id, new.title, new.keywords, new.body);
    END""",
    """CREATE TRIGGER cases_article_fts_delete AFTER DELETE ON cases_article BEGIN
        INSERT INTO cases_article_fts(cases_article_fts, rowid, title, keywords, body)
        VALUES ('delete', old.id, old.title, old.keywords, old.body);
    END""",
    """CREATE TRIGGER cases_article_fts_update AFTER UPDATE ON cases_article BEGIN
        INSERT INTO cases_article_fts(cases_article_fts, rowid, title, keywords, body)
        VALUES ('delete', old.id, old.title, old.keywords, old.body);
        INSERT INTO cases_article_fts(rowid, title, keywords, body)
        VALUES (new.id, new.title, new.keywords, new.body);
    END""",
    "INSERT INTO cases_article_fts(cases_article_fts) VALUES ('rebuild')",
]
DROP = [
    "DROP TRIGGER IF EXISTS cases_article_fts_update",
    "DROP TRIGGER IF EXISTS cases_article_fts_delete",
    "DROP TRIGGER IF EXISTS cases_article_fts_insert",
    "DROP TABLE IF EXISTS cases_article_fts",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("cases", "0002_contractors")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
