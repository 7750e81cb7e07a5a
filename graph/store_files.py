"""The embedded store on disk: generations, one atomic swap, a build lock, recovery.

Layout of a data directory::

    <data>/store            a symbolic link to the current generation (``stores/<gen>``)
    <data>/stores/<gen>/    one pyoxigraph (RocksDB) store per build
    <data>/build.lock       held by the build that is running (its pid inside)

``new_generation(data)`` names the directory a build loads into; ``publish(data,
gen)`` makes it current with one ``rename`` of a new link over ``store`` (so a
reader sees the old store or the new one, never none), then removes every
generation but the current and the previous one (a server still reading the
previous one moves to the new one at its next request) and whatever killed
builds left behind.  ``build_lock(data)`` serialises builds: a second build
waits, after saying so once.  ``recover(data)`` repairs what a build killed
at any step can leave (including the two-rename swap of earlier versions,
which could leave ``old-<pid>/`` and no ``store``) and says what it did.

``POLICYKG_FAULT_AT=<step>`` kills the process with SIGKILL at a step of the
swap (``loaded``, ``linked``, ``migrated``, ``swapped``): the tests use it to
check that no step loses the store.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import signal
import time
from pathlib import Path
from typing import Callable, Iterator, Optional

STORE_LINK = "store"
GENERATIONS = "stores"
LOCK = "build.lock"
#: a build's temporary files: ``<data>/.spool-<pid>-<random>/`` (removed by the build, or, when it
#: was killed, by the next publish once that pid is gone)
SPOOL_PREFIX = ".spool-"


def fault_point(step: str) -> None:
    if os.environ.get("POLICYKG_FAULT_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


@contextlib.contextmanager
def build_lock(data_dir: Path, on_wait: Optional[Callable[[str], None]] = None) -> Iterator[None]:
    """Hold the data directory's build lock; ``on_wait(message)`` is called once if another build holds it."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with open(data_dir / LOCK, "a+") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "?"
            if on_wait:
                on_wait(f"another build of {data_dir} is running (pid {holder}); waiting for it to finish")
            fcntl.flock(fh, fcntl.LOCK_EX)
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        try:
            yield
        finally:
            fh.seek(0)
            fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


def new_generation(data_dir: Path) -> Path:
    """A fresh, unused generation directory path (not created)."""
    name = f"{time.strftime('%Y%m%dT%H%M%S')}-{os.getpid()}-{secrets.token_hex(3)}"
    return data_dir / GENERATIONS / name


def current_generation(data_dir: Path) -> Optional[Path]:
    """The directory the store link points to (or the legacy ``store/`` directory), None when there is none."""
    link = data_dir / STORE_LINK
    if link.is_symlink():
        target = link.resolve()
        return target if target.is_dir() else None
    return link if link.is_dir() else None


def publish(data_dir: Path, generation: Path) -> None:
    """Make ``generation`` the current store in one atomic rename, then clean up."""
    link, previous = data_dir / STORE_LINK, current_generation(data_dir)
    tmp = data_dir / f".store-{os.getpid()}.tmp"
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    os.symlink(os.path.relpath(generation, data_dir), tmp)
    fault_point("linked")
    if link.is_dir() and not link.is_symlink():  # a store of an earlier version: keep it as a generation
        previous = data_dir / GENERATIONS / f"legacy-{time.strftime('%Y%m%dT%H%M%S')}"
        link.rename(previous)
        fault_point("migrated")
    os.replace(tmp, link)
    fault_point("swapped")
    _prune(data_dir, keep={generation.resolve(), previous.resolve() if previous else None})


def _prune(data_dir: Path, keep: set) -> None:
    """Remove generations not in ``keep``, stale links and the leftovers of killed builds."""
    for path in sorted((data_dir / GENERATIONS).glob("*")):
        if path.resolve() not in keep:
            shutil.rmtree(path, ignore_errors=True)
    for path in data_dir.glob("build-*"):
        shutil.rmtree(path, ignore_errors=True)
    for path in data_dir.glob(".store-*.tmp"):
        with contextlib.suppress(OSError):
            path.unlink()
    for path in data_dir.glob(f"{SPOOL_PREFIX}*"):
        pid = path.name[len(SPOOL_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    """True when a process ``pid`` exists (it may be another user's)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(data_dir: Path) -> list[str]:
    """Names in ``data_dir`` that hold store data although there is no current store."""
    names = [p.name for p in data_dir.glob("old-*")] + [p.name for p in data_dir.glob(".store-*.tmp")]
    names += [f"{GENERATIONS}/{p.name}" for p in (data_dir / GENERATIONS).glob("*")]
    return sorted(names)


def recover(data_dir: Path) -> Optional[str]:
    """Give ``data_dir`` back its store after a build was killed mid-swap; a message saying what was done.

    Call it with the build lock held.  Nothing is done (None) when a current
    store exists or nothing can be recovered.
    """
    link = data_dir / STORE_LINK
    if current_generation(data_dir) is not None:
        return None
    if link.is_symlink():  # a dangling link: its generation is gone
        link.unlink()
    for tmp in sorted(data_dir.glob(".store-*.tmp")):
        if tmp.is_symlink() and tmp.resolve().is_dir():
            os.replace(tmp, link)
            return f"{data_dir}: restored the store of an interrupted build ({tmp.resolve().name})"
    olds = sorted(data_dir.glob("old-*"), key=lambda p: p.stat().st_mtime)
    legacy = sorted((data_dir / GENERATIONS).glob("legacy-*"))
    candidates = [p for p in olds if p.is_dir()] + legacy
    if not candidates:
        return None
    source = candidates[-1]
    if source.parent == data_dir:  # old-<pid>/ of the earlier two-rename swap
        target = new_generation(data_dir)
        target.parent.mkdir(parents=True, exist_ok=True)
        source.rename(target)
        source = target
    tmp = data_dir / f".store-{os.getpid()}.tmp"
    os.symlink(os.path.relpath(source, data_dir), tmp)
    os.replace(tmp, link)
    return f"{data_dir}: restored the store that an interrupted build had moved aside ({source.name})"
