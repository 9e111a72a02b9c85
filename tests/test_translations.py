"""Every shipped language is complete: the interface catalogues and the default message texts.

The msgids come from the source as it is now: Django's makemessages runs on a copy of the package in a
temporary directory (never in the repository), so a new {% translate %} without a translation fails here.
"""

import re
import shutil
import subprocess
import sys
import tomllib
from decimal import Decimal
from pathlib import Path

import pytest

from vangnet.flows.legal.fourteen_day_letter import COSTS_NOTICE, TERM_WORDING, costs_notice, term_wording
from vangnet.flows.legal.wik import collection_costs
from vangnet.messaging.defaults import CHANNEL_KEYS, DEFAULTS_DIR, LANGUAGES
from vangnet.messaging.placeholders import names_in

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = [language for language in LANGUAGES if language != "nl"]
MSGID = re.compile(r'^msgid "(.*)"\n((?:".*"\n)*)', re.MULTILINE)
SETTINGS = """
SECRET_KEY = "x"
USE_I18N = True
LOCALE_PATHS = []
"""


def _msgids(po_text: str) -> list[str]:
    ids = []
    for first, rest in MSGID.findall(po_text):
        text = first + "".join(line[1:-1] for line in rest.splitlines())
        if text:
            ids.append(text)
    return ids


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory) -> Path:
    """The shipped catalogues merged with the msgids of the source, as makemessages would leave them."""
    work = tmp_path_factory.mktemp("catalogues")
    shutil.copytree(ROOT / "vangnet", work / "vangnet", ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (work / "check_settings.py").write_text(SETTINGS)
    languages = [arg for language in SHIPPED for arg in ("-l", language)]
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", *languages, "--settings=check_settings"],
        cwd=work,
        env={"PYTHONPATH": str(work), "PATH": "/usr/bin:/bin"},
        check=True,
        capture_output=True,
    )
    return work / "vangnet" / "locale"


@pytest.mark.parametrize("language", SHIPPED)
def test_every_interface_text_is_translated(fresh_catalogues, language):
    po = fresh_catalogues / language / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(po)], capture_output=True, text=True, check=True
    ).stdout
    assert _msgids(untranslated) == [], f"{language}: texts without a translation"
    assert _msgids(fuzzy) == [], f"{language}: fuzzy translations (check them and remove the fuzzy mark)"


def _default_files(language: str) -> dict[str, dict]:
    return {
        path.stem: tomllib.loads(path.read_text(encoding="utf-8"))
        for path in sorted((DEFAULTS_DIR / language).glob("*.toml"))
    }


def _placeholders(table: dict) -> dict[str, set[str]]:
    return {key: set(names_in(table[key])) for key in ("subject", "text") if key in table}


@pytest.mark.parametrize("language", SHIPPED)
def test_every_dutch_default_text_exists_with_the_same_placeholders(language):
    dutch, translated = _default_files("nl"), _default_files(language)
    assert sorted(set(dutch) - set(translated)) == [], f"{language}: default texts missing"
    for code, source in dutch.items():
        target = translated[code]
        assert target.get("formal_only", False) == source.get("formal_only", False), code
        assert target.get("name"), code
        for channel in CHANNEL_KEYS:
            assert (channel in target) == (channel in source), f"{language}/{code}: channel {channel}"
            if channel in source:
                assert _placeholders(target[channel]) == _placeholders(source[channel]), (
                    f"{language}/{code}/{channel}: placeholders differ from the Dutch text"
                )
                # Both tones written at once take the form [[u|je]]: never a bracket pair without the bar.
                tones = re.findall(r"\[\[(.*?)\]\]", target[channel]["text"], flags=re.S)
                assert all("|" in tone for tone in tones), f"{language}/{code}/{channel}: [[...]] without |"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("channel", ["letter", "email"])
def test_the_fourteen_day_sentence_states_principal_term_and_costs_in_every_language(language, channel):
    principal = Decimal("1043.25")
    sentence = costs_notice(principal, channel=channel, language=language)
    assert "€ 1.043,25" in sentence
    assert f"€ {collection_costs(principal)}".replace(".", ",") in sentence  # € 156,49
    assert term_wording(channel, language) in sentence
    assert "dagtekening" not in sentence
    assert set(TERM_WORDING) == set(LANGUAGES) and set(COSTS_NOTICE) == set(SHIPPED)
