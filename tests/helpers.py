import threading
from contextlib import contextmanager
from unittest import mock

import redis
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


def _commands(packed):
    """The commands in RESP bytes: [(NAME, [argument, ...]), ...]."""
    commands, at = [], 0
    while at < len(packed):
        end = packed.index(b"\r\n", at)
        count, at = int(packed[at + 1 : end]), end + 2
        parts = []
        for _ in range(count):
            end = packed.index(b"\r\n", at)
            length = int(packed[at + 1 : end])
            parts.append(packed[end + 2 : end + 2 + length].decode(errors="replace"))
            at = end + 4 + length
        commands.append((parts[0].upper(), parts[1:]))
    return commands


@contextmanager
def sent_to_redis():
    """What this thread writes to Redis meanwhile, whichever layer of redis-py sends it: one list per
    round trip of (command, [arguments]) pairs, a pipeline's commands together."""
    sent, thread = [], threading.get_ident()
    real = redis.connection.AbstractConnection.send_packed_command

    def spy(connection, command, *args, **kwargs):
        if threading.get_ident() == thread:
            packed = b"".join(command) if isinstance(command, list | tuple) else command
            sent.append(_commands(bytes(packed)))
        return real(connection, command, *args, **kwargs)

    with mock.patch.object(redis.connection.AbstractConnection, "send_packed_command", spy):
        yield sent
