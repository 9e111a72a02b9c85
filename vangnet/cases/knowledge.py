"""Full-text search of the knowledge base: PostgreSQL's Dutch text search, SQLite's FTS5 on the demo.

Every word typed must match (as the start of a word, so "lek" finds "lekkage"), a match in the title weighs
most, then the keywords, then the text. What a person types is reduced to its words first, so quotes,
operators and punctuation can never break the query. SQLite keeps its index in the table
`cases_article_fts`, which the migration made and its triggers keep in step with the articles.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import QuerySet

from vangnet.cases.models import Article
from vangnet.core import sql

# Enough for the words of a question; more only makes the query slower, never the answer better.
MAX_WORDS = 8
# The articles ranked before the case type and the limit pick from them.
CANDIDATES = 50
FTS_TABLE = "cases_article_fts"
# Title, keywords and text, in the order of the FTS table's columns.
SQLITE_WEIGHTS = "10.0, 5.0, 1.0"


def search_words(typed: str) -> list[str]:
    """The words of what was typed, lower case, without punctuation or search operators."""
    return re.findall(r"\w+", typed.lower())[:MAX_WORDS]


def _postgresql_ranked(articles: QuerySet[Article], words: list[str]) -> list[Article]:
    vector = (
        SearchVector("title", weight="A", config="dutch")
        + SearchVector("keywords", weight="B", config="dutch")
        + SearchVector("body", weight="C", config="dutch")
    )
    # Each word as a prefix, all required; the words are \w+ only, so the raw query cannot be malformed.
    query = SearchQuery(" & ".join(f"{word}:*" for word in words), search_type="raw", config="dutch")
    return list(
        articles.annotate(document=vector, rank=SearchRank(vector, query))
        .filter(document=query)
        .order_by("-rank", "title")[:CANDIDATES]
    )


def _sqlite_ranked(articles: QuerySet[Article], words: list[str]) -> list[Article]:
    match = " AND ".join(f'"{word}"*' for word in words)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            f"ORDER BY bm25({FTS_TABLE}, {SQLITE_WEIGHTS}) LIMIT {CANDIDATES * 4}",
            [match],
        )
        order = [row[0] for row in cursor.fetchall()]
    found = {article.pk: article for article in articles.filter(pk__in=order)}
    return [found[pk] for pk in order if pk in found][:CANDIDATES]


def ranked_articles(articles: QuerySet[Article], typed: str) -> list[Article]:
    """The articles that match every word typed, best match first; none when nothing searchable was typed."""
    words = search_words(typed)
    if not words:
        return []
    if sql.is_postgres():
        return _postgresql_ranked(articles, words)
    return _sqlite_ranked(articles, words)
