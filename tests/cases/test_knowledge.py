"""The knowledge base's full-text search, on PostgreSQL (Dutch text search) and SQLite (FTS5) alike."""

import pytest

from tests.cases.conftest import make_world
from vangnet.cases.knowledge import search_words
from vangnet.cases.models import Article
from vangnet.cases.selectors import article_search


def article(world, title, body="", keywords="", case_types=(), for_tenants=False) -> Article:
    return Article.objects.create(
        corporation=world.corporation,
        title=title,
        section="Standaardantwoorden",
        body=body,
        keywords=keywords,
        case_types=list(case_types),
        for_tenants=for_tenants,
    )


def titles(found: list[Article]) -> list[str]:
    return [a.title for a in found]


def test_what_is_typed_is_reduced_to_its_words():
    assert search_words('Lekkage "keuken" & | kraan!* OR (douche)') == [
        "lekkage",
        "keuken",
        "kraan",
        "or",
        "douche",
    ]
    assert search_words(" ?! ") == []


def test_every_word_must_match_and_a_word_matches_the_start_of_a_word(world):
    article(world, "Lekkage in de keuken", body="Draai de hoofdkraan dicht en bel de storingslijn.")
    article(world, "Lekkage in de badkamer", body="Zet een emmer neer.")
    article(world, "Huur opzeggen", body="Opzeggen kan per maand.")
    found = article_search(corporation=world.corporation, words="lek keuken")
    assert titles(found) == ["Lekkage in de keuken"]
    assert set(titles(article_search(corporation=world.corporation, words="lekk"))) == {
        "Lekkage in de badkamer",
        "Lekkage in de keuken",
    }
    assert article_search(corporation=world.corporation, words="schimmel") == []


def test_a_title_match_ranks_above_a_match_in_the_text(world):
    article(world, "Schimmel op de muur", body="Lucht dagelijks.")
    article(world, "Ventileren", body="Wie te weinig lucht, krijgt schimmel.")
    article(world, "Vocht", keywords="schimmel condens", body="Zie ook ventileren.")
    found = article_search(corporation=world.corporation, words="schimmel")
    assert titles(found) == ["Schimmel op de muur", "Vocht", "Ventileren"]


def test_the_case_types_articles_come_first_and_without_words_only_they(world):
    article(world, "Klacht over geluid", body="Geluid van de buren.", case_types=["overlast"])
    article(world, "Geluid van installaties", body="Geluid van de lift.", case_types=["reparatie"])
    found = article_search(corporation=world.corporation, words="geluid", case_type="reparatie")
    assert titles(found)[0] == "Geluid van installaties"
    assert len(found) == 2
    assert titles(article_search(corporation=world.corporation, words="", case_type="overlast")) == [
        "Klacht over geluid"
    ]


def test_punctuation_and_operators_typed_never_break_the_search(world):
    article(world, "Kraan lekt", body="Een druppelende kraan.")
    for typed in ['kraan"', "kraan*", "kraan -", "kraan & |", "(kraan", "kraan:*", "^kraan{}", "'kraan'"]:
        assert titles(article_search(corporation=world.corporation, words=typed)) == ["Kraan lekt"], typed
    assert article_search(corporation=world.corporation, words="!!! ???") == []


def test_the_portal_sees_only_tenant_articles_and_never_another_corporations(world, db):
    article(world, "Wanneer wordt de huur verhoogd?", body="Per 1 juli.", for_tenants=True)
    article(world, "Huurverhoging: interne werkwijze", body="Per 1 juli, bezwaar binnen 6 weken.")
    other = make_world(slug="anders", name="Anders Wonen")
    article(other, "Huurverhoging bij Anders", body="Per 1 juli.", for_tenants=True)
    found = article_search(corporation=world.corporation, words="juli", tenant_facing=True)
    assert titles(found) == ["Wanneer wordt de huur verhoogd?"]


def test_the_index_follows_a_changed_and_a_removed_article(world):
    changed = article(world, "Sleutel kwijt", body="Bel de slotenmaker.")
    removed = article(world, "Sleutelkluis", body="Bij de voordeur.")
    changed.title = "Buitengesloten"
    changed.save()
    removed.delete()
    assert titles(article_search(corporation=world.corporation, words="buitengesloten")) == ["Buitengesloten"]
    assert article_search(corporation=world.corporation, words="sleutelkluis") == []
    assert titles(article_search(corporation=world.corporation, words="slotenmaker")) == ["Buitengesloten"]


@pytest.mark.parametrize("limit", [1, 3])
def test_the_limit_is_kept(world, limit):
    for n in range(4):
        article(world, f"Afval {n}", body="Container.")
    assert len(article_search(corporation=world.corporation, words="container", limit=limit)) == limit


@pytest.mark.postgres_only
def test_postgresql_matches_dutch_words_by_their_stem(world):
    article(world, "Kraan lekt", body="Een druppelende kraan.")
    assert titles(article_search(corporation=world.corporation, words="kranen")) == ["Kraan lekt"]
