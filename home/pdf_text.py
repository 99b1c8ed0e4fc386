"""Child process of ``home.uploads.extract_pdf_text``: reads a PDF on stdin, writes its text on stdout.

``python -m home.pdf_text MAX_PAGES MAX_CHARS MAX_MEMORY_BYTES``. Each page's text is written and flushed
as soon as it is read, followed by a form feed, so a parent that stops the process on a timeout keeps
what was read. Errors go to stderr with exit status 1. No Django here: only pypdf.
"""

import io
import resource
import sys


def main(argv):
    max_pages, max_chars, max_memory = (int(value) for value in argv[1:4])
    resource.setrlimit(resource.RLIMIT_AS, (max_memory, max_memory))

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = sys.stdin.buffer.read()
    out = sys.stdout.buffer
    total = 0
    try:
        reader = PdfReader(io.BytesIO(data))
        for index, page in enumerate(reader.pages):
            if index >= max_pages or total >= max_chars:
                break
            text = page.extract_text() or ""
            total += len(text)
            out.write(text.encode("utf-8", errors="replace") + b"\f")
            out.flush()
    except (PyPdfError, ValueError, TypeError, KeyError, OSError, RecursionError, MemoryError) as error:
        sys.stderr.write(f"{type(error).__name__}: {error}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
