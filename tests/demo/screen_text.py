"""What a person reads on a page, and the rules that find technical strings in it.

`visible_text` keeps what a screen shows or reads aloud: the text outside <script>, <style> and <template>,
and the title, aria-label, placeholder and alt attributes, and the value of buttons. `findings` returns
(rule, offending string) pairs for a page's text in a language.
"""

import re
from collections.abc import Iterator
from pathlib import Path

import lxml.html

import vangnet

HIDDEN = {"script", "style", "template", "noscript"}
SPOKEN = ("title", "aria-label", "placeholder", "alt")

# Template codes as the default templates name them (`veertiendagenbrief`, `regeling-bevestigd`, ...).
TEMPLATE_CODES = frozenset(
    path.stem for path in (Path(vangnet.__file__).parent / "messaging" / "defaults" / "nl").glob("*.toml")
)

# The stored values of choices in English that must never reach a Dutch screen in place of their label.
ENGLISH_VALUES = (
    "business|parking|dwelling|storage|garage|pending|paid|failed|closed|cancelled|canceled|expired|"
    "active|inactive|held|broken|draft|queued|sent|delivered|bounced|resolved|rejected|approved|proposed|"
    "completed|applied|superseded|waiting|scheduled|skipped|requested|accepted|withdrawn|in_review|"
    "credit_manager|dispute_handler|admin|unknown|none|true|false"
)

RULES: tuple[tuple[str, re.Pattern[str], frozenset[str]], ...] = (
    # (name, pattern, languages it applies to: empty is every language)
    ("identifier", re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b"), frozenset()),
    ("code in parentheses", re.compile(r"\((?:[a-z0-9]+[_.:][a-z0-9_.:]+|[A-Z0-9_]{3,}_[A-Z0-9_]+)\)"), frozenset()),
    # A value that stands alone (a cell, a badge, after "·" or ":"), not an English word inside a sentence.
    ("English value", re.compile(rf"(?:^|[·:(|]\s*)(?:{ENGLISH_VALUES})\s*(?:$|[·)|,])", re.IGNORECASE), frozenset({"nl"})),
    ("code", re.compile(r"\b[a-z][a-z_]*\.[a-z][a-z_]+\b"), frozenset()),
    ("Python repr", re.compile(r"\{'|\[\{|\['|<\w+ object at|<QuerySet"), frozenset()),
    ("Python value", re.compile(r"\bNone\b|\bTrue\b|\bFalse\b"), frozenset({"nl"})),  # English words too
    ("decimal point", re.compile(r"(?<![\d.,])\d+\.\d{1,2}(?![\d.,])"), frozenset({"nl"})),
    ("status code", re.compile(r"\bHTTP\s*\d{3}\b|\b(?:status|code)\s+[45]\d\d\b", re.IGNORECASE), frozenset()),
    ("file path", re.compile(r"\b[\w/-]+\.(?:py|md|toml|html|txt)\b|\b(?:docs|vangnet|tmp|var)/[\w./-]+"), frozenset()),
    ("glued plural", re.compile(r"\w\((?:en|s|n|e|es|ren)\)"), frozenset()),
    ("template code", re.compile(r"(?<![\w/-])(?:" + "|".join(sorted(c for c in TEMPLATE_CODES if "-" in c)) + r")(?![\w/-])"), frozenset()),
    ("number for a name", re.compile(r"(?<![\w&])#\d+\b|\((?:geschil|zaak|taak|contract|huurder|dispute|case|task|tenant) \d+\)", re.IGNORECASE), frozenset()),
    ("placeholder", re.compile(r"%\(\w+\)[sd]|\{\{|\}\}|\{%|%\}|\{[a-z_]+\}"), frozenset()),
    ("UUID", re.compile(r"\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b"), frozenset()),
    ("storno as credit", re.compile(r"\bCreditpost\b", re.IGNORECASE), frozenset()),
)  # fmt: skip


def visible_text(html: str) -> list[str]:
    """The page's visible and spoken texts, one string per element text or attribute."""
    if not html.strip():
        return []
    root = lxml.html.document_fromstring(html)
    texts: list[str] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        hidden = element.tag in HIDDEN or any(a.tag in HIDDEN for a in element.iterancestors())
        if hidden:
            continue
        if element.text and element.text.strip():
            texts.append(element.text)
        for name in SPOKEN:
            if element.get(name):
                texts.append(element.get(name))
        if element.tag == "input" and element.get("type") in ("submit", "button") and element.get("value"):
            texts.append(element.get("value"))
        if element.tail and element.tail.strip() and not _tail_hidden(element):
            texts.append(element.tail)
    return [" ".join(text.split()) for text in texts]


def _tail_hidden(element) -> bool:
    parent = element.getparent()
    return parent is not None and (
        parent.tag in HIDDEN or any(a.tag in HIDDEN for a in parent.iterancestors())
    )


def findings(texts: list[str], language: str, allowed: list[str]) -> Iterator[tuple[str, str, str]]:
    """(rule, match, the text around it) for every technical string not on the allow-list (patterns)."""
    for text in texts:
        scrubbed = text
        for pattern in allowed:
            scrubbed = re.sub(pattern, " ", scrubbed)
        for name, pattern, languages in RULES:
            if languages and language not in languages:
                continue
            for match in pattern.finditer(scrubbed):
                yield name, match.group(0), text[:160]
