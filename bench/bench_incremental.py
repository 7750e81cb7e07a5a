"""Incremental builds at scale: add, change and remove one document of a big store.

    python bench/bench_incremental.py --copies 100,1000 [--repeat 3] [--compare] [--remote]

For each number of copies, :mod:`bench.scale_corpus` writes the corpus (``copies`` files of
10 documents each), ``policykg build CORPUS --data D`` builds it whole (timed; with ``--keep DIR``
corpus and store stay in ``DIR/<copies>`` and a later run reuses them), then, each
``--repeat`` times, in a subprocess (CLI start-up included) and timed:

- ``policykg add NEW.md --data D``: one new copy of the sample (10 documents) into the store;
- ``policykg remove NEW.md --data D``: the same file out again;
- ``policykg build CORPUS --data D`` after one corpus file changed (a department renamed in
  it): every file is hashed, only the changed one is extracted and its triples replaced;
- ``policykg build CORPUS --data D`` with nothing changed.

Recorded: wall time and CPU time (the process and its workers) of each command, the phases and the ``files:`` / ``update:`` lines it prints,
the store's triple count.  With ``--compare``, a fresh full build of the final corpus in another
data directory is compared with the incrementally updated store (triple count and every figure of
``policykg-counts.json``).  Writes bench/results/incremental.md.

With ``--remote`` the store is a real ``oxigraph serve`` (started here on a free loopback port, its
data in the work directory) and every command gets ``--sparql … --sparql-update … --sparql-gsp …
--data D`` (the ledger and the parts are kept in ``D/servers/…``, :mod:`graph.remote_update`); the
comparison builds the final corpus whole into a second server and compares the triple count of the
two default graphs and the figures of the two ledgers.  Writes bench/results/incremental-remote.md.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402
from bench.scale_corpus import SAMPLE, vary, write_corpus  # noqa: E402


def _policykg(*args: str) -> tuple[str, str]:
    """Run the CLI of this checkout; ("wall s (CPU s)", stdout), the CPU time (user + system) of the
    process and its workers (``RUSAGE_CHILDREN``), which the load of a shared machine inflates far
    less than the wall time.  Raises on a non-zero exit."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "api.cli", *args], env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    if proc.returncode:
        raise SystemExit(f"policykg {' '.join(args)} failed: {proc.stderr.strip()[-800:]}")
    return f"{wall:.2f} s ({cpu:.2f} s)", proc.stdout


def pick(out: str, *keys: str) -> str:
    """The lines of ``out`` starting with one of ``keys``, joined with '; '."""
    return "; ".join(line for line in out.splitlines() if line.startswith(keys))


def counts(data: Path, server: list[str] | None = None) -> dict:
    from graph.store import StoreConfig, ledger_home
    from graph.store_files import current_generation

    home = ledger_home(StoreConfig(data_dir=data, query_url=server[1])) if server else data
    return json.loads((current_generation(home) / "policykg-counts.json").read_text())


def server_triples(server: list[str]) -> int:
    """The triple count of the server's default graph (``server``: the CLI options)."""
    from graph.store import open_store, StoreConfig

    return len(open_store(StoreConfig(query_url=server[1])))


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port with its data in ``location``, until ``stop()``;
    ``options(data)`` are the CLI options that make a command use it with the data directory ``data``."""

    def __init__(self, location: Path):
        port_file = location.with_name(location.name + ".port")  # the same URL next time (--keep): the
        port = int(port_file.read_text()) if port_file.is_file() else 0  # ledger is kept per server URL
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        port_file.write_text(str(port))
        exe = shutil.which("oxigraph") or "oxigraph"
        self.proc = subprocess.Popen([exe, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.base = f"http://127.0.0.1:{port}"
        import urllib.request

        for _ in range(1200):  # a big store can take a minute to open on a loaded machine
            try:
                urllib.request.urlopen(f"{self.base}/query?query=ASK%7B%7D", timeout=1).read()
                return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise SystemExit(f"oxigraph serve did not start on {location}")

    def cpu(self) -> float:
        """CPU seconds (user + system) the server has used so far (Linux /proc)."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def options(self, data: Path) -> list[str]:
        return ["--sparql", f"{self.base}/query", "--sparql-update", f"{self.base}/update",
                "--sparql-gsp", f"{self.base}/store", "--data", str(data)]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def run(copies: int, repeat: int, compare: bool, workdir: Path, remote: bool = False) -> list[str]:
    corpus, data, extra = workdir / "corpus", workdir / "data", workdir / "extra"
    rows = []
    servers: list[OxigraphServer] = []
    try:
        if remote:
            servers.append(OxigraphServer(workdir / "ox"))
        return _run(copies, repeat, compare, workdir, corpus, data, extra, rows, servers)
    finally:
        for server in servers:
            server.stop()


def _run(copies: int, repeat: int, compare: bool, workdir: Path, corpus: Path, data: Path, extra: Path,
         rows: list[str], servers: list) -> list[str]:
    remote = bool(servers)
    opts = servers[0].options(data) if remote else ["--data", str(data)]

    def policykg(*args: str) -> tuple[str, str]:  # with the server's CPU time beside the command's
        before = servers[0].cpu() if remote else 0.0
        wall, out = _policykg(*args)
        return (f"{wall[:-1]}; server {servers[0].cpu() - before:.2f} s)" if remote else wall), out

    if not corpus.exists():
        write_corpus(corpus, copies)
        extra.mkdir()
    new = extra / "copy_new.md"
    new.write_text(vary(SAMPLE.read_text(encoding="utf-8"), copies + 7), encoding="utf-8")
    wall, out = policykg("build", str(corpus), *opts)
    rows.append(f"| build ({copies * 10:,} documents) | {wall} | {pick(out, 'triples:', 'files:', 'update:', 'phases:')} |")
    victim = sorted(corpus.glob("*.md"))[copies // 2]
    original = victim.read_text(encoding="utf-8")
    for i in range(repeat):
        wall, out = policykg("add", str(new), *opts)
        rows.append(f"| add one file (10 documents), run {i + 1} | {wall} | "
                    f"{pick(out, 'triples:', 'files:', 'update:', 'phases:')} |")
        wall, out = policykg("remove", new.name, *opts)
        rows.append(f"| remove it again, run {i + 1} | {wall} | {pick(out, 'triples:', 'update:', 'phases:')} |")
        victim.write_text(original.replace("市科技局", "市科学技术局", 1) if i % 2 == 0 else original,
                          encoding="utf-8")
        wall, out = policykg("build", str(corpus), *opts)
        rows.append(f"| build after one file changed, run {i + 1} | {wall} | "
                    f"{pick(out, 'files:', 'update:', 'phases:')} |")
    wall, out = policykg("build", str(corpus), *opts)
    rows.append(f"| build, nothing changed | {wall} | {pick(out, 'files:', 'update:')} |")
    if compare and remote:
        fresh = workdir / "fresh"
        shutil.rmtree(fresh, ignore_errors=True)
        shutil.rmtree(workdir / "ox-fresh", ignore_errors=True)
        servers.append(OxigraphServer(workdir / "ox-fresh"))
        fresh_opts = servers[1].options(fresh)
        (workdir / "ox-fresh.port").unlink(missing_ok=True)
        wall, out = policykg("build", str(corpus), "--full", *fresh_opts)
        same = counts(fresh, fresh_opts) == counts(data, opts)
        n, m = server_triples(opts), server_triples(fresh_opts)
        rows.append(f"| fresh full build of the final corpus into a second server (compared) | {wall} | "
                    f"figures of the ledgers' policykg-counts.json {'identical' if same else 'DIFFERENT'}; "
                    f"default graphs: {n:,} and {m:,} triples{'' if n == m else ' (DIFFERENT)'} |")
    elif compare:
        fresh = workdir / "fresh"
        wall, out = policykg("build", str(corpus), "--data", str(fresh))
        same = counts(fresh) == counts(data)
        rows.append(f"| fresh full build of the final corpus (compared) | {wall} | "
                    f"figures of policykg-counts.json {'identical' if same else 'DIFFERENT'}: "
                    f"{counts(data)['triples']:,} triples |")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--copies", default="100", help="comma-separated numbers of copies (10 documents each)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--compare", action="store_true")
    ap.add_argument("--keep", type=Path, metavar="DIR",
                    help="keep corpus and store in DIR/<copies> (and reuse them when there: no full build)")
    ap.add_argument("--remote", action="store_true", help="the store is a real `oxigraph serve` (started here)")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    args.out = args.out or RESULTS / ("incremental-remote.md" if args.remote else "incremental.md")
    title = "Incremental builds on a SPARQL 1.1 server (oxigraph serve)" if args.remote else "Incremental builds"
    lines = [f"# {title}", "", f"`python bench/bench_incremental.py {' '.join(sys.argv[1:])}`", "",
             f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
             f"load average before: {os.getloadavg()[0]:.1f}", ""]
    for copies in (int(c) for c in args.copies.split(",")):
        work = args.keep / str(copies) if args.keep else Path(tempfile.mkdtemp(prefix="policykg-incr-"))
        work.mkdir(parents=True, exist_ok=True)
        try:
            lines += [f"## {copies:,} copies ({copies * 10:,} documents)", "",
                      "| step | wall time (CPU time), CLI start-up included | what it printed |", "| --- | --- | --- |"]
            lines += run(copies, args.repeat, args.compare, work, remote=args.remote)
            lines.append("")
            print("\n".join(lines), flush=True)
        finally:
            if not args.keep:
                shutil.rmtree(work, ignore_errors=True)
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
