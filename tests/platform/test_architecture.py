"""The layers of issue 10 hold: the import contracts pass, and none of them lists exceptions."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONTRACTS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"][
    "importlinter"
]["contracts"]


def test_the_contracts_layer_the_apps_and_keep_the_platform_and_each_app_free_of_cycles():
    kinds = {contract["type"] for contract in CONTRACTS}
    layers = next(c["layers"] for c in CONTRACTS if c["type"] == "layers")

    assert kinds == {"layers", "forbidden", "acyclic_siblings"}
    assert layers[:2] == ["support", "privacy"]
    assert layers[-1] == "transship"
    assert layers.index("parcels") < layers.index("billing") < layers.index("accounts")
    assert not any("ignore_imports" in contract for contract in CONTRACTS)


def test_the_import_contracts_are_kept():
    lint_imports = Path(sys.executable).with_name("lint-imports")

    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stdout[-3000:]
