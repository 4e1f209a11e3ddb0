#!/usr/bin/env python3
"""The Python package: pip installs it from python/ with no network, and its
pytest suite (python/tests: extract, extract_many, errors, and dixit.dask
on a LocalCluster of 2 worker processes) passes.

usage: test_python.py PATH_TO_DIXIT SOURCE_DIR

Installs with Debian's /usr/bin/python3 (python3-pip, python3-pytest,
python3-dask, python3-distributed from scripts/setup.sh) into a temporary
--target directory, with pip's default build isolation: the backend needs
nothing from PyPI, so nothing is downloaded.  Every other CPython on PATH
(pyenv's, say) must import the same build when its ABI is the same, and gets
its own build otherwise.  About 60 s, most of it compiling the library.
"""
import os
import shutil
import subprocess
import sys
import tempfile

import checks
from checks import check


def ext_suffix(python):
    return subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"],
                          capture_output=True, text=True).stdout.strip()


def pip_install(python, src, target):
    p = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-index",
                        "--disable-pip-version-check", "--target", target, src],
                       capture_output=True, text=True, timeout=900)
    check(f"pip install ./python with {python}", p.returncode == 0, p.stdout + p.stderr)
    return p.returncode == 0


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    if os.environ.get("DIXIT_PYTHON_TESTS") == "0":
        print("skipped: DIXIT_PYTHON_TESTS=0")
        return 77
    dixit_bin, root = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    main_py = "/usr/bin/python3" if os.access("/usr/bin/python3", os.X_OK) else sys.executable
    others = []
    for py in (sys.executable, shutil.which("python3")):
        if py and os.path.realpath(py) != os.path.realpath(main_py) and \
                os.path.realpath(py) not in [os.path.realpath(o) for o in others]:
            others.append(py)
    with tempfile.TemporaryDirectory() as tmp:
        target = os.path.join(tmp, "site")
        # --no-index: proof that nothing is fetched (pip would fail if it tried).
        if not pip_install(main_py, os.path.join(root, "python"), target):
            return checks.summary()
        env = dict(os.environ, PYTHONPATH=target, DIXIT_BIN=dixit_bin)
        p = subprocess.run([main_py, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            os.path.join(root, "python", "tests")],
                           env=env, cwd=tmp, capture_output=True, text=True, timeout=900)
        print(p.stdout[-3000:], p.stderr[-2000:])
        check("pytest python/tests", p.returncode == 0, f"exit {p.returncode}")
        for py in others:
            where = target
            if ext_suffix(py) != ext_suffix(main_py):
                where = os.path.join(tmp, "site-" + str(len(os.listdir(tmp))))
                if not pip_install(py, os.path.join(root, "python"), where):
                    continue
            p = subprocess.run([py, "-c", "import dixit; r = dixit.extract('« Oui », a dit Paul.');"
                                "print(r.quotes[0].text)"],
                               env=dict(os.environ, PYTHONPATH=where), capture_output=True, text=True)
            check(f"import dixit with {py}", p.returncode == 0 and p.stdout.strip() == "Oui",
                  p.stdout + p.stderr)
    return checks.summary()


if __name__ == "__main__":
    sys.exit(main())
