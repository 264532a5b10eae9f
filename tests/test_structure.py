"""The code keeps the product's shape: no import cycles between the web apps (an app imports
core and the apps below it), and `fazhi/` never imports Django."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "fazhiweb"


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


# The audit app has two layers: the append-only log (models, services), which every service
# writes and so sits below core, and the page that shows it, which stands on core like any page.
# Accounts likewise: who people are (models, the login backend) sits below core, which asks it for
# memberships; the account services, pages and the password middleware stand on core's
# permission table like any app.
UPPER_LAYERS = {("audit", "views.py"): "audit.pages", ("audit", "urls.py"): "audit.pages",
                **{("accounts", f): "accounts.admin" for f in ("services.py", "views.py", "urls.py", "forms.py",
                                                              "commands.py", "middleware.py", "views_users.py")}}


def app_graph() -> dict[str, set[str]]:
    """app → apps it imports (module-level and function-level), migrations and management
    commands left out: those are entry points, not library code."""
    graph: dict[str, set[str]] = {}
    for path in WEB.rglob("*.py"):
        rel = path.relative_to(WEB).parts
        if len(rel) < 2 or "migrations" in rel or "management" in rel:
            continue
        app = UPPER_LAYERS.get(rel[:2], rel[0])
        for mod in _imports(path):
            parts = mod.split(".")
            if parts[0] == "fazhiweb" and len(parts) > 1 and (WEB / parts[1]).is_dir():
                target = "audit.pages" if parts[1:3] == ["audit", "views"] else parts[1]
                if target != app:
                    graph.setdefault(app, set()).add(target)
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(n: str) -> list[str] | None:
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, ())):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state and (found := visit(m)):
                return found
        state[n] = 2
        stack.pop()
        return None

    for n in sorted(graph):
        if n not in state and (found := visit(n)):
            return found
    return None


def test_no_import_cycles_between_apps():
    graph = app_graph()
    assert _cycle(graph) is None, " → ".join(_cycle(graph))
    assert graph.get("core", set()) <= {"accounts", "audit"}  # core stands on who people are and the log only


def test_the_core_library_loads_django_from_one_module_only():
    users = [path.relative_to(ROOT).as_posix() for path in (ROOT / "fazhi").rglob("*.py")
             if any(m == "django" or m.startswith("django.") for m in _imports(path))]
    assert users == ["fazhi/cli.py"]  # the CLI's database subcommands, lazily
