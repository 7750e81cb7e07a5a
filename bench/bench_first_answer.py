"""The first answer of single URLs in a fresh process, the code of two checkouts alternately.

    python bench/bench_first_answer.py --data D --before DIR [--repeat 2] [--warm] [--out first-answers] URL ...

For each URL and each repetition, starts one Python process per checkout (``--before``, then
this one; each with its own checkout first on ``sys.path``) that opens the app over the store
of ``--data`` (TestClient, response cache off) and times its first GET of the URL (nothing read
yet for the store's generation) and a second one (warm).  Old and new code run one after the
other, so both see the same machine state.  With ``--warm`` the new code's server warms up
first (``POLICYKG_WARM``, as ``policykg serve`` does) and its first GET comes once that is done
(the warm-up's seconds are printed beside it).  Writes bench/results/<out>.md with every figure and
the load average beside it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.report import RESULTS  # noqa: E402

_CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from fastapi.testclient import TestClient
from api.app import create_app
from api.settings import Settings
warm = sys.argv[4] == "1"
settings = Settings(data=sys.argv[2], build_if_empty=False, allowed_hosts=["testserver"], response_cache_mb=0,
                    **({"warm": True} if warm else {}))
with TestClient(create_app(settings)) as client:
    client.get("/healthz")  # the app and the store open: not part of the URL's answer
    t = time.perf_counter()
    if warm:  # the first visitor comes once the server's warm-up is done
        client.app.state.warm.join()
    settle = (time.perf_counter() - t) * 1000
    out = []
    for _ in range(2):
        t = time.perf_counter()
        status = client.get(sys.argv[3], headers={"accept-encoding": "identity"}).status_code
        out.append((time.perf_counter() - t) * 1000)
print(json.dumps({"status": status, "first": out[0], "warm": out[1], "settle": settle}))
"""


def first_answer(checkout: Path, data: Path, url: str, warm: bool = False) -> dict:
    """The child's figures for ``url`` with the code of ``checkout`` (``warm``: its server warmed up
    first, ``POLICYKG_WARM``), and the load average before it."""
    load = Path("/proc/loadavg").read_text().split()[0]
    done = subprocess.run([sys.executable, "-c", _CHILD, str(checkout), str(data), url, "1" if warm else "0"],
                          capture_output=True, text=True, check=True, cwd=checkout)
    return {**json.loads(done.stdout.strip().splitlines()[-1]), "load": load}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, required=True)
    ap.add_argument("--before", type=Path, required=True, help="the checkout whose code is 'before'")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", default="first-answers")
    ap.add_argument("--warm", action="store_true",
                    help="the new code's server warms up first (POLICYKG_WARM) and the first GET waits for it")
    ap.add_argument("urls", nargs="+")
    args = ap.parse_args(argv)
    lines = ["| URL | before: first / warm (load) | after: first / warm (load) |", "| --- | --- | --- |"]
    for url in args.urls:
        for _ in range(args.repeat):
            old = first_answer(args.before.resolve(), args.data.resolve(), url)
            new = first_answer(ROOT, args.data.resolve(), url, args.warm)
            settle = f", warm-up {new['settle'] / 1000:,.2f} s" if args.warm else ""
            lines.append(f"| `{url}` | {old['first']:,.0f} / {old['warm']:,.1f} ms ({old['load']}) "
                         f"| {new['first']:,.0f} / {new['warm']:,.1f} ms ({new['load']}{settle}) |")
            print(lines[-1], flush=True)
    command = "python bench/bench_first_answer.py " + " ".join(argv if argv is not None else sys.argv[1:])
    text = (f"Command: `{command}`\n\nStore: {args.data}. One fresh process per figure (TestClient, response "
            "cache off), the old and the new code alternately; load average (1 min, 2 cores, shared) beside "
            "each.\n\n" + "\n".join(lines) + "\n")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"{args.out}.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
