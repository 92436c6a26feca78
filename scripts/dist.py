#!/usr/bin/env python3
"""Builds ismslint's release artefacts, the same way locally and in .github/workflows/release.yml.

    scripts/dist.py build [--target TRIPLE] [--out DIR]   archive + wheel + SHA256SUMS of a target
    scripts/dist.py sdist [--out DIR]                     the PyPI source distribution
    scripts/dist.py sums DIR                              (re)write DIR/SHA256SUMS over DIR's files
    scripts/dist.py notes VERSION                         the CHANGELOG.md section of VERSION
    scripts/dist.py msrv                                  Cargo.toml rust-version == the lock's need

`build` runs maturin once (`bindings = "bin"` in pyproject.toml): it compiles the release binary
into cargo's own target directory and packs it into the wheel; the archive is made from that same
binary, so one release build serves both. The target defaults to the host's. Archives are named
`ismslint-<version>-<target>.tar.gz` (`.zip` for Windows) and hold one folder of the same name
with the binary, README.md, LICENSE-MIT, LICENSE-APACHE and CHANGELOG.md (this version's entry).
They are reproducible: sorted entries, owner 0, the commit's time as every mtime.

Only the standard library: the release workflow runs it on Linux, macOS and Windows runners.
maturin comes from PATH (or $MATURIN): `pip install maturin==<pinned>`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = "ismslint"
DOCS = ["README.md", "LICENSE-MIT", "LICENSE-APACHE"]


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    print("+ " + " ".join(cmd), file=sys.stderr, flush=True)
    return subprocess.run(cmd, check=True, **kw)


def metadata() -> dict:
    out = subprocess.run(
        ["cargo", "metadata", "--no-deps", "--locked", "--format-version", "1"],
        cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout
    meta = json.loads(out)
    pkg = next(p for p in meta["packages"] if p["name"] == NAME)
    return {"version": pkg["version"], "target_dir": Path(meta["target_directory"])}


def host_target() -> str:
    out = subprocess.run(["rustc", "-vV"], check=True, capture_output=True, text=True).stdout
    return next(line.split(": ", 1)[1] for line in out.splitlines() if line.startswith("host: "))


def source_date() -> int:
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return int(os.environ["SOURCE_DATE_EPOCH"])
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%ct"],
                             check=True, capture_output=True, text=True).stdout
        return int(out.strip())
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 315532800  # 1980-01-01, the earliest time a zip entry can hold


def changelog_section(version: str) -> str:
    """The `## [VERSION]` section of CHANGELOG.md, heading included, up to the next `## `."""
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    lines = text.splitlines()
    start = next((i for i, l in enumerate(lines) if re.match(rf"## \[{re.escape(version)}\]", l)), None)
    if start is None:
        sys.exit(f"error: CHANGELOG.md has no `## [{version}]` section")
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    while end > start and (not lines[end - 1].strip() or lines[end - 1].startswith("[")):
        end -= 1
    return "\n".join(lines[start:end]) + "\n"


def write_sums(folder: Path) -> Path:
    sums = folder / "SHA256SUMS"
    lines = []
    for f in sorted(p for p in folder.iterdir() if p.is_file() and p.name != "SHA256SUMS"):
        lines.append(f"{hashlib.sha256(f.read_bytes()).hexdigest()}  {f.name}\n")
    sums.write_text("".join(lines), encoding="utf-8", newline="\n")
    return sums


def make_archive(out: Path, version: str, target: str, binary: Path) -> Path:
    base = f"{NAME}-{version}-{target}"
    exe = binary.name
    members: list[tuple[str, bytes, int]] = [(f"{base}/{exe}", binary.read_bytes(), 0o755)]
    for doc in DOCS:
        members.append((f"{base}/{doc}", (ROOT / doc).read_bytes(), 0o644))
    notes = "# Changelog\n\n" + changelog_section(version)
    members.append((f"{base}/CHANGELOG.md", notes.encode("utf-8"), 0o644))
    members.sort()
    mtime = source_date()
    if "windows" in target:
        path = out / f"{base}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data, mode in members:
                info = zipfile.ZipInfo(name, date_time=_zip_time(mtime))
                info.external_attr = (0o100000 | mode) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, data)
    else:
        path = out / f"{base}.tar.gz"
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
            dirinfo = tarfile.TarInfo(base)
            dirinfo.type, dirinfo.mode, dirinfo.mtime = tarfile.DIRTYPE, 0o755, mtime
            t.addfile(dirinfo)
            for name, data, mode in members:
                info = tarfile.TarInfo(name)
                info.size, info.mode, info.mtime = len(data), mode, mtime
                t.addfile(info, io.BytesIO(data))
        with open(path, "wb") as f, gzip.GzipFile(fileobj=f, mode="wb", mtime=mtime, filename="") as g:
            g.write(buf.getvalue())
    return path


def _zip_time(epoch: int) -> tuple:
    import time
    return time.gmtime(max(epoch, 315532800))[:6]


def maturin() -> str:
    exe = os.environ.get("MATURIN") or shutil.which("maturin")
    if not exe:
        sys.exit("error: maturin not found: `pip install maturin` (see .ci/run for the pinned version)")
    return exe


def cmd_build(args: argparse.Namespace) -> None:
    meta = metadata()
    version = meta["version"]
    host = host_target()
    target = args.target or host
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    cmd = [maturin(), "build", "--release", "--locked"]
    if args.target:
        cmd += ["--target", target]
    if target.endswith("-linux-musl"):
        # A static binary runs on any Linux: tag the one wheel for glibc and musl systems both.
        cmd += ["--compatibility", "manylinux_2_17", "musllinux_1_2"]
    elif args.compatibility:
        cmd += ["--compatibility", *args.compatibility]
    if args.zig:
        cmd.append("--zig")
    with tempfile.TemporaryDirectory() as tmp:
        run(cmd + ["--out", tmp], cwd=ROOT)
        wheels = sorted(Path(tmp).glob("*.whl"))
        if len(wheels) != 1:
            sys.exit(f"error: expected one wheel from maturin, got {[w.name for w in wheels]}")
        wheel = out / wheels[0].name
        shutil.move(str(wheels[0]), wheel)
    release = meta["target_dir"] / (target if args.target else "") / "release"
    binary = release / (NAME + (".exe" if "windows" in target else ""))
    if not binary.is_file():
        sys.exit(f"error: maturin built no {binary}")
    if target == host:
        run([str(binary), "--version"])
    archive = make_archive(out, version, target, binary)
    sums = write_sums(out)
    for f in (archive, wheel):
        print(f"{f}\t{f.stat().st_size} bytes")
    print(f"{sums}")


def cmd_sdist(args: argparse.Namespace) -> None:
    out = Path(args.out).resolve()
    out.mkdir(parents=True, exist_ok=True)
    run([maturin(), "sdist", "--out", str(out)], cwd=ROOT)
    write_sums(out)


def cmd_sums(args: argparse.Namespace) -> None:
    print(write_sums(Path(args.dir)).read_text(encoding="utf-8"), end="")


def cmd_notes(args: argparse.Namespace) -> None:
    sys.stdout.write(changelog_section(args.version.removeprefix("v")))


def cmd_msrv(_args: argparse.Namespace) -> None:
    """Fails unless Cargo.toml's rust-version is the highest rust-version in the lock file."""
    out = subprocess.run(["cargo", "metadata", "--locked", "--format-version", "1"],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    meta = json.loads(out)

    def key(v: str) -> tuple:
        return tuple(int(x) for x in (v.split(".") + ["0", "0"])[:3])

    ours = next(p for p in meta["packages"] if p["name"] == NAME and p["source"] is None)
    deps = [(p["rust_version"], p["name"], p["version"]) for p in meta["packages"]
            if p["source"] is not None and p.get("rust_version")]
    need, name, ver = max(deps, key=lambda d: key(d[0]))
    declared = ours.get("rust_version") or "none"
    if declared == "none" or key(declared) != key(need):
        sys.exit(f"error: Cargo.toml says rust-version = {declared}, but the lock file needs "
                 f"{need} ({name} {ver}): set rust-version = \"{need}\"")
    print(f"rust-version {declared}: the highest the lock file needs ({name} {ver})")


def main() -> None:
    p = argparse.ArgumentParser(prog="scripts/dist.py", description=__doc__.split("\n\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("build", help="archive, wheel and SHA256SUMS for one target")
    b.add_argument("--target", help="Rust target triple (default: the host)")
    b.add_argument("--out", default="dist")
    b.add_argument("--zig", action="store_true", help="link with zig (cross builds)")
    b.add_argument("--compatibility", nargs="+", help="maturin platform tags (Linux gnu targets)")
    b.set_defaults(func=cmd_build)
    s = sub.add_parser("sdist", help="the source distribution")
    s.add_argument("--out", default="dist")
    s.set_defaults(func=cmd_sdist)
    c = sub.add_parser("sums", help="write DIR/SHA256SUMS")
    c.add_argument("dir")
    c.set_defaults(func=cmd_sums)
    n = sub.add_parser("notes", help="print a version's CHANGELOG.md section")
    n.add_argument("version")
    n.set_defaults(func=cmd_notes)
    m = sub.add_parser("msrv", help="check Cargo.toml rust-version against the lock file")
    m.set_defaults(func=cmd_msrv)
    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
