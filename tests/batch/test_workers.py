"""Worker processes come in generations: each worker checks a lifetime's share of a batch and makes way for a
fresh one, so a long batch keeps the footprint of a short one; a worker the system kills costs the reports
it was checking, never the rest of the batch; the libraries of a batch's forms are loaded before the
workers start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time

import pytest

import checker.batch
import checker.workers
from checker.batch import discover, iter_batch, run_batch
from checker.config import Config
from checker.guard import Limits
from checker.lint import LintOptions, load_ruleset
from checker.worker_processes import forget_fork_server
from checker.workers import chunk_size, libraries_of
from tests.support.packs import zj_pack

from .conftest import ROOT

from generate_reports import make_batch  # benchmarks/, put on sys.path by conftest

# the workers' own chunk function, as a worker (which imports this module afresh) finds it
_REAL_CHUNK = checker.workers._check_chunk_in_worker


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    folder = tmp_path_factory.mktemp("workers")
    make_batch(folder, count=60, seed=11, suffixes=(".txt", ".json"))
    return discover([str(folder)]).reports


def _pid_of_chunk(paths, records=True):
    """Stands in for the worker's chunk function: which process checked each report."""
    return [os.getpid()] * len(paths)


def _killed_on_a_marked_chunk(paths, records=True):
    """A worker killed by the system (out of memory) while checking a chunk holding a marked report."""
    if any(path.endswith("#kill") for path in paths):
        os._exit(9)
    return _REAL_CHUNK(paths, records)


def test_a_long_batch_is_checked_by_several_generations_of_workers(reports, monkeypatch):
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    monkeypatch.setattr(checker.workers, "_WORKER_LIFETIME_SECONDS", 0.05)   # a few chunks each
    monkeypatch.setattr(checker.workers, "_check_chunk_in_worker", _pid_of_chunk)
    pids = list(iter_batch(reports, LintOptions(), Config(), jobs=2))
    assert len(pids) == len(reports)
    assert len(set(pids)) > 2 and os.getpid() not in pids


def test_generations_change_no_result_and_no_order(reports, monkeypatch):
    alone = run_batch(reports, LintOptions(), Config(), jobs=1)
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    monkeypatch.setattr(checker.workers, "_WORKER_LIFETIME_SECONDS", 0.05)
    shared = run_batch(reports, LintOptions(), Config(), jobs=2)
    assert [r.path for r in shared] == reports
    assert [(r.status, r.diagnostics) for r in shared] == [(r.status, r.diagnostics) for r in alone]


def test_a_killed_worker_costs_its_generation_s_unfinished_reports_not_the_batch(reports, monkeypatch):
    paths = reports[:20] + [reports[20] + "#kill"] + reports[21:]
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    monkeypatch.setattr(checker.workers, "_WORKER_LIFETIME_SECONDS", 0.08)
    monkeypatch.setattr(checker.workers, "_check_chunk_in_worker", _killed_on_a_marked_chunk)
    results = list(iter_batch(paths, LintOptions(), Config(), jobs=2))
    assert [r.path for r in results] == paths
    lost = [r for r in results if r.status == "internal-error"]
    assert any(r.path.endswith("#kill") for r in lost)
    assert "工作进程意外终止" in lost[0].error.message
    # only what that generation had in hand is lost: the generations after it check the rest
    assert len(lost) <= 2 * 3 * 32 and results[-1].status != "internal-error"


def test_the_fork_server_loads_what_checking_a_report_imports(tmp_path):
    """What a worker imports to check its first reports, the fork server has imported once for them all:
    report-lint's modules, the batch's forms' libraries, and jsonschema for a model that breaks its schema."""
    import json
    import pickle
    import subprocess
    import sys

    from checker.lint import load_ruleset
    from tests.support.samples import linxi_2022

    model = linxi_2022()
    model["applications"]["results"]["granted"]["bogus"] = 3
    broken = tmp_path / "r.json"
    broken.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    example = checker.batch.__file__.rsplit("/checker/", 1)[0] + "/examples/mazhu-2020.txt"
    rules = tmp_path / "rules.pickle"
    rules.write_bytes(pickle.dumps(load_ruleset(LintOptions())))   # as a worker is given them
    code = ("import importlib, pickle, sys\n"
            "from checker.workers import checking_modules, libraries_of\n"   # what the fork server loads
            "for name in [*checking_modules(), *libraries_of(sys.argv[2:])]:\n"
            "    importlib.import_module(name)\n"
            "preloaded = set(sys.modules)\n"
            "from checker.guard import check_one\n"
            "from checker.lint import LintOptions\n"
            "from checker.config import Config\n"
            "rules = pickle.loads(open(sys.argv[1], 'rb').read())\n"
            "results = [check_one(path, rules, LintOptions(), Config()) for path in sys.argv[2:]]\n"
            "assert any(d.rule == 'SCHEMA' for d in results[1].diagnostics), results[1]\n"
            "print(sorted(m for m in set(sys.modules) - preloaded if m.startswith(('checker', 'jsonschema'))))\n")
    done = subprocess.run([sys.executable, "-c", code, str(rules), example, str(broken)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _dies_starting(*_):
    """Stands in for the workers' initializer: every worker dies as it starts."""
    os._exit(3)


def test_workers_that_die_as_they_start_cost_their_reports_not_the_batch(reports, monkeypatch):
    """A pool whose every worker dies starting is broken before its first chunk: each generation still
    loses only a chunk (reported as report-lint's internal error) and the batch comes to its end."""
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    monkeypatch.setattr(checker.workers, "_init_worker", _dies_starting)
    paths = reports[:12]
    try:
        results = list(iter_batch(paths, LintOptions(), Config(), jobs=2))
    finally:   # on a busy machine the fork server can end with its workers: the next test starts its own
        forget_fork_server()
    assert [r.path for r in results] == paths
    assert {r.status for r in results} == {"internal-error"}


def test_a_fork_server_that_no_longer_answers_is_replaced(reports, monkeypatch):
    """A fork server that refuses to fork (here its socket is gone, as a cleaner of /tmp can make it; one
    ending after a worker died as it started refuses the same way until it has exited) costs the chunk
    that met it: the next generation starts a fresh fork server. It used to be asked again by every
    generation, each losing its chunk, until the old one exited (the whole batch, on a busy machine)."""
    from multiprocessing import forkserver

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    monkeypatch.setattr(checker.workers, "_WORKER_LIFETIME_SECONDS", 0.01)   # two reports a generation
    texts = [p for p in reports if p.endswith(".txt")][:12]
    list(iter_batch(texts[:6], LintOptions(), Config(), jobs=2))   # generations after the first: a fork server runs
    os.unlink(forkserver._forkserver._forkserver_address)
    results = list(iter_batch(texts, LintOptions(), Config(), jobs=2))
    assert [r.path for r in results] == texts
    lost = [r for r in results if r.status == "internal-error"]
    assert len(lost) <= chunk_size(len(texts), 2) and results[-1].status != "internal-error"


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX signal masks")
def test_a_worker_takes_ctrl_c_while_it_checks_and_holds_it_while_it_sends_results(monkeypatch):
    """Killed by Ctrl-C halfway through sending a chunk's results, a worker left half a message in the pipe
    and the batch's process waited for ever for the rest. SIGINT is open while a chunk is checked, held
    from its end (the results are sent then) until the next chunk begins."""
    import signal

    monkeypatch.setattr(checker.workers, "_check_chunk", lambda paths, records=True: signal.pthread_sigmask(signal.SIG_BLOCK, []))
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    try:
        first = checker.workers._check_chunk_in_worker([])
        between = signal.pthread_sigmask(signal.SIG_BLOCK, [])
        second = checker.workers._check_chunk_in_worker([])
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    assert signal.SIGINT not in first and signal.SIGINT not in second
    assert signal.SIGINT in between


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX signal masks")
def test_a_worker_holds_ctrl_c_from_its_start_until_its_first_chunk(monkeypatch):
    """Stopped by Ctrl-C while it waited for its first chunk, a worker held the pool's lock on the chunks to
    come, and the others waited for it for ever. It is forked holding Ctrl-C and keeps holding it."""
    import signal

    monkeypatch.setattr(checker.workers, "_worker_state", {})
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    handler = signal.getsignal(signal.SIGINT)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        checker.workers._init_worker(None, LintOptions(), Config(), Limits(), False, True)
        started = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    finally:
        signal.signal(signal.SIGINT, handler)
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
    assert signal.SIGINT in started


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the fork server's mask in /proc")
def test_the_fork_server_starts_holding_ctrl_c_and_this_process_takes_it_after(monkeypatch):
    """A Ctrl-C while the fork server imported report-lint printed its KeyboardInterrupt traceback, and this
    process, which ignored Ctrl-C meanwhile, lost it: the batch ran to its end. The fork server now starts
    with Ctrl-C held (multiprocessing's resource tracker, started first, unblocks it as it starts), and
    this process takes a Ctrl-C that came meanwhile right after."""
    import signal
    from multiprocessing import forkserver

    from checker.worker_processes import start_fork_server

    forget_fork_server()   # a fork server of this process's earlier tests: this one must be started here
    monkeypatch.setattr(forkserver._forkserver, "_preload_modules", ["checker.workers"])
    real = forkserver.ensure_running

    def ensure_running_then_ctrl_c():
        real()
        os.kill(os.getpid(), signal.SIGINT)   # held here: taken on the way out

    monkeypatch.setattr(forkserver, "ensure_running", ensure_running_then_ctrl_c)
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    with pytest.raises(KeyboardInterrupt):
        start_fork_server()
    with open(f"/proc/{forkserver._forkserver._forkserver_pid}/status") as status:
        held = int(next(line for line in status if line.startswith("SigBlk:")).split()[1], 16)
    assert held & (1 << (signal.SIGINT - 1))
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before
    forget_fork_server()


def _checks_for_ever(paths, records=True):
    """Stands in for the chunk function: a worker that never finishes its chunk, Ctrl-C held."""
    import signal

    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    while True:
        time.sleep(1)


def test_a_stopped_batch_ends_its_workers_whatever_they_are_doing(reports, monkeypatch):
    """After a Ctrl-C (or when the reader of the results is gone) the workers are ended, not waited for:
    one that was sending its results, Ctrl-C held, when another had died of the Ctrl-C kept the pool's
    shutdown waiting for ever."""
    monkeypatch.setattr(checker.workers, "_check_chunk_in_worker", _checks_for_ever)
    generation = checker.workers._Generation(2, load_ruleset(LintOptions()), LintOptions(), Config(), Limits(),
                                             (False, True, False), [], first=False)
    chunks = checker.workers._Chunks(reports[:4], 1, 2)
    generation.fill(chunks, 0)
    deadline = time.monotonic() + 30
    while not all(p.is_alive() for p in generation.pool._processes.values()) and time.monotonic() < deadline:
        time.sleep(0.05)
    import threading

    closing = threading.Thread(target=generation.close, kwargs={"stopped": True}, daemon=True)
    closing.start()
    closing.join(timeout=20)
    hung = closing.is_alive()
    if hung:   # the pool's shutdown waits for the workers: end them so that the test run goes on
        for process in generation.pool._processes.values():
            process.kill()
    assert not hung


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX signal masks")
def test_the_batch_s_process_holds_ctrl_c_while_it_hands_a_chunk_to_the_pool(reports, monkeypatch):
    """Handing a chunk to the pool can start a worker and send it the rules (140 KB, written while the
    worker reads them): a Ctrl-C midway left the worker a truncated pickle and its traceback on the
    terminal. SIGINT is held while the pool takes a chunk, and as it was before afterwards."""
    import signal
    from concurrent.futures import ProcessPoolExecutor

    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    masks: list = []
    real = ProcessPoolExecutor.submit
    monkeypatch.setattr(ProcessPoolExecutor, "submit",
                        lambda self, *a, **k: masks.append(signal.pthread_sigmask(signal.SIG_BLOCK, [])) or real(self, *a, **k))
    before = signal.pthread_sigmask(signal.SIG_BLOCK, [])
    list(iter_batch([p for p in reports if p.endswith(".txt")][:6], LintOptions(), Config(), jobs=2))
    assert masks and all(signal.SIGINT in mask for mask in masks)
    assert signal.pthread_sigmask(signal.SIG_BLOCK, []) == before


@pytest.mark.skipif(not hasattr(__import__("signal"), "pthread_sigmask"), reason="POSIX signal masks")
def test_ctrl_c_held_in_the_main_thread_waits_while_another_thread_runs():
    """With another thread running (the progress bar's, the server command's relay) the kernel hands a
    Ctrl-C to that thread, which does not hold it, and Python raised KeyboardInterrupt in the main thread
    at once, in the middle of handing a worker its rules. It now comes right after the held part."""
    import signal
    import threading

    from checker.worker_processes import interrupts_held

    import select
    import socket

    stop = threading.Event()
    other = threading.Thread(target=stop.wait)   # holds nothing: the kernel gives it the signal
    other.start()
    told, wakeup = socket.socketpair()   # Python's C handler writes here when a signal arrives, in any thread
    wakeup.setblocking(False)
    previous_fd = signal.set_wakeup_fd(wakeup.fileno())
    reached = []
    try:
        with pytest.raises(KeyboardInterrupt):
            with interrupts_held():
                os.kill(os.getpid(), signal.SIGINT)
                assert select.select([told], [], [], 10)[0], "the signal never arrived"
                for _ in range(100_000):   # Python looks for a signal between bytecodes all along here
                    pass
                reached.append("end of the held part")
    finally:
        signal.set_wakeup_fd(previous_fd)
        told.close()
        wakeup.close()
        stop.set()
        other.join()
    assert reached == ["end of the held part"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_a_batch_loads_the_libraries_of_its_forms_and_no_others():
    assert libraries_of(["a.txt", "b.md"]) == []
    assert libraries_of(["a.docx", "b.DOCX", "c.txt"]) == ["lxml.etree", "docx"]
    assert libraries_of(["a.json", "b.html"]) == ["lxml.etree", "yaml", "checker.readers.data_checks"]   # once each


def test_the_fork_server_holds_the_libraries_of_the_batch_s_forms(reports, monkeypatch):
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    asked: list = []
    real = checker.workers._process_context
    monkeypatch.setattr(checker.workers, "_process_context",
                        lambda preload=(), first=False: asked.append(list(preload)) or real(preload, first))
    list(iter_batch([p for p in reports if p.endswith(".json")][:4], LintOptions(), Config(), jobs=2))
    assert asked == [["yaml", "checker.readers.data_checks"]]



def _parent_of_chunk(paths, records=True):
    """Stands in for the worker's chunk function: the parent process of the worker that checked each report."""
    return [os.getppid()] * len(paths)


_FORKING_BATCH = """
import json, os, sys
import checker.batch, checker.workers
from checker.batch import run_batch
from checker.config import Config
from checker.lint import LintOptions
from tests.batch.test_workers import _parent_of_chunk

checker.batch.worker_count = lambda paths, jobs: 2
checked = run_batch(sys.argv[1:], LintOptions(), Config(), jobs=2)
checker.workers._check_chunk_in_worker = _parent_of_chunk
parents = run_batch(sys.argv[1:], LintOptions(), Config(), jobs=2)
checker.workers._WORKER_LIFETIME_SECONDS = 0.05   # several generations
longer = run_batch(sys.argv[1:], LintOptions(), Config(), jobs=2)
print(json.dumps([[r.path, r.status, [d.rule for d in r.diagnostics]] for r in checked]))
print(json.dumps([parent == os.getpid() for parent in parents]))
print(json.dumps([parent == os.getpid() for parent in longer]))
"""


def test_a_batch_one_generation_takes_is_checked_by_workers_forked_from_its_own_process(reports):
    """A batch the first generation of workers takes whole is checked by workers forked from the batch's
    process, once it has loaded the rules: they are its children, and no fork server is started. A longer
    batch's workers all come from the fork server, so that none holds the batch's paths or what the
    batch's process gathers meanwhile. The results are those of one process."""
    done = subprocess.run([sys.executable, "-c", _FORKING_BATCH, *reports], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    alone = run_batch(reports, LintOptions(), Config(), jobs=1)
    checked, forked_here, longer = map(json.loads, done.stdout.splitlines())
    assert checked == [[r.path, r.status, [d.rule for d in r.diagnostics]] for r in alone]
    assert all(forked_here) and len(forked_here) == len(reports)
    assert not any(longer) and len(longer) == len(reports)


def test_workers_check_with_the_rule_set_the_batch_loaded(reports, tmp_path, monkeypatch):
    """The workers are given the rules this process loaded, so every generation checks with the same
    ones: here the user's pack is gone before the first worker starts (and there is no cache to fall
    back on), and nothing changes."""
    pack = tmp_path / "zj.yaml"
    pack.write_text(zj_pack(), encoding="utf-8")
    monkeypatch.setattr(checker.batch, "worker_count", lambda paths, jobs: 2)
    monkeypatch.setattr(checker.workers, "_WORKER_LIFETIME_SECONDS", 0.05)   # several generations
    options = LintOptions(rule_paths=[str(pack)], cache=False)
    results = iter_batch(reports[:24], options, Config(), jobs=2)   # the rule set is loaded here
    pack.unlink()
    checked = list(results)
    assert [r.status for r in checked] == [r.status for r in run_batch(reports[:24], LintOptions(), Config(), jobs=1)]
    assert "internal-error" not in {r.status for r in checked}


def test_the_fork_server_imports_report_lint_s_modules_not_those_of_the_folder_it_runs_in(tmp_path):
    """`check` run in a folder that holds a module of the same name as one the workers load (here a
    jsonschema.py) checks with report-lint's own: the fork server does not look in the current folder.
    (Its workers live a few reports each here, so that the batch needs the fork server; the command leaves
    the folder out of its own path, as the report-lint script does, but not with `python -P`, which the
    fork server would inherit.)"""
    import subprocess

    make_batch(tmp_path / "reports", count=240, seed=5, suffixes=(".txt",))   # enough to be worth workers
    (tmp_path / "jsonschema.py").write_text("open('shadowed', 'w').close()\nraise ImportError('not this one')\n",
                                           encoding="utf-8")
    command = ("import sys\nsys.path.remove('')\nimport checker.workers\nfrom multiprocessing import forkserver\nfrom checker.cli import main\n"
               "checker.workers._WORKER_LIFETIME_SECONDS = 0.05\n"
               "code = main(['check', '--format', 'json', '--quiet', '--jobs', '2', '--isolated', 'reports'])\n"
               "print(forkserver._forkserver._forkserver_pid is not None, file=sys.stderr)\nsys.exit(code)\n")
    done = subprocess.run([sys.executable, "-c", command], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode in (1, 2), done.stderr
    assert done.stderr.splitlines()[-1] == "True"   # the fork server started the workers
    assert not (tmp_path / "shadowed").exists()
    assert '"internal-error"' not in done.stdout.split('"summary"')[0]
