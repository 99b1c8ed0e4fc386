"""Document numbers (số ký hiệu): one key for every common spelling of the same number."""

import re

from home.text import fold_diacritics, nfc

_NUMBER_PREFIX = re.compile(r"^(số|so)\s*[:.]?\s*", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def number_key(number):
    """ "Số 39/2021/QĐ-UBND", "39 / 2021 / qd-ubnd" -> "39/2021/QD-UBND"; "" when there is none."""
    text = nfc(number)
    if not text:
        return ""
    text = _NUMBER_PREFIX.sub("", text)
    return _SPACES.sub("", fold_diacritics(text)).upper()
