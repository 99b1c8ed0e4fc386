"""Vietnamese text helpers shared by the apps: normalisation, folding, words and matching keys.

The one place for them: the register's search (documents.search), site search, the importer, the query
log and slugs all read text the same way.
"""

import re
import unicodedata
from functools import lru_cache

from django.utils.text import slugify

# Combining marks that carry the five Vietnamese tones (huyền, sắc, ngã, hỏi, nặng). The other marks
# (circumflex, breve, horn) belong to the vowel itself: â, ă, ơ, ư are different letters.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w]+", re.UNICODE)


def nfc(text):
    """NFC-normalised text with runs of whitespace collapsed and the ends trimmed."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def printable(text):
    """NFC text without control characters (a pasted query may carry some): see nfc."""
    return nfc("".join(ch for ch in nfc(text) if unicodedata.category(ch)[0] != "C"))


def fold_diacritics(text):
    """Remove every diacritic, and đ/Đ become d/D: "Quyết định" -> "Quyet dinh"."""
    decomposed = unicodedata.normalize("NFD", nfc(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFC again: what decomposition split without marks to drop (Hangul syllables) is put back together.
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


@lru_cache(maxsize=4096)
def fold_char(ch):
    """One character lower-cased and folded, still one character ("Ế" -> "e"), so that a folded text
    keeps the offsets of the original (highlighting marks the original at the folded match)."""
    folded = fold_diacritics(ch).lower()
    return folded if len(folded) == 1 else ch.lower()


class _FoldTable(dict):
    """{code point: folded character} for str.translate, filled as characters are met."""

    def __missing__(self, code):
        folded = self[code] = fold_char(chr(code))
        return folded


_FOLD_TABLE = _FoldTable()


def fold_aligned(text):
    """``text`` lower-cased and folded character for character (see fold_char), in one pass."""
    return text.translate(_FOLD_TABLE)


def words(text, fold=True):
    """Lower-case words of ``text`` (folded unless ``fold`` is False), punctuation removed."""
    text = nfc(text).lower()
    if fold:
        text = fold_diacritics(text)
    return [word for word in _NON_WORD.split(text.replace("_", " ")) if word]


def padded(text, fold=True):
    """The words of ``text`` joined by spaces with a space at each end: `` word `` then finds a whole
    syllable with a plain substring test (the search texts of documents and pages)."""
    return " " + " ".join(words(text, fold)) + " "


def _canonical_syllable(word):
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in TONE_MARKS]
    letters = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return unicodedata.normalize("NFC", letters) + "".join(tones)


def matching_key(text):
    """A key that is equal for spelling variants of one name and differs between names.

    Case, NFC/NFD, spacing and the placement of the tone mark ("Hoá"/"Hóa", "Thuỷ"/"Thủy") do not
    matter; the letters and the tones do ("Bán" and "Bàn" stay different).
    """
    return " ".join(_canonical_syllable(word) for word in nfc(text).lower().split(" ") if word)


def slugify_vi(text, fallback="trang"):
    """An ASCII slug from Vietnamese text: "Đánh giá hoạt động" -> "danh-gia-hoat-dong".

    Django's slugify drops "đ" (it has no ASCII decomposition), so the text is folded first. The result
    is never empty: text with no letters or digits gives ``fallback``.
    """
    return slugify(fold_diacritics(text)) or fallback
