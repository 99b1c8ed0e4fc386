"""The folded words a procedure is found by, and the word starts a reader's query matches: the same folding
on both sides, for the models (which store the key) and the listing (which filters on it)."""

import re

from home.text import fold_diacritics, nfc

_NOT_IN_WORDS = re.compile(r"[^\w./-]+")


def search_key(*texts):
    """The folded, lower-case words a listing search matches, each after a space: “Cấp phép” and
    “cap phep” both find “ cap phep”; codes keep their dots (“1.004945”)."""
    words = _NOT_IN_WORDS.sub(" ", " ".join(fold_diacritics(text).lower() for text in texts if text)).split()
    return " " + " ".join(words) if words else ""


def query_words(query):
    """What a reader typed into a listing's search box as the word starts to match (at most ten)."""
    return [f" {word}" for word in search_key(nfc(query)[:200]).split()][:10]
