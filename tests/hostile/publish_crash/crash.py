#!/usr/bin/env python3
"""Crash consistency of a run's publish (issue 14): after a crash at any instant the next run
sees either the previous set (every output and the ledger as before) or the new set, never a
mix, and no temporary file, backup or journal of the crashed run survives the next run.

Every trial starts from the same folder: run 1 done (its workbook, flags CSV and JSONL and a
ledger holding run 1). Run 2 is then stopped:
  - at every step of its publish in turn, by the testing knob FLSCAN_FAULT=publish:N (the
    process _exits there, as a kill would), until a run gets through all its steps;
  - by kill -9 at seeded random instants: right away or once its temporary workbook, its
    journal or a backup has appeared (polled for, in bounded loops), plus a seeded number of
    further polls.
After each stop, a probe run (stopped itself at its first publish step, so that it publishes
nothing) recovers; then the ledger's runs must be "1" with every output run 1's byte for
byte, or "1,2" with every output the one an uninterrupted run 2 writes; the crashed run's
journal, backups and temporary files must be gone, and the recovery line must say which.

Usage: crash.py RULES_DIR (in an empty folder; FLSCAN names the binary).
"""
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time

FLSCAN = os.environ["FLSCAN"]
RULES = sys.argv[1]
OUTS = ["r.xlsx", "f.csv", "f.jsonl"]
ARGS = ["scan", "--shipments", "../in.csv", "--rules", RULES, "--out", "r.xlsx", "--flags-csv",
        "f.csv", "--flags-jsonl", "f.jsonl", "--ledger", "L", "--quiet"]
FAULT_EXIT = 86  # fault.h
KILL_TRIALS = 40
POLL_LIMIT = 2_000_000  # bounded loops: a poll is one listdir of the folder


def fail(msg):
    print(f"FAIL: {msg}")
    sys.exit(1)


def env_with(fault):
    env = dict(os.environ)
    env.pop("FLSCAN_FAULT", None)
    if fault:
        env["FLSCAN_FAULT"] = fault
    return env


def run(folder, fault=None):
    return subprocess.run([FLSCAN] + ARGS, cwd=folder, env=env_with(fault), capture_output=True,
                          text=True)


def snapshot(folder):
    out = {}
    for name in OUTS:
        with open(os.path.join(folder, name), "rb") as f:
            out[name] = f.read()
    return out


def ledger_runs(folder):
    con = sqlite3.connect(os.path.join(folder, "L"))
    try:
        return ",".join(str(r[0]) for r in con.execute("SELECT id FROM runs ORDER BY id"))
    finally:
        con.close()


def leftovers(folder):
    """The crashed run's traces: hidden files (temporary files, backups) and the journal."""
    return {n for n in os.listdir(folder) if n.startswith(".") or n == "L.publish"}


def write_input(path):
    rows = ["bol_number,arrival_date,importer,shipper,shipper_address,origin_country,"
            "port_of_lading,hs_code,product_description"]
    for i in range(1, 301):
        origin = "UZ" if i % 3 == 0 else "FR"
        rows.append(f"B{i},2016-05-0{i % 9 + 1},Acme {i % 7},Uzpaxta,Tashkent,{origin},Riga,5201,"
                    f"Raw cotton bales lot {i}")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


class Sets:
    def __init__(self, old, new):
        self.old, self.new = old, new
        self.seen = {"1": 0, "1,2": 0}

    def check(self, folder, what):
        """Recover through a probe run and assert the invariant; returns "1" or "1,2"."""
        before = leftovers(folder)
        had_journal = "L.publish" in before
        probe = run(folder, "publish:1")
        if probe.returncode != FAULT_EXIT:
            fail(f"{what}: the probe run exited {probe.returncode}: {probe.stderr}")
        runs = ledger_runs(folder)
        got = snapshot(folder)
        want = {"1": self.old, "1,2": self.new}.get(runs)
        if want is None:
            fail(f"{what}: the ledger holds runs '{runs}'")
        for name in OUTS:
            if got[name] != want[name]:
                other = self.new if want is self.old else self.old
                mix = "the other run's" if got[name] == other[name] else "neither run's"
                fail(f"{what}: ledger runs {runs} but {name} is {mix}")
        left = before & leftovers(folder)
        if left:
            fail(f"{what}: the crashed run's {sorted(left)} survived the next run")
        said = "rolled back" if runs == "1" else "completed"
        if had_journal and f"an interrupted publish of run 2 was {said}" not in probe.stderr:
            fail(f"{what}: the recovery line is missing or wrong: {probe.stderr!r}")
        if not had_journal and "interrupted publish" in probe.stderr:
            fail(f"{what}: a recovery line without a journal: {probe.stderr!r}")
        self.seen[runs] += 1
        return runs


def fresh(base, work, name):
    folder = os.path.join(work, name)
    shutil.copytree(base, folder)
    return folder


def kill_at_random(folder, rng):
    """Start run 2, poll for a seeded phase, kill -9 after a seeded number of polls."""
    phase = rng.choice(["start", ".r.xlsx.tmp-", "L.publish", ".old-", "f.jsonl replaced"])
    # the last output replaced: the window between the renames and the ledger's commit
    extra = rng.randrange(0, 4 if phase == "f.jsonl replaced" else 40)
    jsonl = os.path.join(folder, "f.jsonl")
    old_jsonl = os.stat(jsonl).st_ino
    p = subprocess.Popen([FLSCAN] + ARGS, cwd=folder, env=env_with(None),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    reached, polls = phase == "start", 0
    while polls < POLL_LIMIT and p.poll() is None:
        polls += 1
        if not reached and phase == "f.jsonl replaced":
            try:
                reached = os.stat(jsonl).st_ino != old_jsonl
            except FileNotFoundError:
                pass
        elif not reached:
            reached = any(phase in n for n in os.listdir(folder))
        elif extra == 0:
            break
        else:
            extra -= 1
            os.listdir(folder)
    p.kill()
    rc = p.wait()
    return phase, reached, rc


def main():
    t0 = time.monotonic()
    work = os.getcwd()
    write_input(os.path.join(work, "in.csv"))
    base = os.path.join(work, "base")
    os.mkdir(base)
    r = run(base)
    if r.returncode != 0:
        fail(f"run 1 exited {r.returncode}: {r.stderr}")
    old = snapshot(base)
    ref = fresh(base, work, "ref")
    r = run(ref)
    if r.returncode != 0 or ledger_runs(ref) != "1,2":
        fail(f"the uninterrupted run 2 exited {r.returncode}: {r.stderr}")
    sets = Sets(old, snapshot(ref))
    if sets.new == sets.old:
        fail("run 2 writes what run 1 wrote: the test could not tell them apart")

    # Every step of the publish.
    steps, outcome = 0, []
    for n in range(1, 100):
        folder = fresh(base, work, f"step{n}")
        r = run(folder, f"publish:{n}")
        if r.returncode == 0:
            break
        if r.returncode != FAULT_EXIT:
            fail(f"publish:{n} exited {r.returncode}: {r.stderr}")
        steps = n
        outcome.append(sets.check(folder, f"publish:{n}"))
        shutil.rmtree(folder)
    else:
        fail("the publish never ended")
    if "1" not in outcome or "1,2" not in outcome or outcome != sorted(outcome, key=len):
        fail(f"steps gave {outcome}: expected rolled back before the commit, kept after")

    # kill -9 at random instants.
    rng = random.Random(14)
    phases = {}
    for k in range(KILL_TRIALS):
        folder = fresh(base, work, f"kill{k}")
        phase, reached, rc = kill_at_random(folder, rng)
        runs = sets.check(folder, f"kill {k} ({phase}, exit {rc})")
        key = f"{phase if reached else 'exited before ' + phase}"
        phases[key] = phases.get(key, 0) + 1
        shutil.rmtree(folder)

    # A last, whole run after a crash: nothing of either is left behind.
    folder = fresh(base, work, "last")
    run(folder, "publish:3")
    r = run(folder)
    if r.returncode != 0 or leftovers(folder) or ledger_runs(folder) != "1,2":
        fail(f"the run after a crash: exit {r.returncode}, left {sorted(leftovers(folder))}")
    secs = time.monotonic() - t0
    print(f"ok: {steps} publish steps (rolled back through step {outcome.count('1')}, kept "
          f"after), {KILL_TRIALS} kills {dict(sorted(phases.items()))}; outcomes old "
          f"{sets.seen['1']}, new {sets.seen['1,2']}; {secs:.1f} s")


if __name__ == "__main__":
    main()
