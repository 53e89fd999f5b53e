"""The Nu Html Checker (vnu.jar, the validator behind validator.w3.org/nu) on every page the axe run
checks, in all three languages: 0 errors.

vnu.jar comes from the npm package `vnu-jar` (`make install` fetches it into `.venv/vnu` when npm is
there) and runs on Debian's Java; `.ci/run` installs both, so CI always runs this. Without them the
test is skipped, saying so. The pages are rendered by the test client and checked in one run of
the validator (one JVM start for all of them)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.platform.test_accessibility import ANONYMOUS_PAGES, CUSTOMER_PAGES

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / ".venv" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
LANGUAGES = ("en", "ja", "zh-hans")

pytestmark = pytest.mark.django_db


def vnu_errors(files: list[Path]) -> list[str]:
    """The validator's errors (not warnings) in these files, one readable line each."""
    java = shutil.which("java")
    if java is None or not VNU.exists():
        pytest.skip(
            "needs Java and vnu.jar (`apt-get install default-jre-headless`; `make install`)"
        )
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--stdout", "--errors-only",
         *map(str, files)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    messages = json.loads(result.stdout)["messages"]
    return [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine', '?')}: {m['message']}"
        f" [{m.get('extract', '').strip()[:120]!r}]"
        for m in messages
        if m.get("type") in {"error", "non-document-error"}
    ]


def test_every_checked_page_is_valid_html_in_every_language(
    client, held_parcel, page_ids, tmp_path
):
    owner = held_parcel.owner
    customer = {name: path.format(**page_ids) for name, path in CUSTOMER_PAGES.items()}
    files = []
    for language in LANGUAGES:
        client.logout()
        for pages in (ANONYMOUS_PAGES, customer):
            for name, path in pages.items():
                response = client.get(path, headers={"accept-language": language}, follow=True)
                assert response.status_code == 200, (language, name, path, response.status_code)
                assert f'lang="{language}"' in response.text, (language, name)
                page = tmp_path / f"{language}-{name.replace(':', '-')}.html"
                page.write_bytes(response.content)
                files.append(page)
            client.force_login(owner)

    errors = vnu_errors(files)

    assert len(files) == len(LANGUAGES) * (len(ANONYMOUS_PAGES) + len(CUSTOMER_PAGES))
    assert errors == [], "\n".join(errors)


def test_the_checker_finds_an_error_when_there_is_one(tmp_path):
    broken = tmp_path / "broken.html"
    broken.write_text(
        '<!doctype html><html lang="en"><head><title>x</title></head>'
        "<body><p><ul><li>list in a paragraph</li></ul></p></body></html>"
    )

    assert vnu_errors([broken])
