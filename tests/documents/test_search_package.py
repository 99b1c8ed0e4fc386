"""The register's search is one package split by database (documents/search/), with no import cycle."""

import ast
import subprocess
import sys
from pathlib import Path

from django.db import connection
from django.test import SimpleTestCase

from documents import search
from documents.search import postgres, sqlite

ROOT = Path(__file__).resolve().parents[2]
APPS = ("documents", "search", "home")
INTERFACE = (
    "run_search",
    "suggest",
    "facet_counts",
    "search_documents",
    "refresh",
    "refresh_document",
    "refresh_places",
    "refresh_due_statuses",
)


def project_modules():
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            modules[name] = path
    return modules


def import_graph(modules):
    """{module: modules of APPS it imports}, imports inside functions included."""

    def resolve(name):
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name

    graph = {}
    for name, path in modules.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*parent, base] if base else parent)
                targets = [base, *(f"{base}.{alias.name}" for alias in node.names)]
            found.update(resolve(target) for target in targets)
        graph[name] = {target for target in found if target and target != name}
    return graph


def cycle_through(graph, start):
    """A path of imports from ``start`` back to itself, or None."""
    stack = [(start, [start])]
    seen = set()
    while stack:
        node, path = stack.pop()
        for target in graph[node]:
            if target == start:
                return [*path, start]
            if target not in seen:
                seen.add(target)
                stack.append((target, [*path, target]))
    return None


class SearchPackageTests(SimpleTestCase):
    def test_no_module_of_the_register_or_search_is_in_an_import_cycle(self):
        graph = import_graph(project_modules())
        for name in sorted(graph):
            if name.startswith(("documents", "search", "home.text")):
                with self.subTest(module=name):
                    self.assertIsNone(cycle_through(graph, name))

    def test_the_search_modules_import_alone_in_any_order(self):
        names = [
            "documents.search.postgres",
            "documents.search.sqlite",
            "documents.search.query",
            "documents.search.reading",
            "documents.search.highlight",
            "documents.listing",
            "documents.models",
        ]
        for first in names:
            with self.subTest(first=first):
                code = f"import django; django.setup(); import {first}; import documents.search"
                result = subprocess.run(  # noqa: S603 - this interpreter, a constant module name
                    [sys.executable, "-c", code],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    env={"DJANGO_SETTINGS_MODULE": "settings.test", "PATH": ""},
                    check=False,
                )
                self.assertEqual(result.returncode, 0, result.stderr[-2000:])

    def test_both_databases_offer_the_same_interface(self):
        for module in (postgres, sqlite):
            for name in INTERFACE:
                with self.subTest(backend=module.__name__, function=name):
                    self.assertTrue(callable(getattr(module, name, None)))

    def test_the_backend_follows_the_database(self):
        expected = postgres if connection.vendor == "postgresql" else sqlite
        self.assertIs(search.backend(), expected)
