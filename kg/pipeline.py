"""The pipeline, end to end: read -> normalise -> segment -> extract -> resolve -> graph -> export.

Per-document stages (normalise .. extract: the components of a kg.doc.Pipeline,
built once per rule pack) are pure functions of the raw document and the rule
pack, so they run in worker processes (`jobs`) and their results can be cached
by content (`incremental`). Everything after
that sees the results sorted by document id, which makes the output
independent of file order and worker count.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import sys
import time
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import __version__
from . import cache as cache_files
from . import rules as rule_packs
from .budget import ENV_VAR, BudgetExceeded, budget_seconds, time_budget
from .components import default_registry
from .doc import Pipeline, Registry
from .graph import DEFAULT_BASE_IRI, build_graph, gc_paused
from .model import DocResult, Problem, RawDocument
from .outdir import claim, commit
from .read import Listing, display_path, list_inputs, read_inputs
from .resolve import compile_resolve, resolve
from .rules import RulePack
from .store import store_for_build
from .runner import PoolRunner, SerialRunner

SAMPLE_DIR = Path(__file__).parent / "sample"
PARALLEL_MIN_DOCS = 40          # below this, forking workers costs more than it saves
STAGE_NOTES_MIN_DOCS = 1000     # below this, the stages after extraction take about a second: no notes


class WorkerError(Exception):
    """A worker process died (killed, usually for memory); the build cannot go on."""

    @classmethod
    def died(cls, while_doing: str, exc: BaseException) -> "WorkerError":
        return cls(f"a worker process died while {while_doing} ({exc}); the machine may be out of "
                   f"memory: try fewer --jobs")


class ClusterError(Exception):
    """--cluster cannot be used: Dask is not installed, the address is malformed, the option is
    combined with one it does not support (usage: True), or the scheduler cannot be reached."""

    def __init__(self, message: str, usage: bool = True):
        super().__init__(message)
        self.usage = usage


class StrictError(Exception):
    """--strict and some input was skipped or degraded."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} input problem(s)")
        self.problems = problems


@dataclass
class BuildResult:
    out_dir: Path
    documents: int
    problems: list[Problem]
    counts: dict
    seconds: float
    timings: dict = field(default_factory=dict)
    rules_version: str = ""
    cache_hits: int = 0
    extracted: int | None = None         # documents extracted, not read from the cache (None: no cache)
    cache_error: str | None = None       # why the incremental cache could not be written (the build went on)
    # the built graph (kg.graph), for callers that go on with it in memory; also, handing it back
    # lets the `kg` program exit without freeing it object by object (see kg.cli.run)
    graph: object = None
    written: bool = True                 # False: no document could be read, the output folder was left as it was


def load_rules(extra: list[str | Path] | tuple = (), compile: bool = True,
               registry: Registry | None = None) -> RulePack:
    """The bundled rule packs with `extra` merged on top, validated against the components' rule keys
    (kg.rules.RuleError names the file and the problem). compile: also build the pipeline once, so that
    rules a component cannot compile fail here too (callers that go on extracting use load_pipeline)."""
    registry = registry or default_registry()
    pack = rule_packs.load_rules(list(extra), registry.schemas())
    if compile:
        Pipeline.from_rules(pack, registry)
    return pack


def load_pipeline(pack: RulePack, registry: Registry | None = None) -> Pipeline:
    """The per-document components of a rule pack, each compiled once (kg.doc.Pipeline)."""
    return Pipeline.from_rules(pack, registry or default_registry())


def process_document(raw: RawDocument, nlp: Pipeline, timings: dict | None = None) -> DocResult:
    """All per-document stages; pure given the pipeline (safe to run in workers)."""
    return nlp(raw, timings).result(keep_sentences=True)


class _Nlp:
    """A build's pipeline, built on first use (an incremental build whose documents all come from the
    cache never compiles its rules) and then kept: one per build, shared by forked workers."""

    def __init__(self, pack: RulePack, registry: Registry):
        self.pack, self.registry, self._built = pack, registry, None

    def get(self) -> Pipeline:
        if self._built is None:
            self._built = Pipeline.from_rules(self.pack, self.registry)
        return self._built


def usable_cores() -> int:
    """Cores this process may run on (a container's CPU set, not the host's core count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):          # not on Linux
        return os.cpu_count() or 1


# ---- workers -------------------------------------------------------------
def _guarded(raw: RawDocument, nlp: Pipeline, timings: dict) -> DocResult | Problem:
    """One document's stages; a rule bug on one odd article costs that article, not the build, and so
    does one that runs past its time budget (KG_DOC_TIMEOUT, see kg.budget)."""
    where = raw.path if raw.format != "jsonl" else f"{raw.path} (record {raw.id})"
    try:
        with time_budget(budget_seconds()):
            # only extraction reads the sentences: don't ship them back from workers or cache them
            return nlp(raw, timings).result(keep_sentences=False)
    except BudgetExceeded as exc:
        return Problem(where, f"{exc} ({ENV_VAR} sets it); the document was left out")
    except Exception as exc:  # noqa: BLE001 - reported per document, the run goes on
        return Problem(where, f"internal error while extracting: {type(exc).__name__}: {exc}")


def extract_one(nlp: _Nlp, raw: RawDocument) -> tuple[DocResult | Problem, dict]:
    """The per-document stage, as a runner calls it: a pure function of the build's pipeline (built
    on first use, so workers that start before the rules compile build it themselves; a RuleError
    then comes back as itself) and one document, to its picklable result and stage CPU seconds."""
    timings: dict = {}
    return _guarded(raw, nlp.get(), timings), timings


class _Extraction:
    """The per-document stages over `raws`, in `jobs` workers that start at once (so this process
    can do other work meanwhile), or here, in `results`, when workers would cost more than they
    save. `eager`: use workers even for a few documents (to overlap them with other work)."""

    def __init__(self, raws: list[RawDocument], nlp: _Nlp, jobs: int, timings: dict, eager: bool = False):
        self.raws, self.timings = raws, timings
        runner = SerialRunner()
        chunk = 1
        if raws and jobs > 1 and (len(raws) >= PARALLEL_MIN_DOCS or eager):
            if not eager:
                nlp.get()                # here, once, before the fork: the workers share the result
            # fork shares the compiled pipeline (and its jieba dictionary) copy-on-write; spawn rebuilds it
            runner = PoolRunner(min(jobs, len(raws)))
            chunk = max(1, min(64, len(raws) // (jobs * 8)))
        self.mapped = runner.map(extract_one, raws, chunk=chunk, context=nlp)

    def results(self, bar) -> list[DocResult | Problem]:
        out = []
        try:
            for res, t in self.mapped:
                out.append(res)
                for k, v in t.items():      # worker stage times are CPU-seconds summed over workers
                    self.timings[k] = self.timings.get(k, 0.0) + v
                if bar:
                    bar.update(1)
        except BrokenProcessPool as exc:
            raise WorkerError.died("extracting", exc) from None
        finally:
            self.close()
        return out

    def close(self) -> None:
        """Wait for the workers, or stop them at once when their results are not wanted (an error)."""
        self.mapped.close()


# ---- incremental cache ---------------------------------------------------
@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of kg's own source (its version included): cached results and output parts are only
    valid for the code that made them (a changed resolver, data-class layout or writer must not be
    reused)."""
    h = hashlib.sha1()
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def cache_key(raw: RawDocument, rules: RulePack) -> str:
    h = hashlib.sha256()
    for part in (code_fingerprint(), rules.version, raw.id, raw.path, raw.title or "", raw.date or "",
                 raw.source or "", raw.url or "", raw.format, raw.text):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


def default_cache_dir(out_dir: Path) -> Path:
    return out_dir.parent / f".{out_dir.name}.kgcache"


def _made_by(rules: RulePack) -> str:
    """What cached results and Turtle parts depend on besides their input: kg's code and the rules."""
    return f"{code_fingerprint()}|{rules.version}"


def cache_generation(cache_dir: Path, rules: RulePack) -> Path:
    """The folder, in the cache, of the results made by this code with these rules. A build removes
    the other generations once it is done: after a code or rule change the cache would otherwise
    keep growing with results no build can use."""
    digest = hashlib.sha1(_made_by(rules).encode("utf-8")).hexdigest()[:12]
    return cache_dir / f"v-{digest}"


_GENERATION = re.compile(r"v-[0-9a-f]{12}")


def _prune_generations(cache_dir: Path, keep: Path) -> None:
    if not cache_dir.is_dir():
        return
    for sub in cache_dir.iterdir():
        # only folders named as cache_generation names them: --cache-dir may hold other things
        if sub.is_dir() and _GENERATION.fullmatch(sub.name) and sub.name != keep.name:
            shutil.rmtree(sub, ignore_errors=True)


def _cache_path(cache_dir: Path, key: str) -> Path:
    return cache_files.result_path(cache_dir, key)


def _cache_load(cache_dir: Path, key: str) -> DocResult | None:
    """A cached result, checked (kg.cache: loading never runs code); a damaged, foreign or crafted
    file is a miss, never a failed build."""
    data = cache_files.read_bytes(_cache_path(cache_dir, key))
    return cache_files.decode_result(key, data) if data is not None else None


def _cache_store(cache_dir: Path, key: str, res: DocResult) -> str | None:
    """Cache one result; a failure only costs time later, so it comes back as a message, not an error."""
    data = cache_files.encode_result(key, res)
    try:
        if data is not None:
            cache_files.write_atomically(_cache_path(cache_dir, key), data)
    except OSError as exc:
        return _cache_failure(cache_dir, exc)
    return None


def _cache_mark(cache_dir: Path) -> str | None:
    """Mark the cache folder as kg's, once per build before its results are stored (`cache_dir` is a
    generation folder: the mark goes one level up); a failure is a message, as for _cache_store."""
    try:
        cache_files.mark(cache_dir.parent)
    except OSError as exc:
        return _cache_failure(cache_dir, exc)
    return None


def _cache_failure(where: Path, exc: OSError) -> str:
    return (f"cannot write the incremental cache in {where}: {exc.strerror or exc}; "
            f"the next build will extract these documents again")


def _memo_load(cache_dir: Path, ttl: Path, rules: RulePack):
    """Where last build's per-document parts are in its graph.ttl (kg.export.rdf.TurtleParts).
    Only trusted while that file is exactly as that build left it (size and modification time),
    and only for the same code and rules (their parts would not match anyway: see TurtleParts)."""
    from .export.rdf import TurtleParts
    salt = _made_by(rules)
    data = cache_files.read_bytes(cache_dir / cache_files.MEMO_FILE)
    try:
        st = ttl.stat()
    except OSError:
        st = None
    # (checked, never run: kg.cache) no file, a changed graph.ttl or a bad memo: render everything
    spans = cache_files.decode_memo(data, (st.st_size, st.st_mtime_ns), salt) if data and st else None
    return TurtleParts(ttl, spans, salt=salt) if spans is not None else TurtleParts(salt=salt)


def _memo_store(cache_dir: Path, ttl: Path, memo) -> str | None:
    try:
        st = ttl.stat()
        cache_files.mark(cache_dir)
        cache_files.write_atomically(cache_dir / cache_files.MEMO_FILE,
                                     cache_files.encode_memo((st.st_size, st.st_mtime_ns), memo.salt, memo.written))
    except OSError as exc:
        return _cache_failure(cache_dir, exc)
    return None


# ---- build ---------------------------------------------------------------
def build(inputs: list[str] | None = None, out_dir: str | Path = "output", base_iri: str = DEFAULT_BASE_IRI,
          rule_files: list[str] = (), progress: bool = True, jobs: int = 0, incremental: bool = False,
          cache_dir: str | Path | None = None, strict: bool = False, force: bool = False,
          registry: Registry | None = None, store: bool | None = None, cluster: str | None = None) -> BuildResult:
    """Run the whole pipeline and write every output-contract file into out_dir.

    out_dir must be a folder kg wrote before, an empty or new folder, or (force) any folder: kg
    replaces only its own files in it (kg.outdir). Raises kg.outdir.OutputError when it may not or
    cannot be written, kg.rules.RuleError for a bad rule pack, kg.read.NoInputError when
    the inputs hold no supported file, and StrictError (with strict) when any
    input was skipped or degraded, all before any output is written; WorkerError
    when a worker process dies (nothing is written then either). When no document could be read,
    nothing is written and the previous output stays (BuildResult.written is False). registry: the
    components the rule pack's `pipeline.document` may name (default: kg.components.default_registry()).
    cluster: run the per-document stage on a Dask cluster, a scheduler's address or "local:N" (N worker
    processes started here for the build): see kg.cluster. The output is the same bytes; report.json
    says where it ran ("cluster"). Raises ClusterError when it cannot (no Dask, a bad address, with
    incremental) before any work, or when the scheduler cannot be reached.
    """
    # A build allocates millions of small, acyclic, long-lived objects; the cyclic collector
    # would rescan them again and again (measured: ~40% of resolve, ~75% of loading results).
    # No gc.collect() after it either: a full pass over that heap costs ~1 s at 5,000 documents.
    spec = _cluster_spec(cluster, incremental) if cluster is not None else None
    with gc_paused():
        t0 = time.perf_counter()
        registry = registry or default_registry()
        rules = load_rules(list(rule_files), compile=False, registry=registry)
        nlp = _Nlp(rules, registry)
        if not incremental:
            # rules a component cannot compile stop the build here, before any work; an incremental
            # build compiles them only if it extracts something (see _Extraction)
            nlp.get()
        inputs = list(inputs) if inputs else [str(SAMPLE_DIR)]
        target = claim(out_dir, inputs, force)      # checked and locked before any work
        try:
            return _build(t0, rules, nlp, inputs, target, Path(out_dir), base_iri, progress, jobs, incremental,
                          cache_dir, strict, store, spec)
        finally:
            target.release()


def _build(t0, rules, nlp, inputs, target, out_dir, base_iri, progress, jobs, incremental, cache_dir,
           strict, store=None, spec=None) -> BuildResult:
    from .export import write_all

    timings: dict[str, float] = {}
    jobs = jobs if jobs > 0 else usable_cores()
    cdir = Path(cache_dir) if cache_dir else default_cache_dir(out_dir)
    results_dir = cache_generation(cdir, rules) if incremental else None
    where = None
    if spec is None:
        t = time.perf_counter()
        raws, problems = read_inputs(inputs)
        timings["read"] = time.perf_counter() - t
        if strict and problems:
            raise StrictError(problems)
        t = time.perf_counter()
        done, hits, cache_error = _per_document(raws, nlp, jobs, timings, progress, results_dir)
        processed = len(raws) - hits
        del raws                         # raw texts are not needed past this point (peak memory)
    else:
        t = time.perf_counter()
        done, problems, where = _on_cluster(spec, list_inputs(inputs), nlp, timings, progress)
        hits, processed, cache_error = 0, len(done), None
    problems += [r for r in done if isinstance(r, Problem)]
    results = [r for r in done if isinstance(r, DocResult)]
    del done
    timings["process"] = time.perf_counter() - t
    # after the progress bar, a line per stage, so a big build never looks stuck
    say = _stage_notes(progress and len(results) >= STAGE_NOTES_MIN_DOCS)
    if strict and problems:
        raise StrictError(problems)
    if not results:                      # every input skipped: the previous output stays as it was
        return BuildResult(out_dir, 0, problems, {}, time.perf_counter() - t0, timings, rules.version,
                           hits, processed if incremental else None, cache_error, written=False)

    results.sort(key=lambda r: r.document.id)
    say(f"resolving the entities of {len(results):,} documents")
    t = time.perf_counter()
    ents, rels, figs = resolve(results, compile_resolve(rules), base_iri)
    timings["resolve"] = time.perf_counter() - t

    counts = {
        "documents": len(results),
        "entities": _count_by(e.type for e in ents),
        "relations": _count_by(r.predicate for r in rels),
        "figures": len(figs),
        "mentions": sum(len(r.mentions) for r in results),
        "characters": sum(len(r.document.text) for r in results),
    }
    n_docs = len(results)
    documents = [r.document for r in results]
    del results                          # sentences and raw mentions are resolved by now (peak memory)
    say(f"building the graph: {len(ents):,} entities, {len(rels):,} relations, {len(figs):,} figures")
    t = time.perf_counter()
    g = build_graph(documents, ents, rels, figs, base_iri=base_iri, rules_version=rules.version)
    timings["graph"] = time.perf_counter() - t
    del documents, ents, rels, figs      # the graph holds everything the exporters need (peak memory)
    report = {
        "kg_version": __version__,
        "inputs": [display_path(p) for p in inputs],
        "documents_read": n_docs,
        "skipped": [_problem_record(p) for p in problems if p.action == "skipped"],
        "degraded": [_problem_record(p) for p in problems if p.action != "skipped"],
        "counts": counts,
        "rules_version": rules.version,
        "rule_sources": list(rules.sources),
        "base_iri": base_iri,
        "jobs": jobs,
        **({"cluster": where} if where else {}),
        "incremental": {"enabled": incremental, "cache_hits": hits, "processed": processed,
                        **({"cache_error": cache_error} if cache_error else {})},
    }
    say(f"writing {out_dir}")
    t = time.perf_counter()
    # the parts are read back from the previous graph.ttl, which stays in place until the swap
    memo = _memo_load(cdir, out_dir / "graph.ttl", rules) if incremental else None
    try:
        # the SPARQL store (kg.store) goes into the same folder, so it is swapped in with graph.ttl
        commit(target, lambda tmp: (write_all(g, tmp, report, timings, t0, jobs=jobs, memo=memo),
                                    store_for_build(tmp, target.out, store, incremental)))
    except BrokenProcessPool as exc:
        raise WorkerError.died("writing the output files", exc) from None
    if incremental:
        cache_error = cache_error or _memo_store(cdir, out_dir / "graph.ttl", memo)
        _prune_generations(cdir, results_dir)
    timings["export"] = time.perf_counter() - t
    return BuildResult(out_dir, n_docs, problems, counts, time.perf_counter() - t0, timings,
                       rules.version, hits, processed if incremental else None, cache_error, g)


def _cluster_spec(cluster: str, incremental: bool):
    """The parsed --cluster value; ClusterError before any work when it cannot be used."""
    if incremental:
        raise ClusterError("--cluster does not support --incremental (the cache is this machine's)")
    try:
        from .cluster import ClusterSpec
    except ImportError as exc:
        raise ClusterError(f"--cluster needs Dask, which is not installed ({exc}): "
                           f"pip install 'kg[dask]'") from None
    try:
        spec = ClusterSpec.parse(cluster)
    except ValueError as exc:
        raise ClusterError(str(exc)) from None
    code_fingerprint()                  # of the code this process runs: the workers must run the same
    return spec


def _context_key(nlp: _Nlp) -> str:
    """What a worker's copy of the pipeline depends on: kg's code, the rules and the components."""
    names = ",".join(f"{n}={nlp.registry[n].__module__}.{nlp.registry[n].__qualname__}" for n in nlp.registry.names())
    return hashlib.sha1(f"{_made_by(nlp.pack)}|{names}".encode("utf-8")).hexdigest()[:16]


def _on_cluster(spec, listing: Listing, nlp: _Nlp, timings: dict, progress: bool) -> tuple[list, list, dict]:
    """The per-document stage on a Dask cluster (kg.cluster): each document's result in the order a
    local build reads them, the reading problems, and where it ran (report.json's "cluster")."""
    from .cluster import Cluster, CodeMismatch, WorkersLost
    bars = []

    def bar(total: int):
        bars.append(_progress(total, progress))
        return bars[-1]

    try:
        cluster = Cluster(spec)
    except (OSError, TimeoutError) as exc:
        raise ClusterError(f"cannot reach the Dask scheduler at {spec.address}: {exc}" if spec.address else
                           f"cannot start a local Dask cluster: {exc}", usage=False) from None
    try:
        with cluster:
            workers = cluster.workers()
            # a fresh pipeline: each worker builds its own once, in its first task (not in the plugin's
            # setup, which runs in the worker's event loop)
            out, problems = cluster.extract(listing, extract_one, _Nlp(nlp.pack, nlp.registry), _context_key(nlp),
                                            (code_fingerprint, code_fingerprint()), bar)
            where = {"scheduler": cluster.description, "workers": workers}
    except WorkersLost as exc:
        raise WorkerError(str(exc)) from None
    except CodeMismatch as exc:
        raise ClusterError(str(exc), usage=False) from None
    finally:
        for b in filter(None, bars):
            b.close()
    results = []
    for res, t in out:
        results.append(res)
        for k, v in t.items():           # worker stage times are CPU-seconds summed over workers
            timings[k] = timings.get(k, 0.0) + v
    return results, problems, where


def _per_document(raws: list[RawDocument], nlp: _Nlp, jobs: int, timings: dict, progress: bool,
                  cache: Path | None) -> tuple[list[DocResult | Problem], int, str | None]:
    """Each document's result, in input order, how many came from the cache (`cache`: a folder from
    cache_generation, or None), and why the others could not be cached (None: they were)."""
    results: list[DocResult | Problem | None] = [None] * len(raws)
    keys = [cache_key(r, nlp.pack) for r in raws] if cache else []
    stored = [_cache_path(cache, k).is_file() for k in keys]
    new: list[int] = []                  # documents the workers extract while the cache loads
    bar = background = None
    try:
        if 0 < sum(stored) < len(raws) and jobs > 1:
            # cached results were made with these very rules (their key says so), so they compile:
            # the workers compile them and extract the new documents while this process loads the rest
            new = [i for i, s in enumerate(stored) if not s]
            bar = _progress(len(new), progress)
            background = _Extraction([raws[i] for i in new], nlp, jobs, timings, eager=True)
        for i, s in enumerate(stored):
            if s:
                results[i] = _cache_load(cache, keys[i])
        hits = sum(r is not None for r in results)
        fresh = list(zip(new, background.results(bar))) if background is not None else []
        extracting = set(new)
        todo = [i for i, r in enumerate(results) if r is None and i not in extracting]   # + unreadable cache files
        if bar is None:
            bar = _progress(len(todo), progress)
        fresh += zip(todo, _Extraction([raws[i] for i in todo], nlp, jobs, timings).results(bar))
    finally:
        if bar:
            bar.close()
        if background is not None:
            background.close()
    error = _cache_mark(cache) if cache is not None and fresh else None
    for i, res in fresh:
        results[i] = res
        if cache is not None and error is None and not isinstance(res, Problem):
            error = _cache_store(cache, keys[i], res)
    return results, hits, error


def _problem_record(p: Problem) -> dict:
    rec = {"path": p.path, "reason": p.reason, "action": p.action}
    if p.line is not None:
        rec["line"] = p.line
    return rec


def _count_by(values) -> dict:
    out: dict[str, int] = {}
    for v in values:
        out[v] = out.get(v, 0) + 1
    return dict(sorted(out.items()))


def _progress_shown() -> bool:
    """Progress goes to a terminal, or anywhere with KG_PROGRESS=1."""
    return sys.stderr.isatty() or os.environ.get("KG_PROGRESS") == "1"


def _progress(total: int, enabled: bool = True):
    """A progress bar on stderr for more than a few documents (see _progress_shown), else None."""
    if not enabled or total <= 5:
        return None
    try:
        from tqdm import tqdm
    except ImportError:  # pragma: no cover - tqdm is a dependency
        return None
    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                disable=not _progress_shown())


def _stage_notes(enabled: bool):
    """say(text): one "kg: text ..." line on stderr per stage, when enabled and progress is shown."""
    shown = enabled and _progress_shown()

    def say(text: str) -> None:
        if shown:
            print(f"kg: {text} ...", file=sys.stderr, flush=True)
    return say
