"""Text that a Vietnamese portal receives: Vietnamese letters in both normal forms, punctuation, digits,
and anything else Unicode has (controls, surrogates excluded by the encoders, combining marks, RTL...)."""

import unicodedata

from hypothesis import strategies as st

VIETNAMESE = "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
VIETNAMESE += VIETNAMESE.upper()

vietnamese_words = st.text(alphabet=VIETNAMESE, min_size=1, max_size=8)
vietnamese_text = st.lists(vietnamese_words, min_size=0, max_size=8).map(" ".join)
# Anything: every code point except lone surrogates (which no request or file can carry as UTF-8).
any_text = st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=120)
mixed_text = st.one_of(
    any_text, vietnamese_text, st.builds(lambda a, b: a + " " + b, vietnamese_text, any_text)
)


def nfd(text):
    return unicodedata.normalize("NFD", text)
