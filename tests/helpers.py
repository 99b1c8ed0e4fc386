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
