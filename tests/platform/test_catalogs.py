"""Every string marked for translation in the code is in the ja and zh_Hans catalogs, translated.

Strings marked with an alias that `makemessages` does not know (`_t = gettext`, …) were never
extracted and stayed English (issue 14). This scan reads the code as `makemessages` does, but
with Python's own parser and no GNU gettext: calls of the standard names (`_`, `gettext`,
`gettext_lazy`, `pgettext`, `ngettext`, …) with literal strings, and `{% translate "…" %}` in
templates; every one must be a translated, non-fuzzy entry of each catalog. An alias fails the
second test, so it cannot come back unnoticed."""

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIP = {".venv", "var", "tests", "node_modules", ".git", "static"}
CATALOGS = ["ja", "zh_Hans"]

SINGULAR = {"_", "gettext", "gettext_lazy", "gettext_noop", "ugettext", "ugettext_lazy"}
CONTEXT = {"pgettext", "pgettext_lazy"}
PLURAL = {"ngettext", "ngettext_lazy"}
CONTEXT_PLURAL = {"npgettext", "npgettext_lazy"}
TEMPLATE_TAG = re.compile(
    r"""{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)"""
    r"""(?:\s+context\s+(?P<cq>["'])(?P<ctx>.*?)(?P=cq))?"""
)


def _files(suffix: str) -> list[Path]:
    return [
        path
        for path in ROOT.rglob(f"*{suffix}")
        if not SKIP & set(path.relative_to(ROOT).parts[:-1])
    ]


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def marked_in_code() -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> where, for every literal string marked in Python code and templates."""
    found: dict[tuple[str | None, str], str] = {}
    for path in _files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name, args = _name(node.func), node.args
            if name in SINGULAR | PLURAL:
                key = (None, _literal(args[0]))
            elif name in CONTEXT | CONTEXT_PLURAL and len(args) > 1:
                key = (_literal(args[0]), _literal(args[1]))
            else:
                continue
            if key[1]:
                found.setdefault(key, f"{path.relative_to(ROOT)}:{node.lineno}")
    for path in _files(".html") + _files(".txt"):
        for match in TEMPLATE_TAG.finditer(path.read_text(encoding="utf-8")):
            key = (match["ctx"], match["msgid"])
            found.setdefault(key, str(path.relative_to(ROOT)))
    return found


@pytest.mark.parametrize("language", CATALOGS)
def test_every_string_marked_in_the_code_is_translated_in_the_catalog(language):
    catalog = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po"))
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in catalog
        if not entry.obsolete
        and "fuzzy" not in entry.flags
        and (entry.msgstr or any(entry.msgstr_plural.values()))
    }
    marked = marked_in_code()
    assert len(marked) > 500  # the scan finds the code's strings at all

    missing = sorted(
        f"{where}: {key[1]!r}" for key, where in marked.items() if key not in translated
    )
    listing = "\n".join(missing)
    assert not missing, f"not in locale/{language} (make messages, then translate):\n{listing}"


def test_strings_are_marked_only_with_the_names_makemessages_extracts():
    aliases = []
    for path in _files(".py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    extracted = SINGULAR | CONTEXT | PLURAL | CONTEXT_PLURAL
                    if alias.asname and alias.asname not in extracted:
                        aliases.append(f"{path.relative_to(ROOT)}: {alias.name} as {alias.asname}")
    assert not aliases
