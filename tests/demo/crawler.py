"""A breadth-first walk over the pages a signed-in person can reach with the Django test client.

It follows a[href] and GET forms that need no input, stays on the host, and skips logging out, downloads and
anything that is not an HTML page. Pages are grouped by their URL pattern (and the names of their query
parameters); a few of each group are read, so the walk reaches every kind of page without reading a
thousand tenant cards.
"""

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import lxml.html
from django.test import Client
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# Pages that end the session or change something on a GET, and downloads that are not pages.
SKIPPED_NAMES = {"logout", "switch_corporation", "set_language", "payment_webhook", "sandbox_checkout"}
DOWNLOAD_ENDINGS = (".pdf", ".csv", ".xlsx", ".json", ".svg", ".css", ".zip", ".xml", ".txt", ".ods")


@dataclass
class Page:
    url: str
    html: str


@dataclass
class Crawl:
    client: Client
    per_pattern: int = 2
    limit: int = 400
    seen: set[str] = field(default_factory=set)
    counts: dict[tuple, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def pages(self, starts: Iterable[str]) -> Iterator[Page]:
        queue = deque(starts)
        read = 0
        while queue and read < self.limit:
            url = queue.popleft()
            if url in self.seen:
                continue
            self.seen.add(url)
            response = self.client.get(url)
            if response.status_code >= 500:
                self.errors.append(f"{url}: status {response.status_code}")
                continue
            if response.status_code != 200:
                continue
            if not response.get("Content-Type", "").startswith("text/html"):
                continue
            read += 1
            html = response.content.decode(response.charset or "utf-8")
            yield Page(url, html)
            for link in links(url, html):
                if link not in self.seen and self._wanted(link):
                    queue.append(link)

    def _wanted(self, url: str) -> bool:
        key = pattern_key(url)
        if key is None:
            return False
        if self.counts.get(key, 0) >= self.per_pattern:
            return False
        self.counts[key] = self.counts.get(key, 0) + 1
        return True


def pattern_key(url: str) -> tuple | None:
    parts = urlsplit(url)
    if parts.path.endswith(DOWNLOAD_ENDINGS):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.url_name in SKIPPED_NAMES or match.url_name is None:
        return None
    if match.namespace == "api" or parts.path.startswith(("/api/", "/webhooks/", "/i18n/")):
        return None
    return (match.route, tuple(sorted({name for name, _ in parse_qsl(parts.query)})))


def links(base: str, html: str) -> Iterator[str]:
    """The internal URLs a page leads to: its links, and its GET forms that need no typing."""
    if not html.strip():
        return
    root = lxml.html.document_fromstring(html)
    for anchor in root.iterfind(".//a[@href]"):
        url = _internal(base, anchor.get("href"))
        if url and anchor.get("download") is None:
            yield url
    for form in root.iterfind(".//form"):
        if (form.get("method") or "get").lower() != "get":
            continue
        if form.xpath(".//*[@required]"):
            continue
        url = _internal(base, form.get("action") or base)
        if url is None:
            continue
        values = [(name, value) for name, value in form.form_values() if value]
        yield url.split("?")[0] + ("?" + urlencode(values) if values else "")


def _internal(base: str, href: str) -> str | None:
    href = href.strip()
    if not href or href.startswith(("#", "mailto:", "tel:", "javascript:", "data:", "sms:")):
        return None
    parts = urlsplit(urljoin("http://testserver" + base, href))
    if parts.netloc != "testserver" or parts.scheme not in ("http", "https"):
        return None
    return parts.path + ("?" + parts.query if parts.query else "")


def plain_urls() -> list[str]:
    """Every URL pattern of vangnet.urls that takes no arguments, as a path."""
    found: list[str] = []

    def walk(patterns, prefix: str) -> None:
        for entry in patterns:
            route = str(entry.pattern)
            if "<" in route or "(?P" in route or "^" in route:
                continue
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, prefix + route)
            elif isinstance(entry, URLPattern) and entry.name not in SKIPPED_NAMES:
                found.append("/" + prefix + route)

    walk(get_resolver().url_patterns, "")
    return [url for url in found if not url.startswith(("/api/", "/webhooks/", "/i18n/"))]
