"""The architecture holds: the import contracts in pyproject.toml ([tool.importlinter]) and no module-level
mutable state (rules, compiled patterns and caches live on component instances: see ARCHITECTURE.md)."""
from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kg"

# the only module-level state that may change after import, and why
ALLOWED = {
    ("runner.py", "_CONTEXT"): "a worker process's context, set by its pool's initializer (never in the parent)",
}
# functools caches that may stay: pure functions of their arguments and of files shipped with kg
ALLOWED_CACHES = {
    ("pipeline.py", "code_fingerprint"): "a digest of kg's own source files, fixed for the process",
    ("terms.py", "iri_segment"): "a pure function of one document id (a memo: one call per figure and mention)",
    ("terms.py", "doc_term"): "a pure function of the base IRI and a document id",
    ("export/html.py", "_colour"): "a pure function of an entity type",
    ("export/html.py", "_shade"): "a pure function of a colour and a weight",
    ("eval.py", "default_folder"): "one name folder per process: OpenCC's fixed tables, loaded once",
}
_CACHE_DECORATORS = {"lru_cache", "cache", "cached_property"}
_MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "clear", "remove",
             "discard", "__setitem__"}
_CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "WeakValueDictionary",
                    "WeakKeyDictionary"}


def _lint_imports() -> str | None:
    exe = Path(sys.executable).with_name("lint-imports")
    return str(exe) if exe.exists() else shutil.which("lint-imports")


def test_the_import_contracts_hold():
    exe = _lint_imports()
    if exe is None:
        pytest.skip("import-linter is not installed (pip install -e '.[test]')")
    run = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr


def _is_container(value: ast.expr) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        f = value.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        return name in _CONTAINER_CALLS
    return False


def _module_state(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Top-level names bound to a mutable container, and names bound to anything (for `global`)."""
    containers, names = set(), set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] \
            if isinstance(node, ast.AnnAssign) and node.value is not None else []
        for t in targets:
            for n in ast.walk(t):
                if isinstance(n, ast.Name):
                    names.add(n.id)
                    if _is_container(node.value):
                        containers.add(n.id)
    return containers, names


def _problems(path: Path, root: Path = PACKAGE) -> list[str]:
    """Module-level state changed after import: `global` rebinding, a top-level container mutated inside a
    function, a functools cache decorator."""
    rel = path.relative_to(root).as_posix()
    tree = ast.parse(path.read_text("utf-8"), str(path))
    containers, _ = _module_state(tree)
    out = []
    for fn in ast.walk(tree):
        if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            continue
        if not isinstance(fn, ast.Lambda):
            for d in fn.decorator_list:
                d = d.func if isinstance(d, ast.Call) else d
                name = d.id if isinstance(d, ast.Name) else d.attr if isinstance(d, ast.Attribute) else ""
                if name in _CACHE_DECORATORS and (rel, fn.name) not in ALLOWED_CACHES:
                    out.append(f"kg/{rel}:{fn.lineno}: @{name} on {fn.name} (module-level cache)")
        local = {a.arg for a in ast.walk(fn.args) if isinstance(a, ast.arg)}
        for n in ast.walk(fn):
            if isinstance(n, ast.Global):
                out += [f"kg/{rel}:{n.lineno}: global {g}" for g in n.names if (rel, g) not in ALLOWED]
            target = None
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in _MUTATORS:
                target = n.func.value
            elif isinstance(n, (ast.Assign, ast.AugAssign, ast.Delete)):
                for t in (n.targets if isinstance(n, (ast.Assign, ast.Delete)) else [n.target]):
                    if isinstance(t, ast.Subscript):
                        target = t.value
            if isinstance(target, ast.Name) and target.id in containers and target.id not in local \
                    and (rel, target.id) not in ALLOWED:
                out.append(f"kg/{rel}:{n.lineno}: module-level {target.id} changed inside a function")
    return sorted(set(out))


def test_no_module_level_mutable_state():
    problems = [p for path in sorted(PACKAGE.rglob("*.py")) for p in _problems(path)]
    assert problems == [], "\n".join(problems)


def test_the_checker_finds_module_state(tmp_path):
    """The AST check above is not vacuous: a cache of the old kind, a global and an lru_cache are found."""
    probe = tmp_path / "probe.py"
    probe.write_text("from functools import lru_cache\n_CACHE = {}\n_TABLE = {'a': 1}\n_LAST = None\n\n"
                     "def compiled(key):\n    global _LAST\n    _CACHE[key] = _TABLE['a']\n    return _CACHE\n\n"
                     "@lru_cache\ndef slow(x):\n    return x\n", "utf-8")
    assert _problems(probe, tmp_path) == ["kg/probe.py:12: @lru_cache on slow (module-level cache)",
                                          "kg/probe.py:7: global _LAST",
                                          "kg/probe.py:8: module-level _CACHE changed inside a function"]
