"""Disks that fail: a small tmpfs that fills up, and a shim that makes writes to a file fail."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

_SHIM = r"""
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/types.h>

static int failing(int fd) {
    const char *suffix = getenv("FAIL_WRITES_TO");
    if (!suffix || !*suffix) return 0;
    char link[64], target[4096];
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, target, sizeof target - 1);
    if (n <= 0) return 0;
    target[n] = 0;
    size_t ls = strlen(suffix);
    return (size_t)n >= ls && strcmp(target + n - ls, suffix) == 0;
}

#define FAILING(name, args, call, ...) \
ssize_t name args { \
    static ssize_t (*real) (__VA_ARGS__); \
    if (!real) real = dlsym(RTLD_NEXT, #name); \
    if (failing(fd)) { errno = EIO; return -1; } \
    return real call; \
}

FAILING(pwrite64, (int fd, const void *b, size_t n, off_t o), (fd, b, n, o),
        int, const void *, size_t, off_t)
FAILING(pwrite, (int fd, const void *b, size_t n, off_t o), (fd, b, n, o),
        int, const void *, size_t, off_t)
FAILING(write, (int fd, const void *b, size_t n), (fd, b, n), int, const void *, size_t)
"""


@contextlib.contextmanager
def small_disk(where: Path, size: str = "3m") -> Iterator[Path]:
    """A tmpfs of `size` mounted at where (skips the test where it cannot be mounted)."""
    where.mkdir(parents=True, exist_ok=True)
    if not shutil.which("mount") or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root and mount(8)")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path) -> None:
    """Fill the disk to the last byte with a file of zeros."""
    fd = os.open(disk / "filler", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        for block in (65536, 1):
            try:
                while True:
                    os.write(fd, b"\0" * block)
            except OSError:
                pass
    finally:
        os.close(fd)


def failing_writes(folder: Path, suffix: str) -> dict[str, str]:
    """Environment under which every write to a file whose path ends in suffix fails with an
    I/O error (an LD_PRELOAD shim, compiled here; skips the test without a C compiler)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        pytest.skip("no C compiler for the failing-write shim")
    source, library = folder / "failwrite.c", folder / "failwrite.so"
    source.write_text(_SHIM)
    built = subprocess.run(
        [compiler, "-shared", "-fPIC", "-o", str(library), str(source), "-ldl"],
        capture_output=True,
        text=True,
    )
    if built.returncode:
        pytest.skip(f"cannot build the failing-write shim: {built.stderr.strip()[:200]}")
    return {**os.environ, "LD_PRELOAD": str(library), "FAIL_WRITES_TO": suffix}
