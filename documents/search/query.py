"""Understanding a search query: document numbers, types, issuing bodies, provinces, years and words.

One step shared by the register page, the admin listing, the JSON API, suggestions and site search, so
that a query means the same everywhere. Numbers are read in every spelling staff use ("39/2021",
"39-2021", "số 39", "39 năm 2021", "qd 39 2021", "39/QĐ-UBND", the full number). Names of types, bodies
and provinces (data/vocab/, with their sources) are widened to all their spellings and abbreviations;
a year or a type's abbreviation only ranks. Words typed without diacritics are also read as their most
likely Vietnamese words (documents.search.reading), which rank above other foldings.
"""

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from documents.numbers import number_key
from documents.search.reading import most_likely
from home.text import fold_diacritics, matching_key, printable, words

VOCABULARY = Path(__file__).resolve().parent.parent / "data" / "vocab"
MAX_QUERY_LENGTH = 200
MAX_WORDS = 16
# Function words that add nothing on their own (folded): they only add to the score.
OPTIONAL_WORDS = {
    "ve", "cua", "va", "cac", "nhung", "cho", "trong", "tai", "theo", "voi", "la", "de", "tren", "duoc",
    "nay", "do", "mot", "so", "viec", "nam", "ngay", "thang",
}  # fmt: skip
YEAR = re.compile(r"^(19[4-9]\d|20[0-3]\d)$")
_NUMBER_YEAR = re.compile(r"^(\d{1,5})[/.\-](\d{4})$")
_NUMBER_YEAR_SYMBOL = re.compile(r"^(\d{1,5})[/\-](\d{4})[/\-]([A-Z][A-Z0-9&\-]*)$")
_SERIAL_SYMBOL = re.compile(r"^(\d{1,5})[/\-]([A-Z][A-Z0-9&\-]*)$")
_SLASH = re.compile(r"\s*/\s*")  # "39 / 2021 / QĐ-UBND" is typed as one number
_EDGE_PUNCTUATION = ".,;:()[]\"'“”"
_NUMBER_WORDS = {"so", "số"}
# A word of one or two letters typed without diacritics ("so", "cu") folds onto too many words: in a
# longer query it must come with a neighbour (a phrase) or as typed.
SHORT_WORD = 2


@dataclass(frozen=True)
class Group:
    """Something the query names in one of its spellings: ``forms`` are every spelling (tuples of
    folded words, each matched as a phrase), the typed one first. A document must carry one of them."""

    kind: str  # "type", "issuer", "province", or "short" (a short word: ``name`` as typed, or a phrase)
    name: str  # the name in the vocabulary (for a type: its name as documents carry it)
    forms: tuple
    symbols: tuple = ()  # abbreviations used in document numbers: "QD", "BTC"
    law: bool = False  # a type named by its title ("Luật Đất đai")

    @property
    def typed(self):
        return self.forms[0]


@dataclass
class ParsedQuery:
    text: str
    required: list = field(default_factory=list)  # folded words that must match
    optional: list = field(default_factory=list)  # folded words that only score
    exact: list = field(default_factory=list)  # words with their diacritics, for the bonus
    sequence: list = field(default_factory=list)  # folded words in the order typed, for phrases
    groups: list = field(default_factory=list)  # Group: each must match in one of its forms
    number: str = ""  # a full number key, e.g. "39/2021/QD-UBND"
    number_parts: dict = field(default_factory=dict)  # {"serial", "year", "symbol"} of a partial number
    hints: list = field(default_factory=list)  # symbols the number should carry ("QD", "BTC"): ranking
    years: list = field(default_factory=list)  # years named apart from a number: ranking
    read: bool = True  # whether to read words typed without diacritics (see reading)
    _reading: list | None = field(default=None, compare=False, repr=False)

    @property
    def reading(self):
        """The most likely words with diacritics, one per word of ``sequence`` ("" for an unknown
        word), or [] (documents.reading); worked out on first use, since it reads the register."""
        if self._reading is None:
            self._reading = most_likely(self.sequence, self.exact) if self.read else []
        return self._reading

    @property
    def folded_phrase(self):
        return " ".join(self.sequence)

    @property
    def pairs(self):
        """Adjacent words as typed: "truyen so", "so lieu" (Vietnamese words are often two syllables)."""
        return [f"{a} {b}" for a, b in zip(self.sequence, self.sequence[1:], strict=False)]

    @property
    def exact_pairs(self):
        """Adjacent words with the diacritics typed or read ("đổi số"), when one of them has any."""
        spelled = [exact if exact != fold_diacritics(exact) else read for exact, read in self._spelled()]
        return [
            f"{a} {b}"
            for a, b in zip(spelled, spelled[1:], strict=False)
            if a and b and f"{a} {b}" != fold_diacritics(f"{a} {b}")
        ]

    def _spelled(self):
        reading = self.reading if len(self.reading) == len(self.sequence) else [""] * len(self.sequence)
        exact = self.exact if len(self.exact) == len(self.sequence) else [""] * len(self.sequence)
        return list(zip(exact, reading, strict=True))

    @property
    def read_words(self):
        """Words read with diacritics that were typed without (for a smaller bonus than typed ones)."""
        return [read for exact, read in self._spelled() if read and exact == fold_diacritics(exact) != read]

    @property
    def law_types(self):
        return [group.name for group in self.groups if group.kind == "type" and group.law]

    @property
    def types(self):
        return [group.name for group in self.groups if group.kind == "type"]

    @property
    def title_words(self):
        """The words after a law's type ("giao thong duong bo" of "luat giao thong duong bo")."""
        skip = {word for group in self.groups if group.kind == "type" for word in group.typed}
        return [word for word in self.sequence if word not in skip and not YEAR.match(word)]

    @property
    def highlight_words(self):
        found = set(self.required + self.optional)
        for group in self.groups:
            found.update(word for form in group.forms for word in form if word not in OPTIONAL_WORDS)
        return found

    @property
    def has_number(self):
        return bool(self.number or self.number_parts)

    @property
    def has_text(self):
        return bool(self.required or self.groups)

    def tsquery(self, phrases=True, skip=()):
        """The text match as a PostgreSQL tsquery over folded words: every required word, and every
        group in one of its forms (a form of several words as a phrase; with ``phrases`` False, as words
        anywhere, for vectors without positions)."""
        parts = [f"'{word}'" for word in self.required]
        joiner = " <-> " if phrases else " & "
        for group in self.groups:
            if group.kind in skip:
                continue
            forms = [joiner.join(f"'{word}'" for word in form) for form in group.forms]
            parts.append("(" + " | ".join(f"({form})" for form in forms) + ")")
        # Words are runs of \w characters (see words()), so quoting them is enough.
        return " & ".join(parts)

    def terms_tsquery(self):
        """The same match as ``tsquery()`` over a vector of words and adjacent word pairs without
        positions (the register's index, documents.search.postgres): a form of several words as each of
        its pairs, which a GIN index answers alone, where a phrase needs every match's positions."""
        parts = [f"'{word}'" for word in self.required]
        for group in self.groups:
            forms = [
                " & ".join(f"'{pair}'" for pair in _pairs(form)) or f"'{form[0]}'" for form in group.forms
            ]
            parts.append("(" + " | ".join(f"({form})" for form in forms) + ")")
        return " & ".join(parts)

    def match_key(self):
        """What decides which documents match (the words, the names in their forms, the number), not
        how they rank: two queries with the same key have the same matches and the same counts."""
        return [
            sorted(self.required),
            sorted([group.kind, group.name, sorted(group.forms)] for group in self.groups),
            self.number,
            sorted(self.number_parts.items()),
        ]

    def __bool__(self):
        return bool(self.required or self.optional or self.groups or self.has_number)


def _pairs(form):
    return [f"{a} {b}" for a, b in zip(form, form[1:], strict=False)]


# Vocabulary ---------------------------------------------------------------------------------------


@cache
def vocabulary():
    """{tuple of folded words: Group} of every spelling of the types, bodies and provinces."""
    entries = {}

    def add(kind, name, spellings, symbols=(), law=False):
        forms = []
        for spelling in spellings:
            form = tuple(words(spelling))
            if form and form not in forms:
                forms.append(form)
        for form in forms:
            entries.setdefault(form, Group(kind, name, tuple(forms), tuple(symbols), law))

    for row in _load("document_types.json"):
        symbols = [fold_diacritics(alias).upper() for alias in row["aliases"] if alias.isupper()]
        add("type", row["name"], [row["name"], *row["aliases"]], symbols, row["kind"] == "law")
    for row in _load("issuing_bodies.json"):
        symbols = [fold_diacritics(alias).upper() for alias in row["aliases"] if re.fullmatch(r"\w+", alias)]
        add("issuer", row["name"], [row["name"], *row["aliases"]], symbols[:1])
    for row in _load("provinces.json"):
        names = [row["name"], *row.get("aliases", [])]
        add("province", row["name"], [*names, *row["former"]])
        for former in row["former"]:  # a former name first widens to itself, then to the new name
            entries[tuple(words(former))] = Group(
                "province", row["name"], (tuple(words(former)), *(tuple(words(n)) for n in names))
            )
    return entries


def _load(name):
    with open(VOCABULARY / name, encoding="utf-8") as file:
        return json.load(file)


def _longest_name(folded, start, entries, limit=8):
    for end in range(min(len(folded), start + limit), start, -1):
        group = entries.get(tuple(folded[start:end]))
        if group is not None:
            return end, group
    return start, None


def _typed_first(group, typed):
    forms = (typed, *(form for form in group.forms if form != typed))
    return Group(group.kind, group.name, forms, group.symbols, group.law)


# Numbers ------------------------------------------------------------------------------------------


def _read_numbers(tokens, parsed):
    """The tokens that are not part of a number; the number found goes to ``parsed``. A bare number
    ("39") is a document's serial number when the query is only that, when "số", a type or an issuer
    comes before it ("qd 39") or a year after it ("39 2021", "39 năm 2021"); elsewhere it is a word
    ("sách giáo khoa lớp 7")."""
    rest = []
    serial = year = None
    previous = ""
    folded_tokens = [fold_diacritics(token.strip(_EDGE_PUNCTUATION).lower()) for token in tokens]
    for index, token in enumerate(tokens):
        upper = folded_tokens[index].upper()
        following = folded_tokens[index + 1 : index + 3]
        if token.lower() in _NUMBER_WORDS and following and any(ch.isdigit() for ch in following[0]):
            previous = "so"
            continue
        if not parsed.number and serial is None:
            match = _NUMBER_YEAR_SYMBOL.match(upper)
            if match and YEAR.match(match[2]):
                parsed.number = number_key(f"{match[1]}/{match[2]}/{match[3]}")
                continue
            match = _NUMBER_YEAR.match(upper)
            if match and YEAR.match(match[2]):
                serial, year = match[1], match[2]
                continue
            if "/" in upper and any(ch.isdigit() for ch in upper):
                parsed.number = number_key(upper)
                continue
        if upper.isdigit() and len(upper) <= 5:
            if YEAR.match(upper) and (serial is not None or previous == "nam") and year is None:
                year = upper
                if previous == "nam" and rest:  # "năm" between a number and its year is part of it
                    rest.pop()
                continue
            year_follows = bool(following) and (
                bool(YEAR.match(following[0])) or (following[0] == "nam" and len(following) > 1)
            )
            names_a_number = (
                len(tokens) == 1 or previous == "so" or previous in _number_lead_words() or year_follows
            )
            if (
                serial is None
                and not parsed.number
                and names_a_number
                and (not YEAR.match(upper) or previous == "so")
            ):
                serial = upper
                previous = ""
                continue
            if YEAR.match(upper):
                parsed.years.append(upper)
        previous = folded_tokens[index]
        rest.append(token)
    if serial is not None:
        parsed.number_parts = {"serial": serial, "year": year or "", "symbol": ""}
    elif year is not None:  # "năm 2021" with no number: a year
        parsed.years.append(year)
        rest.append(year)
    return rest


@cache
def _number_lead_words():
    """Folded words that end a type's or an issuer's name: a number after them is a document's."""
    return {form[-1] for form, group in vocabulary().items() if group.kind in ("type", "issuer")}


def serials(serial):
    """Spellings of a serial number in document numbers: "7" and "07"."""
    bare = serial.lstrip("0") or "0"
    return sorted({serial, bare, bare.zfill(2)})


def number_patterns(parsed):
    """[(prefix, suffix)] of the number keys that match the number typed: a key matches a pattern when
    it starts with ``prefix`` and ends with ``suffix``, or equals ``prefix`` without its last "/"."""
    patterns = []
    if parsed.number:
        serial, _, _rest = parsed.number.partition("/")
        symbol = parsed.number.rsplit("/", 1)[-1]
        if serial and symbol and symbol != serial and serial.isdigit():
            # "39/QĐ-UBND" without its year, or with another spelling of the year
            patterns += [(f"{variant}/", f"/{symbol}") for variant in serials(serial)]
    if parsed.number_parts:
        year = parsed.number_parts["year"]
        for variant in serials(parsed.number_parts["serial"]):
            patterns.append((f"{variant}/{year}/" if year else f"{variant}/", ""))
    return patterns


def number_equals(parsed):
    """Number keys equal to what was typed: "39/2021" is a whole key of a document numbered so."""
    keys = [parsed.number] if parsed.number else []
    if parsed.number_parts:
        year = parsed.number_parts["year"]
        keys += [
            f"{variant}/{year}" if year else variant for variant in serials(parsed.number_parts["serial"])
        ]
    return keys


# Parsing ------------------------------------------------------------------------------------------


def parse_query(text, numbers=True, read=True, short_words=False):
    """The query ``text`` understood (see the module's docstring). ``numbers`` False reads digits as
    words (site search: pages have no numbers); ``read`` False skips the reading without diacritics;
    ``short_words`` True makes a word of one or two letters typed without diacritics match only in a
    phrase or as typed (site search, whose pages are prose: "so" would find every "Sở")."""
    text = printable(text)[:MAX_QUERY_LENGTH].strip()
    parsed = ParsedQuery(text=text)
    tokens = text.split()
    if numbers:
        tokens = _read_numbers(_SLASH.sub("/", text).split(), parsed)
    remaining = " ".join(tokens)
    folded = words(remaining)[:MAX_WORDS]
    exact = words(remaining, fold=False)[:MAX_WORDS]
    if len(exact) != len(folded):  # a character whose folding splits a word: keep the folded words
        exact = folded
    entries = vocabulary()
    consumed = set()
    index = 0
    while index < len(folded):
        end, group = _longest_name(folded, index, entries)
        if group is None or all(word in OPTIONAL_WORDS for word in folded[index:end]):
            index += 1
            continue
        parsed.groups.append(_typed_first(group, tuple(folded[index:end])))
        parsed.hints += [symbol for symbol in group.symbols if symbol not in parsed.hints]
        consumed.update(range(index, end))
        index = end
    for position, (word, exact_word) in enumerate(zip(folded, exact, strict=False)):
        parsed.exact.append(exact_word)
        parsed.sequence.append(word)
        if position in consumed:
            continue
        if word in parsed.years or (word.isdigit() and numbers and YEAR.match(word)):
            parsed.optional.append(word)
            if word not in parsed.years:
                parsed.years.append(word)
            continue
        (parsed.optional if word in OPTIONAL_WORDS else parsed.required).append(word)
    if short_words:
        _short_words_in_phrases(parsed)
    if not parsed.required and not parsed.groups and parsed.optional and not parsed.has_number:
        parsed.required, parsed.optional = parsed.optional, []
        parsed.years = []
    parsed.read = read
    return parsed


def _short_words_in_phrases(parsed):
    """A word of one or two letters typed without diacritics, in a query of several words, must come
    with a neighbour as typed (a phrase) or be spelled as typed; a function word ("so", "ve") too,
    since it folds onto content words ("số", "sở", "sổ")."""
    if len(parsed.sequence) < 2:
        return
    for position, word in enumerate(parsed.sequence):
        if len(word) > SHORT_WORD or word.isdigit() or parsed.exact[position] != word:
            continue
        if word not in parsed.required and word not in parsed.optional:
            continue
        forms = []
        if position > 0:
            forms.append((parsed.sequence[position - 1], word))
        if position + 1 < len(parsed.sequence):
            forms.append((word, parsed.sequence[position + 1]))
        (parsed.required if word in parsed.required else parsed.optional).remove(word)
        parsed.groups.append(Group("short", word, tuple(forms)))


def type_keys(names):
    """Matching keys (DocumentType.name_key) of type names."""
    return [matching_key(name) for name in names]
