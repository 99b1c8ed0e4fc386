"""Live parts of stored pages: what a cached page shows that must be current on every load.

A template marks a live part with ``live_mark("visits", "today")`` (an HTML comment,
``<!--live:visits:today-->``) instead of the value, and says what the part needs on the request
(``remember(request, "visits", {...})``: plain data, kept with the stored page). On the way out every
response whose request remembered something is *filled*: the function registered for each group
(``register("visits", fill)``, from its app's ``ready()``) gets the request, what was remembered, and
whether the response is a page view a reader gets (a 200 to a GET), and returns the text of each of its
parts. A cached page is filled in the same way on every hit, so it costs no render and still shows live
figures.

The stored page keeps its body split at the marks (``Template``): a fill joins the pieces with the
values. Readers whose browser accepts gzip get it without compressing the whole page on each hit: the
piece before the first mark is compressed once, when the page is stored, and ends on a full flush (what
follows needs nothing of the compressor's state); on each load the rest, values included, is compressed
with the end of that piece as its dictionary, which the browser's decompressor holds at that point (pigz
joins its blocks the same way), so the page compresses nearly as well as in one piece. Marks belong near
the end of a page (ours sit in the sidebar): what follows the first one is compressed on every load.
"""

import re
import struct
import zlib

from django.utils.html import escape
from django.utils.safestring import SafeString

MARK = re.compile(rb"<!--live:([a-z_]+):([a-z_]+)-->")
_NAME = re.compile(r"[a-z_]+")
GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"  # no name, no time stamp, OS unknown
# The rest of a page, compressed on every load: at level 1 with the head's last 4 KB as the dictionary
# (measured on a demo article, 2.2 KB after the first mark: 14.5 µs and 892 bytes, against 46.7 µs and
# 678 bytes at level 6 with the whole 32 KB window; the page goes out in 6.1 KB instead of 5.8 KB).
_REST_LEVEL = 1
_REST_DICTIONARY = 4 * 1024

_fillers = {}


def register(group, fill):
    """``fill(request, remembered, page_view) -> {part name: text}`` for the marks of ``group``."""
    _fillers[group] = fill


def live_mark(group, name):
    """What a template writes where a live value goes (safe: a fixed comment)."""
    if not (_NAME.fullmatch(group) and _NAME.fullmatch(name)):
        raise ValueError(f"A live part is named by lowercase identifiers, not {group!r}:{name!r}")
    # Safe: a fixed comment around two identifiers checked above.
    return SafeString(f"<!--live:{group}:{name}-->")  # nosec B703


def remember(request, group, data):
    """Record on ``request`` what ``group``'s fill needs; merged with what was recorded before."""
    live = getattr(request, "_live_parts", None)
    if live is None:
        live = request._live_parts = {}
    live.setdefault(group, {}).update(data)


def remembered(request):
    return getattr(request, "_live_parts", None) or None


def values(request, state, page_view):
    """{(group, name): text} for every group in ``state``; escaped, as they go into HTML."""
    found = {}
    for group, data in state.items():
        fill = _fillers.get(group)
        if fill is None:
            continue
        for name, text in fill(request, data, page_view).items():
            found[(group.encode(), name.encode())] = escape(text).encode()
    return found


class Template:
    """A page body split at its marks: ``pieces[0] mark[0] pieces[1] … mark[n-1] pieces[n]``."""

    __slots__ = ("pieces", "marks", "gzip_head", "head_crc")

    def __init__(self, body):
        pieces, marks, start = [], [], 0
        for match in MARK.finditer(body):
            pieces.append(body[start : match.start()])
            marks.append(match.groups())
            start = match.end()
        pieces.append(body[start:])
        self.pieces, self.marks = pieces, marks
        self.gzip_head = None
        self.head_crc = 0

    def __reduce__(self):
        # Stored as plain data: a page kept by one release stays readable by the next.
        return (_restore_template, (self.pieces, self.marks, self.gzip_head, self.head_crc))

    @property
    def has_marks(self):
        return bool(self.marks)

    def compress(self, level=6):
        """Compress the piece before the first mark once (see the module's docstring)."""
        head = zlib.compressobj(level, zlib.DEFLATED, -15)
        self.gzip_head = head.compress(self.pieces[0]) + head.flush(zlib.Z_FULL_FLUSH)
        self.head_crc = zlib.crc32(self.pieces[0])

    def _rest(self, found):
        """Everything after the first piece, with the values in place of the marks."""
        parts = []
        for mark, piece in zip(self.marks, self.pieces[1:], strict=False):
            parts.append(found.get(mark, b""))
            parts.append(piece)
        return b"".join(parts)

    def values_digest(self, found):
        """A short digest of the values in the marks, for the ETag of a load."""
        return format(zlib.crc32(b"\x00".join(found.get(mark, b"") for mark in self.marks)), "08x")

    def render(self, found):
        return self.pieces[0] + self._rest(found)

    def render_gzip(self, found):
        rest = self._rest(found)
        head = self.pieces[0]
        if head:
            compressor = zlib.compressobj(_REST_LEVEL, zlib.DEFLATED, -15, zdict=head[-_REST_DICTIONARY:])
        else:
            compressor = zlib.compressobj(_REST_LEVEL, zlib.DEFLATED, -15)
        deflated = compressor.compress(rest) + compressor.flush(zlib.Z_FINISH)
        crc = zlib.crc32(rest, self.head_crc)
        size = (len(head) + len(rest)) & 0xFFFFFFFF
        return b"".join((GZIP_HEADER, self.gzip_head, deflated, struct.pack("<II", crc, size)))


def _restore_template(pieces, marks, gzip_head, head_crc):
    template = Template.__new__(Template)
    template.pieces, template.marks = list(pieces), [tuple(mark) for mark in marks]
    template.gzip_head, template.head_crc = gzip_head, head_crc
    return template
