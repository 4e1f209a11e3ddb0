"""A PEP 517 build backend for the dixit Python package, with no dependency.

pip builds a package in an isolated environment into which it first
installs the backend's requirements — from PyPI.  This backend needs
nothing but the standard library and a C compiler, so pyproject.toml
requires nothing, and `pip install ./python` works with no network (and
with --no-build-isolation, which skips even the empty environment).  It:

1. generates the language tables from data/ with tools/gen_lexicon.py, as
   the CMake build does;
2. compiles src/*.c, the tables and the binding, dixit/*.c (the module
   dixit/_core.c and the files it is split into, see dixit/binding.h),
   into dixit/_core*.so (CC, CFLAGS and LDFLAGS from the environment are
   honoured; libutf8proc is found with pkg-config when it is there);
3. zips the package's .py files and the extension into a wheel (the
   binding's .c and .h files are sources, not installed).

The repository root is the parent of python/; pip builds local
directories in place (pip >= 21.3), so ../src is at hand.
"""
import base64
import concurrent.futures
import hashlib
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile

NAME = "dixit"
VERSION = "0.1.0"
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # python/
ROOT = os.path.dirname(HERE)

METADATA = f"""Metadata-Version: 2.1
Name: {NAME}
Version: {VERSION}
Summary: Who said what, to whom: quotations in French and English news text
License: see the dixit repository
Requires-Python: >=3.8
"""


def _tag():
    impl = sys.implementation.cache_tag  # "cpython-311"
    py = "cp" + impl.split("-")[1] if impl.startswith("cpython-") else "py3"
    plat = sysconfig.get_platform().replace("-", "_").replace(".", "_")
    return f"{py}-{py}-{plat}"


def _pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "libutf8proc"], check=True,
                             capture_output=True, text=True).stdout
        return shlex.split(out)
    except (OSError, subprocess.CalledProcessError):
        return []


def _compile(out_dir):
    src = os.path.join(ROOT, "src")
    if not os.path.isdir(src):
        sys.exit(f"dixit build: {src} not found: build from the dixit repository "
                 "(pip install ./python)")
    tmp = tempfile.mkdtemp(prefix="dixit-build-")
    try:
        tables = os.path.join(tmp, "lexicon_tables.c")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "gen_lexicon.py"),
                        os.path.join(ROOT, "data"), tables], check=True)
        # the HTML report's CSS, script and legend, compiled in as CMake does
        assets = os.path.join(tmp, "report_assets.c")
        report = os.path.join(src, "report")
        subprocess.run([sys.executable, os.path.join(ROOT, "tools", "embed.py"), assets,
                        "dx_html_css=" + os.path.join(report, "report.css"),
                        "dx_html_script=" + os.path.join(report, "report.js"),
                        "dx_html_legend=" + os.path.join(report, "legend.html")], check=True)
        sources = sorted(os.path.join(src, f) for f in os.listdir(src) if f.endswith(".c"))
        pkg = os.path.join(HERE, "dixit")
        binding = sorted(os.path.join(pkg, f) for f in os.listdir(pkg) if f.endswith(".c"))
        sources += [tables, assets, *binding]
        cc = shlex.split(os.environ.get("CC") or "cc")
        # -O3 -DNDEBUG: the flags of the CMake Release build, so that the library
        # runs as fast here as in the dixit command.
        cflags = ["-std=c11", "-O3", "-DNDEBUG", "-fPIC", "-fvisibility=hidden", "-pthread",
                  "-DDX_STATIC_DEFINE", "-D_POSIX_C_SOURCE=200809L",
                  "-I" + os.path.join(ROOT, "include"), "-I" + src,
                  "-I" + sysconfig.get_paths()["include"],
                  *_pkg_config("--cflags"), *shlex.split(os.environ.get("CFLAGS", ""))]
        objects = [os.path.join(tmp, f"{i}.o") for i in range(len(sources))]

        def one(pair):
            source, obj = pair
            # the binding's files need the Python headers' own feature macros.
            flags = [f for f in cflags if not (source in binding and f.startswith("-D_POSIX"))]
            subprocess.run([*cc, *flags, "-c", source, "-o", obj], check=True)

        with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            list(pool.map(one, zip(sources, objects)))
        ext = sysconfig.get_config_var("EXT_SUFFIX") or ".so"
        target = os.path.join(out_dir, "_core" + ext)
        libs = (_pkg_config("--libs") or ["-lutf8proc"]) + ["-lm"]
        subprocess.run([*cc, "-shared", "-pthread", *objects, "-o", target, *libs,
                        *shlex.split(os.environ.get("LDFLAGS", ""))], check=True)
        return target
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{arcname},sha256={digest},{len(data)}"


def _dist_info(tag):
    return {
        "METADATA": METADATA.encode(),
        "WHEEL": (f"Wheel-Version: 1.0\nGenerator: dixit_build {VERSION}\n"
                  f"Root-Is-Purelib: false\nTag: {tag}\n").encode(),
        "top_level.txt": b"dixit\n",
    }


# ------------------------------------------------------------------ PEP 517

def get_requires_for_build_wheel(config_settings=None):
    return []


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    name = f"{NAME}-{VERSION}.dist-info"
    d = os.path.join(metadata_directory, name)
    os.makedirs(d, exist_ok=True)
    for f, data in _dist_info(_tag()).items():
        with open(os.path.join(d, f), "wb") as out:
            out.write(data)
    return name


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    tag = _tag()
    wheel = f"{NAME}-{VERSION}-{tag}.whl"
    tmp = tempfile.mkdtemp(prefix="dixit-wheel-")
    try:
        ext = _compile(tmp)
        files = []
        pkg = os.path.join(HERE, "dixit")
        for f in sorted(os.listdir(pkg)):
            if f.endswith(".py"):
                with open(os.path.join(pkg, f), "rb") as fh:
                    files.append((f"dixit/{f}", fh.read()))
        with open(ext, "rb") as fh:
            files.append((f"dixit/{os.path.basename(ext)}", fh.read()))
        info = f"{NAME}-{VERSION}.dist-info"
        for f, data in _dist_info(tag).items():
            files.append((f"{info}/{f}", data))
        record = [_record_line(a, d) for a, d in files] + [f"{info}/RECORD,,"]
        files.append((f"{info}/RECORD", ("\n".join(record) + "\n").encode()))
        os.makedirs(wheel_directory, exist_ok=True)
        with zipfile.ZipFile(os.path.join(wheel_directory, wheel), "w",
                             zipfile.ZIP_DEFLATED) as z:
            for arcname, data in files:
                z.writestr(arcname, data)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return wheel


def build_sdist(sdist_directory, config_settings=None):
    raise NotImplementedError("dixit builds from the repository only: pip install ./python")
