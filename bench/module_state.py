"""Lists the process-wide mutable state of the project's modules: what a test may have to reset by hand.

    .venv/bin/python bench/module_state.py [--root DIR]

Counts, per module of the apps (tests, benchmarks, settings and migrations left out): module-level
containers (``{}``, ``[]``, ``set()``, ``OrderedDict()``...) that the module changes (an item stored or
deleted, ``clear``, ``update``, ``setdefault``, ``pop``, ``append``, ``add``...), ``ContextVar`` objects,
names rebound through ``global``, and functions memoised with ``functools.cache`` / ``lru_cache``. A
container never changed (a constant such as ``TEXT_BLOCKS = {...}``) is left out. Instance attributes of
per-process objects (a cache backend, a WSGI wrapper) are not seen: docs/caching.md lists those of the
request path by hand.
"""

import argparse
import ast
from pathlib import Path

SKIPPED = {"tests", "bench", "migrations", "node_modules", "static", "templates", "locale", "settings"}
CONTAINERS = {"dict", "list", "set", "OrderedDict", "defaultdict", "deque", "WeakValueDictionary"}


MUTATORS = {"clear", "update", "setdefault", "pop", "popitem", "append", "add", "discard", "remove", "extend"}
MUTATORS |= {"move_to_end", "insert", "appendleft"}


def changed_names(tree):
    """Names whose object the module changes in place."""
    names = set()
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign | ast.AugAssign | ast.Delete):
            targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        for target in targets:
            if isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                names.add(target.value.id)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if node.func.attr in MUTATORS and isinstance(owner, ast.Name):
                names.add(owner.id)
    return names


def mutable(value):
    if isinstance(value, ast.Dict | ast.List | ast.Set | ast.DictComp | ast.ListComp | ast.SetComp):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in CONTAINERS or name == "ContextVar"
    return False


def module_state(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    changed = changed_names(tree)
    found = []
    for node in tree.body:
        targets = []
        if isinstance(node, ast.Assign) and mutable(node.value):
            targets = [target.id for target in node.targets if isinstance(target, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and node.value is not None and mutable(node.value):
            targets = [node.target.id] if isinstance(node.target, ast.Name) else []
        found += [
            name
            for name in targets
            if name in changed
            or isinstance(node.value, ast.Call)
            and getattr(node.value.func, "id", getattr(node.value.func, "attr", "")) == "ContextVar"
        ]
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
                if name in {"cache", "lru_cache"}:
                    found.append(f"{node.name}()")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            found += [name for name in node.names if name not in found]
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    total = 0
    for path in sorted(args.root.rglob("*.py")):
        parts = path.relative_to(args.root).parts
        if parts[0].startswith(".") or len(parts) == 1 or any(part in SKIPPED for part in parts[:-1]):
            continue
        names = module_state(path)
        if names:
            total += len(names)
            print(f"{'/'.join(parts):40} {', '.join(names)}")
    print(f"{total} module-level mutable objects")


if __name__ == "__main__":
    main()
