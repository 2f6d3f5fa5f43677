"""`kg serve OUT`: the output folder's SPARQL store over HTTP (SPARQL 1.1 Protocol), read-only.

Oxigraph's own server does the work (`oxigraph serve-read-only`, from the `oxigraph` package): a
standard endpoint any SPARQL client reaches at http://HOST:PORT/query, with CORS so a browser
page (YASGUI) may call it. It refuses SPARQL Update (HTTP 403, "The server is read-only").
This process starts it, waits until it answers, prints the URL, and stops it when it is stopped
itself (Ctrl-C, SIGTERM; the server also dies with it if it is killed).
"""
from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..runner import die_with_parent
from ..store import store_for

EXIT_OK, EXIT_USAGE, EXIT_FAILED = 0, 2, 3
READY_SECONDS = 30.0


def oxigraph_program() -> str | None:
    """The `oxigraph` program: beside this Python (a virtualenv's bin/), else on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    if here.is_file() and os.access(here, os.X_OK):
        return str(here)
    return shutil.which("oxigraph")


def free_port(host: str) -> int:
    """A port nobody listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def _answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def server_command(program: str, db: Path, host: str, port: int, timeout: float | None) -> list[str]:
    cmd = [program, "serve-read-only", "--location", str(db), "--bind", f"{_url_host(host)}:{port}", "--cors"]
    if timeout:
        cmd += ["--timeout-s", str(max(1, round(timeout)))]
    return cmd


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def run_serve_cli(args) -> int:
    out = Path(args.out_dir)
    db = store_for(out)
    if db is None:
        why = "no graph.ttl" if not (out / "graph.ttl").is_file() else "no SPARQL store, or one older than its graph.ttl"
        print(f"kg: {out} has {why}; build the store with `kg load {out}` (or `kg build --store`)", file=sys.stderr)
        return EXIT_USAGE
    program = oxigraph_program()
    if program is None:
        print("kg: the oxigraph server is not installed (pip install 'oxigraph>=0.5,<0.6')", file=sys.stderr)
        return EXIT_FAILED
    host = args.host
    try:
        port = args.port or free_port(host)
    except OSError as exc:
        print(f"kg: cannot listen on {host}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    parent = os.getpid()
    errors = tempfile.TemporaryFile()     # a file, not a pipe: a server that writes much never blocks on it
    proc = subprocess.Popen(server_command(program, db, host, port, args.timeout), stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=errors, preexec_fn=lambda: die_with_parent(parent))

    def said() -> str:
        errors.seek(0)
        return " ".join(errors.read()[-2000:].decode("utf-8", "replace").split())
    signal.signal(signal.SIGTERM, _interrupt)      # SIGTERM as Ctrl-C: either way the server is stopped below
    try:
        deadline = time.monotonic() + READY_SECONDS
        while not _answers(host, port):
            if proc.poll() is not None or time.monotonic() > deadline:
                err = said()
                print(f"kg: the SPARQL server did not start on {host}:{port}"
                      f"{': ' + err if err else ''}", file=sys.stderr)
                return EXIT_FAILED
            time.sleep(0.05)
        url = f"http://{_url_host(host)}:{port}"
        print(f"kg: serving {out} read-only (SPARQL 1.1 Protocol, CORS on; Ctrl-C stops)\n"
              f"  endpoint  {url}/query\n"
              f"  browser   {url}/", flush=True)
        proc.wait()
        err = said()
        print(f"kg: the SPARQL server stopped (exit code {proc.returncode}){': ' + err if err else ''}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
