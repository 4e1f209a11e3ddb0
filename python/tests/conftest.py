"""Where the tests find the dixit command: DIXIT_BIN (tests/test_python.py
sets it to the binary ctest built), else build/dixit in the repository."""
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="session")
def dixit_bin():
    path = os.environ.get("DIXIT_BIN") or os.path.join(ROOT, "build", "dixit")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no dixit binary at {path}: build it, or set DIXIT_BIN")
    return path


@pytest.fixture(scope="session")
def root():
    return ROOT
