"""A slot connected to ``clicked``, ``toggled`` or ``triggered`` receives the signal's bool:
a slot with an optional parameter takes it as that parameter (``checked=False`` once became a
coordinator code and a file named ``False``). This reads the ui sources and names each such
connection, so a new one fails here rather than in a person's hands."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parent.parent / "homesupport" / "ui"
BOOL_SIGNALS = {"clicked", "toggled", "triggered"}


def _has_optional(args: ast.arguments, bound: int = 0) -> bool:
    """Any positional parameter with a default, after ``bound`` already given ones (self)."""
    positional = [*args.posonlyargs, *args.args][bound:]
    return bool(positional) and len(args.defaults) > 0


def _methods() -> dict[str, list[ast.FunctionDef]]:
    """Every function and method of the ui by name (a name defined twice is checked twice)."""
    found: dict[str, list[ast.FunctionDef]] = {}
    for path in UI.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found.setdefault(node.name, []).append(node)
    return found


def _problem(
    slot: ast.expr,
    functions: dict[str, list[ast.FunctionDef]],
    own: dict[str, ast.FunctionDef] | None = None,
) -> str | None:
    """``own``: the methods of the class the connection is made in (``self.x`` is one)."""
    if isinstance(slot, ast.Lambda):
        params = [*slot.args.posonlyargs, *slot.args.args]
        defaults = slot.args.defaults
        # ``lambda _checked=False, d=days: …``: the first parameter takes the bool.
        first_default = len(params) == len(defaults) and params
        if first_default and not (
            isinstance(defaults[0], ast.Constant) and isinstance(defaults[0].value, bool)
        ):
            return "the lambda's first parameter would receive the bool"
        return None
    if isinstance(slot, ast.Call):
        return "a call or partial(): connect a method without optional parameters"
    if isinstance(slot, ast.Attribute):
        is_self = isinstance(slot.value, ast.Name) and slot.value.id == "self"
        candidates = functions.get(slot.attr, [])
        if is_self and own and slot.attr in own:
            candidates = [own[slot.attr]]
        for function in candidates:
            is_method = bool(function.args.args) and function.args.args[0].arg in ("self", "cls")
            if _has_optional(function.args, 1 if is_method else 0):
                return f"{slot.attr}() has an optional parameter"
        return None  # Qt's own (reject, setEnabled, click) or one of ours without defaults
    if isinstance(slot, ast.Name):
        for function in functions.get(slot.id, []):
            if _has_optional(function.args):
                return f"{slot.id}() has an optional parameter"
        if slot.id not in functions:
            return f"{slot.id} cannot be checked here: connect a lambda that calls it"
    return None


def bool_signal_problems() -> list[str]:
    functions = _methods()
    problems = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node, own in _with_class(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "connect"
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr in BOOL_SIGNALS
                and node.args
            ):
                continue
            problem = _problem(node.args[0], functions, own)
            if problem:
                problems.append(f"{path.name}:{node.lineno}: {problem}")
        for node, own in _with_class(tree):  # Qt also takes ``QPushButton(clicked=slot)``
            if isinstance(node, ast.Call):
                for keyword in node.keywords:
                    if keyword.arg in BOOL_SIGNALS:
                        problem = _problem(keyword.value, functions, own)
                        if problem:
                            problems.append(f"{path.name}:{node.lineno}: {problem}")
    return problems


def _with_class(tree: ast.Module):
    """Every node with the methods of the class it is in (empty outside classes)."""

    def visit(node: ast.AST, own: dict[str, ast.FunctionDef]):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef):
                methods = {m.name: m for m in child.body if isinstance(m, ast.FunctionDef)}
                yield child, methods
                yield from visit(child, methods)
            else:
                yield child, own
                yield from visit(child, own)

    yield from visit(tree, {})


def test_no_slot_with_an_optional_parameter_on_a_bool_signal():
    assert bool_signal_problems() == []


def test_the_check_finds_the_pattern(tmp_path):
    """The check itself: each way of getting it wrong is named."""
    source = """
class Page:
    def save(self, target=None): ...
    def plain(self): ...
    def build(self, on_save):
        self.a.clicked.connect(self.save)
        self.b.clicked.connect(self.plain)
        self.c.clicked.connect(lambda d=3: self.plain())
        self.d.clicked.connect(lambda _c=False, d=3: self.plain())
        self.e.clicked.connect(on_save)
        self.f.toggled.connect(partial(self.save))
"""
    functions: dict[str, list[ast.FunctionDef]] = {}
    tree = ast.parse(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            functions.setdefault(node.name, []).append(node)
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call)
        and isinstance(n.func, ast.Attribute)
        and n.func.attr == "connect"
    ]
    found = {c.func.value.value.attr: _problem(c.args[0], functions) for c in calls}
    assert [k for k, v in sorted(found.items()) if v] == ["a", "c", "e", "f"]


def test_the_check_reads_every_ui_module():
    """The ui lives in feature folders; a glob that stops at the top would check nothing."""
    assert len(list(UI.rglob("*.py"))) > 40
