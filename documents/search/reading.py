"""Reading a query typed without diacritics as its most likely Vietnamese words.

The register's own headings (number, type, issuer, title, trích yếu, with their diacritics) give how often
each spelling of a folded word occurs, and each spelling of a folded pair of adjacent words. A query's
reading is the sequence of spellings that scores best on both (a Viterbi walk over the candidates of each
word): "chuyen doi so" reads "chuyển đổi số", because "đổi số" is a more frequent pair than "đổi sở".
The reading only ranks: documents spelled that way come before other foldings, nothing is excluded.

The statistics follow the documents: they are rebuilt when the register's version (documents.versions)
changes, at once on a register of fewer than LARGE documents; on a larger one no more often than a
hundred times the last build's duration, so rebuilding takes at most about 1% of a process's time.
A process that needs the statistics of a version first looks for them in the cache, where the process
that built them left them.
"""

import math
import threading
import time
from collections import Counter, defaultdict

from django.apps import apps
from django.core.cache import cache

from documents.versions import register_version
from home.text import fold_diacritics

CANDIDATES = 6  # spellings of one folded word considered
PAIR_WEIGHT = 2.0
KEPT = 24 * 60 * 60  # seconds the statistics of a version stay in the cache for other processes
LARGE = 20_000  # documents: a register this large rebuilds its statistics at most every 100 builds' time

_lock = threading.Lock()
_state = {"version": None, "built_at": 0.0, "duration": 0.0, "stats": None, "size": 0}


class Statistics:
    def __init__(self, headings):
        words = defaultdict(Counter)
        pairs = Counter()
        size = 0
        for heading in headings:
            size += 1
            tokens = heading.split()
            for token in tokens:
                words[fold_diacritics(token)][token] += 1
            pairs.update(zip(tokens, tokens[1:], strict=False))
        self.words = {folded: spellings.most_common(CANDIDATES) for folded, spellings in words.items()}
        self.pairs = pairs
        self.size = size

    def read(self, sequence, typed):
        """The most likely spelling of each word of ``sequence`` (folded); a word typed with diacritics
        keeps them; "" for a word the register never uses."""
        columns = []
        for folded, exact in zip(sequence, typed, strict=True):
            if exact != folded or folded.isdigit():
                columns.append([(exact, 1)])
            else:
                columns.append(self.words.get(folded) or [("", 1)])
        # best[spelling] = (score, path) over the columns so far
        best = {word: (math.log1p(count), [word]) for word, count in columns[0]}
        for column in columns[1:]:
            step = {}
            for word, count in column:
                own = math.log1p(count)
                step[word] = max(
                    (
                        score + own + PAIR_WEIGHT * math.log1p(self.pairs.get((previous, word), 0)),
                        path + [word],
                    )
                    for previous, (score, path) in best.items()
                )
            best = step
        return max(best.values())[1]


def statistics():
    """The current statistics (rebuilt when the register changed; see the module's docstring)."""
    version = register_version()
    state = _state
    wait = 100 * state["duration"] if state["size"] >= LARGE else 0
    stale = state["stats"] is None or (
        state["version"] != version and time.monotonic() - state["built_at"] >= wait
    )
    if stale:
        with _lock:
            if _state["stats"] is None or _state["version"] != version:
                _load_or_rebuild(version)
    return _state["stats"]


def _load_or_rebuild(version):
    """The statistics another process built for this version (kept in the cache), else built here and
    kept: a new worker then reads them rather than every heading of the register."""
    key = f"legal-reading:{version}"
    kept = cache.get(key)
    if kept is not None:
        stats, duration = kept
        _state.update(
            version=version, built_at=time.monotonic(), duration=duration, stats=stats, size=stats.size
        )
        return
    _rebuild(version)
    cache.set(key, (_state["stats"], _state["duration"]), KEPT)


def _rebuild(version):
    started = time.monotonic()
    headings = (
        apps.get_model("documents", "LegalDocumentPage")
        .objects.live()
        .order_by()
        .values_list("search_heading_exact", flat=True)
        .iterator(chunk_size=2000)
    )
    stats = Statistics(headings)
    _state.update(
        version=version,
        built_at=time.monotonic(),
        duration=time.monotonic() - started,
        stats=stats,
        size=stats.size,
    )


def most_likely(sequence, typed):
    """The reading of the query's words (``sequence`` folded, ``typed`` as typed), [] when nothing is
    typed without diacritics or the register is empty."""
    if not sequence or all(exact != folded for folded, exact in zip(sequence, typed, strict=False)):
        return []
    if len(typed) != len(sequence):
        return []
    reading = statistics().read(sequence, typed)
    return reading if any(reading) else []


def suggestion(parsed):
    """The reading as text ("chuyển đổi số") when it differs from what was typed, else ""."""
    if not parsed.reading or not all(parsed.reading):
        return ""
    text = " ".join(parsed.reading)
    return text if text != " ".join(parsed.exact) else ""
