"""Shared fixtures for the wirecode Python API tests.

Run by scripts/python_test.sh against the installed wheel. Environment:
  WIRECODE_BIN   the `wirecode` CLI built from the same tree (for the
                 comparisons with the CLI); those tests skip without it
  WIRECODE_REQUIRE_INSTALLED=1  fail unless `wirecode` is imported from an
                 installed wheel (site-packages), not from the source tree
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]
EXAMPLES = sorted((REPO / "examples").glob("*.txt"))


@pytest.fixture(scope="session")
def examples() -> list[Path]:
    assert len(EXAMPLES) >= 3, f"no example stories under {REPO / 'examples'}"
    return EXAMPLES


@pytest.fixture(scope="session")
def cli():
    """Runs the wirecode CLI: cli(args..., cwd=...) -> CompletedProcess."""
    binary = os.environ.get("WIRECODE_BIN")
    if not binary:
        pytest.skip("WIRECODE_BIN not set (scripts/python_test.sh sets it)")
    path = Path(binary)
    assert path.is_file(), f"WIRECODE_BIN={binary}: no such file"

    def run(*args: str, cwd: Path = REPO) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(path.resolve()), *args],
            cwd=cwd,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
            timeout=300,
        )

    return run
