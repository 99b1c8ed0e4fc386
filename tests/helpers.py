from bs4 import BeautifulSoup

FOCUSABLE = ["a", "button", "input", "select", "textarea", "summary"]


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def first_focusable(document):
    """The first element a keyboard user reaches with Tab, in document order."""
    for element in document.find_all(True):
        if element.name == "a" and not element.get("href"):
            continue
        if element.get("tabindex") not in (None,) and int(element["tabindex"]) < 0:
            continue
        if element.name == "input" and element.get("type") == "hidden":
            continue
        if element.name in FOCUSABLE or element.get("tabindex") is not None:
            return element
    return None


def import_shipped_corpus(register):
    """Import the shipped legal documents (documents/data) into ``register``, dated rows first."""
    from documents.demo import DATA_DIR
    from documents.importer import LegalDocumentImporter, read_rows

    for name in ("tien-giang-examples.jsonl", "corpus.jsonl"):
        rows = sorted(
            read_rows(DATA_DIR / name),
            key=lambda item: not (isinstance(item[1], dict) and item[1].get("issue_date")),
        )
        LegalDocumentImporter(register, publish=True).run(rows)
