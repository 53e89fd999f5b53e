"""The README and the guides stand on their own: every link opens something in this repository."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)|<(https?://[^>]+)>")
LOCAL_SERVER = re.compile(r"^https?://(127\.0\.0\.1|localhost)(:\d+)?(/|$)")


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: path.name)
def test_every_link_stays_inside_the_repository(document):
    text = document.read_text(encoding="utf-8")

    for match in LINK.finditer(text):
        target = match.group(1) or match.group(2)
        if target.startswith("#"):
            continue
        if re.match(r"^[a-z]+:", target):
            assert LOCAL_SERVER.match(target), f"{document.name} links outside: {target}"
            continue
        path = (document.parent / target.split("#")[0]).resolve()
        assert path.is_relative_to(ROOT), f"{document.name} links outside the repository: {target}"
        assert path.exists(), f"{document.name} links a missing file: {target}"


def test_the_rules_and_the_house_rules_are_written_down():
    rules = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    contributing = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")

    assert re.search(r"\bA15\.2\b", rules), "rules carry their agreement article references"
    assert re.search(r"\bP5\b", rules), "rules carry their privacy policy references"
    assert "make lint" in contributing
