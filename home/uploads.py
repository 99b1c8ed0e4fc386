"""Checks on uploaded files by their content, not only by their name."""

import zipfile
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
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                if extension in ODF_MIMETYPES:
                    return (
                        "mimetype" in names and archive.read("mimetype").strip() == (ODF_MIMETYPES[extension])
                    )
                return "[Content_Types].xml" in names
        except (zipfile.BadZipFile, OSError, KeyError):
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
    if not _content_matches(extension, uploaded):
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


def extract_pdf_text(uploaded, max_pages=MAX_PDF_PAGES, max_chars=MAX_EXTRACTED_CHARACTERS):
    """The text of a PDF for search, NFC-normalised; "" for a scanned or unreadable file.

    Reading stops after ``max_pages`` pages or ``max_chars`` characters, so a huge or hostile file
    cannot hold the upload request for long; a broken file yields "" rather than an error.
    """
    import logging
    import unicodedata

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logger = logging.getLogger(__name__)
    parts = []
    total = 0
    try:
        uploaded.seek(0)
        reader = PdfReader(uploaded)
        for index, page in enumerate(reader.pages):
            if index >= max_pages or total >= max_chars:
                break
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
    except (PyPdfError, ValueError, TypeError, KeyError, OSError, RecursionError) as error:
        logger.warning("Could not extract text from %s: %s", getattr(uploaded, "name", "?"), error)
    finally:
        uploaded.seek(0)
    return unicodedata.normalize("NFC", "\n".join(parts))[:max_chars]
