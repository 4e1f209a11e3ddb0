"""python3 -m dixit.dask on a distributed.LocalCluster of 2 worker
processes: the shards are byte for byte those of the single-process
command, written atomically, and a re-run skips them."""
import gzip
import json
import os
import subprocess
import sys

import distributed  # Debian's python3-distributed (scripts/setup.sh)
import pytest

from dixit import dask as dxdask


def make_shards(root, tmp):
    with open(os.path.join(root, "samples", "articles.jsonl"), encoding="utf-8") as f:
        base = [json.loads(line) for line in f if line.strip()]
    sentences = ["« Le pont sera prêt au printemps », a promis le maire, Luc Bernard.",
                 '"Nothing is decided," the minister told MPs, according to an aide.',
                 "Selon la police, la manifestation a réuni deux mille personnes."]
    src = os.path.join(tmp, "in")
    os.makedirs(src)
    for k in range(5):
        lines = []
        for i in range(60):
            rec = dict(base[i % len(base)]) if i % 5 == 0 else {"text": sentences[(i + k) % 3]}
            rec["id"] = f"s{k}-{i}"
            lines.append(json.dumps(rec, ensure_ascii=False))
        lines.insert(7, "{not json")  # an error record travels too
        data = ("\n".join(lines) + "\n").encode()
        if k == 4:
            with gzip.open(os.path.join(src, f"part-{k}.jsonl.gz"), "wb") as f:
                f.write(data)
        else:
            with open(os.path.join(src, f"part-{k}.jsonl"), "wb") as f:
                f.write(data)
    return src


def files(d):
    return {f: open(os.path.join(d, f), "rb").read() for f in sorted(os.listdir(d))}


def test_local_cluster_matches_the_command(tmp_path, root, dixit_bin):
    src = make_shards(root, str(tmp_path))
    ref = str(tmp_path / "ref")
    p = subprocess.run([dixit_bin, "-j", "1", "--out-dir", ref, src], capture_output=True)
    assert p.returncode == 1, p.stderr  # the bad lines
    out = str(tmp_path / "out")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    try:
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
            results = dxdask.run(os.path.join(src, "*.jsonl*"), out, client, dixit_bin)
            assert sorted(s for _, s, _ in results) == ["failed documents"] * 5
            assert files(out) == files(ref)
            # Re-run: every shard is skipped, none rewritten.
            mtimes = {f: os.stat(os.path.join(out, f)).st_mtime_ns for f in os.listdir(out)}
            os.remove(os.path.join(out, "part-2.jsonl"))
            results = dxdask.run(os.path.join(src, "*.jsonl*"), out, client, dixit_bin)
            assert sorted(s for _, s, _ in results).count("skipped") == 4
            assert files(out) == files(ref)
            assert all(os.stat(os.path.join(out, f)).st_mtime_ns == m
                       for f, m in mtimes.items() if f != "part-2.jsonl")
    finally:
        cluster.close()


def test_command_line(tmp_path, root, dixit_bin):
    src = make_shards(root, str(tmp_path))
    out = str(tmp_path / "out")
    env = dict(os.environ, DIXIT_BIN=dixit_bin)
    p = subprocess.run([sys.executable, "-m", "dixit.dask", os.path.join(src, "*.jsonl*"), out,
                        "--local", "2"], capture_output=True, env=env, timeout=300)
    assert p.returncode == 1 and b"5 shards" in p.stderr, p.stderr  # documents failed: exit 1
    ref = str(tmp_path / "ref")
    subprocess.run([dixit_bin, "--out-dir", ref, src], capture_output=True)
    assert files(out) == files(ref)
    assert not [f for f in os.listdir(out) if "dixit-tmp" in f]


def test_shard_names():
    assert dxdask.shard_name("a.jsonl.zst") == "a.jsonl.zst"
    assert dxdask.shard_name("sub/a.txt") == "sub/a.jsonl"
    assert dxdask.shard_name("a.txt", text_format=True) == "a.out.txt"
    with pytest.raises(SystemExit):
        dxdask.plan([("x/a.jsonl", "a.jsonl"), ("y/a.jsonl", "a.jsonl")], "out")
