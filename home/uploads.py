"""Checks on uploaded files by their content, not only by their name."""

import zipfile
import zlib
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF_SIGNATURE = b"%PDF-"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc and .xls
ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")  # a zip with entries, an empty zip
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
}


def file_extension(name):
    return PurePath(name or "").suffix.lower().lstrip(".")


# An archive is looked into only within these bounds: office documents hold a few dozen members, and
# the only member read is an OpenDocument's "mimetype" (a few dozen bytes).
MAX_ARCHIVE_MEMBERS = 10_000
MAX_MEMBER_READ_BYTES = 1024
ZIP_END_SIGNATURE = b"PK\x05\x06"
ZIP_END_SEARCH_BYTES = 22 + 65_535  # the end record and the longest comment it may carry
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    KeyError,
    EOFError,
    ValueError,
    NotImplementedError,  # a compression method zipfile does not have
    RuntimeError,  # an encrypted member
)


class ArchiveTooLarge(Exception):
    """A member declares, or unpacks to, more than may be read; or the archive has too many members."""


def _declared_member_count(uploaded):
    """The member count in the archive's end record, read before zipfile builds its list of members."""
    uploaded.seek(0, 2)
    size = uploaded.tell()
    uploaded.seek(max(0, size - ZIP_END_SEARCH_BYTES))
    tail = uploaded.read()
    uploaded.seek(0)
    end = tail.rfind(ZIP_END_SIGNATURE)
    if end < 0 or len(tail) < end + 22:
        return None
    return int.from_bytes(tail[end + 10 : end + 12], "little")


def read_member(archive, name, limit=MAX_MEMBER_READ_BYTES):
    """The bytes of one member, refusing a member that declares or unpacks to more than ``limit`` bytes."""
    info = archive.getinfo(name)
    if info.file_size > limit:
        raise ArchiveTooLarge(name)
    with archive.open(info) as member:
        data = member.read(limit + 1)  # never more, whatever the member's header says
    if len(data) > limit:
        raise ArchiveTooLarge(name)
    return data


def _content_matches(extension, uploaded):
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if extension == "pdf":
        return head.startswith(PDF_SIGNATURE)
    if extension in {"doc", "xls"}:
        return head == OLE2_SIGNATURE
    if extension in {"docx", "xlsx", "odt", "ods", "zip"}:
        if not head.startswith(ZIP_SIGNATURES):
            return False
        if extension == "zip":
            return True
        try:
            count = _declared_member_count(uploaded)
            if count is None:
                return False
            if count >= min(MAX_ARCHIVE_MEMBERS, 0xFFFF):  # 0xFFFF: the real count is in a ZIP64 record
                raise ArchiveTooLarge(count)
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                if len(names) > MAX_ARCHIVE_MEMBERS:
                    raise ArchiveTooLarge(len(names))
                if extension in ODF_MIMETYPES:
                    return (
                        "mimetype" in names
                        and read_member(archive, "mimetype").strip() == (ODF_MIMETYPES[extension])
                    )
                return "[Content_Types].xml" in names
        except ARCHIVE_ERRORS:
            return False
        finally:
            uploaded.seek(0)
    return False


def validate_document_file(uploaded, allowed_extensions):
    """Refuse a document whose extension is not allowed or whose bytes do not match it."""
    extension = file_extension(uploaded.name)
    allowed = [ext.lower() for ext in allowed_extensions]
    if extension not in allowed:
        raise ValidationError(
            _("Files of type “%(extension)s” cannot be uploaded. Allowed types: %(allowed)s.")
            % {"extension": extension or "?", "allowed": ", ".join(allowed)},
            code="invalid_extension",
        )
    try:
        matches = _content_matches(extension, uploaded)
    except ArchiveTooLarge:
        raise ValidationError(
            _(
                "This archive holds too many files or unpacks to too much data to be checked. "
                "Please upload the original document."
            ),
            code="archive_too_large",
        ) from None
    if not matches:
        raise ValidationError(
            _(
                "The content of this file does not match its “%(extension)s” extension. "
                "Please upload the original document."
            )
            % {"extension": extension},
            code="invalid_content",
        )


MAX_PDF_PAGES = 500
MAX_EXTRACTED_CHARACTERS = 2_000_000
PDF_TEXT_MEMORY_BYTES = 768 * 1024 * 1024


def extract_pdf_text(uploaded, max_pages=MAX_PDF_PAGES, max_chars=MAX_EXTRACTED_CHARACTERS, timeout=None):
    """The text of a PDF for search, NFC-normalised; "" for a scanned or unreadable file.

    pypdf runs in a child process (``home.pdf_text``) with a time limit (PDF_TEXT_TIMEOUT seconds), a
    memory limit, and stops after ``max_pages`` pages or ``max_chars`` characters: a crafted file (one
    page of a million text operators takes pypdf minutes) cannot hold the upload request or exhaust the
    worker. When time runs out, the pages read so far are kept and the upload goes through.
    """
    import logging

    # Only to run our own module (home.pdf_text) with the same interpreter, without a shell.
    import subprocess  # nosec B404
    import sys
    import unicodedata

    from django.conf import settings

    logger = logging.getLogger(__name__)
    timeout = timeout if timeout is not None else getattr(settings, "PDF_TEXT_TIMEOUT", 10)
    name = getattr(uploaded, "name", "?")
    try:
        uploaded.seek(0)
        data = uploaded.read()
    finally:
        uploaded.seek(0)
    command = [
        sys.executable,
        "-m",
        "home.pdf_text",
        str(max_pages),
        str(max_chars),
        str(PDF_TEXT_MEMORY_BYTES),
    ]
    try:
        # A fixed argument list (our interpreter and module), no shell; the file goes on stdin.
        result = subprocess.run(  # noqa: S603  # nosec B603
            command, input=data, capture_output=True, timeout=timeout, cwd=settings.BASE_DIR, check=False
        )
        output = result.stdout
        if result.returncode != 0:
            logger.warning(
                "Could not extract text from %s: %s", name, result.stderr.decode(errors="replace")[-500:]
            )
    except subprocess.TimeoutExpired as error:
        output = error.stdout or b""
        logger.warning(
            "Text extraction from %s stopped after %s s; keeping the pages read so far", name, timeout
        )
    text = output.decode("utf-8", errors="replace").replace("\f", "\n")
    return unicodedata.normalize("NFC", text.strip("\n"))[:max_chars]
