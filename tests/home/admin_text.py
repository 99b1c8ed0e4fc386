"""Find English interface text on a rendered admin screen.

Two nets: the exact English of every message the admin packages catalogue (where its Vietnamese differs),
and a stop-word heuristic for English written outside gettext. Content the test itself wrote is
Vietnamese, so what either net catches is the interface's.
"""

import re
from functools import lru_cache

import polib
from bs4 import BeautifulSoup, Comment

from home.management.commands.sync_admin_translations import DOMAINS, package_catalogues

# Attributes a person reads or hears (screen readers) as well as the visible text.
READ_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt", "aria-description")
# Not read as interface text: what a browser does not show, and <code>, which quotes literal names
# (the import page's file columns: number, title, status…).
SKIPPED_TAGS = ("script", "style", "svg", "head", "code")
STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "your",
        "you",
        "this",
        "with",
        "for",
        "are",
        "has",
        "have",
        "been",
        "will",
        "from",
        "not",
        "there",
        "their",
        "these",
        "those",
        "was",
        "were",
        "which",
        "when",
        "what",
        "into",
        "than",
        "then",
    ]
)
WORD = re.compile(r"[A-Za-z']+")
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


@lru_cache(maxsize=1)
def english_messages():
    """The packages' English messages that read differently in Vietnamese (placeholders left out)."""
    from django.utils import translation

    messages = set()
    with translation.override("vi"):
        for domain in DOMAINS:
            if domain != "django":
                continue
            for _label, source, _vi in package_catalogues(domain):
                for entry in polib.pofile(str(source)):
                    for text in filter(None, (entry.msgid, entry.msgid_plural)):
                        if PLACEHOLDER.search(text) or "<" in text or len(WORD.findall(text)) == 0:
                            continue
                        if len(text) < 4:
                            continue
                        translated = (
                            translation.pgettext(entry.msgctxt, text)
                            if entry.msgctxt
                            else translation.gettext(text)
                        )
                        if translated != text:
                            messages.add(" ".join(text.split()))
    return frozenset(messages)


def readable_texts(html):
    """Each visible text and read-out attribute of the page, whitespace collapsed."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(SKIPPED_TAGS):
        tag.decompose()
    # Wagtail prints Python's None into the side panel's counter, which stays hidden while it has no count.
    for tag in soup.select("[data-side-panel-toggle-counter][hidden]"):
        tag.decompose()
    for comment in soup.find_all(string=lambda text: isinstance(text, Comment)):
        comment.extract()
    texts = [" ".join(text.split()) for text in soup.find_all(string=True)]
    for tag in soup.find_all(True):
        texts.extend(" ".join(str(tag[name]).split()) for name in READ_ATTRIBUTES if tag.has_attr(name))
        if tag.name == "input" and tag.get("type") in ("submit", "button") and tag.has_attr("value"):
            texts.append(" ".join(str(tag["value"]).split()))
    return [text for text in texts if text]


def looks_english(text):
    words = {word.lower() for word in WORD.findall(text)}
    return len(words & STOP_WORDS) >= 2


def english_on_page(html, allowed=()):
    """The English interface texts of a page: known messages, and sentences that read as English."""
    known = english_messages()
    found = []
    for text in readable_texts(html):
        if text in allowed:
            continue
        if text in known or text.rstrip(":.…") in known or looks_english(text):
            found.append(text)
    return sorted(set(found))
