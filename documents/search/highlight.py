"""Where a query's words are in a text, for <mark> (the register's results and site search)."""

import re

from home.text import fold_aligned, nfc


def highlight_spans(text, parsed):
    """[(start, end)] of the query's words in ``text``, matched without diacritics, whole words only.
    A word read with diacritics ("số" of "chuyen doi so") is marked where it is spelled so, or inside
    a pair of the query's words; elsewhere only when the text never spells it so. A word of one or two
    letters typed without diacritics is marked only inside such a pair or where spelled as typed."""
    text = nfc(text)
    folded = fold_aligned(text)  # one character for one character
    lowered = text.lower()
    spans = []
    for pair in parsed.pairs:
        first, second = pair.split(" ")
        spans += [
            m.span() for m in re.finditer(rf"(?<!\w){re.escape(first)}\s+{re.escape(second)}(?!\w)", folded)
        ]
    spelled = dict(zip(parsed.sequence, parsed.reading, strict=False)) if parsed.reading else {}
    typed = dict(zip(parsed.sequence, parsed.exact, strict=False))
    for word in parsed.highlight_words:
        found = [m.span() for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", folded)]
        if len(parsed.sequence) > 1 and len(word) <= 2 and typed.get(word) == word and not word.isdigit():
            spans += [(start, end) for start, end in found if lowered[start:end] == word]  # as typed
            continue
        reading = spelled.get(word) or (typed.get(word) if typed.get(word, word) != word else "")
        if reading:
            as_read = [(start, end) for start, end in found if lowered[start:end] == reading]
            found = as_read or ([] if typed.get(word) != word else found)
        spans += found
    spans.sort()
    merged = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return text, merged
