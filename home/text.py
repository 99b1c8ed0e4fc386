"""Vietnamese text helpers shared by the apps: normalisation, folding and matching keys."""

import re
import unicodedata

from django.utils.text import slugify

# Combining marks that carry the five Vietnamese tones (huyền, sắc, ngã, hỏi, nặng). The other marks
# (circumflex, breve, horn) belong to the vowel itself: â, ă, ơ, ư are different letters.
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
_SPACES = re.compile(r"\s+")


def nfc(text):
    """NFC-normalised text with runs of whitespace collapsed and the ends trimmed."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", str(text))).strip()


def fold_diacritics(text):
    """Remove every diacritic, and đ/Đ become d/D: "Quyết định" -> "Quyet dinh"."""
    decomposed = unicodedata.normalize("NFD", nfc(text))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # NFC again: what decomposition split without marks to drop (Hangul syllables) is put back together.
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


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
