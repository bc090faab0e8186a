#!/usr/bin/env python3
"""Whole-process figures of the app in a real pseudo-terminal.

`cargo bench` measures the app in-process; this measures what a user's
terminal sees, on a store made by `tandem dev seed`:

  first frame  spawn until a goal row is on screen (median of --runs)
  keys         `j`/`k` on the Journal: from the key written to the last byte
               of the redraw read (p50/p90/p99 of --keys)
  G, g         the end of the Journal and back: latency, then memory
  idle         wake-ups of every thread over --idle seconds (from
               /proc/PID/task/*/schedstat), by thread name, and CPU ticks
  served       whole commands (`goal list`, `journal list --limit 10`,
               `brief`, `remind`) run by the open app for another process:
               spawn until exit (median and p90 of --serve-runs); then the
               same with the app closed
  quit         `q` until the process has exited

Usage:
  python3 benches/pty.py [--runs 20] [--keys 400] [--idle 10]
      [--cols 120] [--rows 40] -- target/release/tandem --store STORE

The store must open on Goals (the app opens on the tab used last); the
script leaves it there. Only the standard library; Linux (it reads /proc).
"""

import argparse
import fcntl
import os
import re
import select
import signal
import statistics
import struct
import subprocess
import termios
import time

ANSI = re.compile(rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[@-_]")
GOAL_ROW = re.compile(rb"Goal \d+: grow")


class App:
    """The command in a fresh pseudo-terminal of its own."""

    def __init__(self, cmd, cols, rows):
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        env = dict(os.environ, TERM="xterm-256color")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, stdin=slave, stdout=slave, stderr=slave, env=env,
            start_new_session=True, close_fds=True,
            preexec_fn=lambda: fcntl.ioctl(0, termios.TIOCSCTTY, 0),
        )
        os.close(slave)
        self.fd = master
        self.seen = b""

    def read(self, timeout):
        """Bytes arriving within `timeout` s (answering terminal queries)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        try:
            data = os.read(self.fd, 65536)
        except OSError:
            return b""
        if b"\x1b[6n" in data:
            os.write(self.fd, b"\x1b[1;1R")
        if b"\x1b[c" in data or b"\x1b[0c" in data:
            os.write(self.fd, b"\x1b[?62;22c")
        return data

    def wait_for(self, pattern, timeout=30):
        end = time.perf_counter() + timeout
        text = b""
        while time.perf_counter() < end:
            data = self.read(0.05)
            if data:
                text += data
                if pattern.search(ANSI.sub(b"", text)):
                    return time.perf_counter()
        raise RuntimeError("timed out waiting for %r" % pattern.pattern)

    def key(self, k, quiet=0.004, timeout=2.0):
        """Writes `k`; returns the time to the last byte of the redraw."""
        self.drain()
        t = time.perf_counter()
        os.write(self.fd, k)
        last = None
        end = t + timeout
        while time.perf_counter() < end:
            data = self.read(quiet if last else timeout)
            if data is None:
                if last:
                    break
                continue
            last = time.perf_counter()
        return (last - t) if last else None

    def drain(self):
        while self.read(0) is not None:
            pass

    def quit(self):
        t = time.perf_counter()
        os.write(self.fd, b"q")
        while self.proc.poll() is None:
            self.read(0.001)
        return time.perf_counter() - t

    def kill(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        os.close(self.fd)

    def status(self, field):
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def threads(self):
        """{tid: (name, timeslices)} from schedstat."""
        out = {}
        base = "/proc/%d/task" % self.proc.pid
        for tid in os.listdir(base):
            try:
                with open("%s/%s/comm" % (base, tid)) as f:
                    name = f.read().strip()
                with open("%s/%s/schedstat" % (base, tid)) as f:
                    slices = int(f.read().split()[2])
                out[tid] = (name, slices)
            except OSError:
                pass
        return out

    def cpu_ticks(self):
        with open("/proc/%d/stat" % self.proc.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round((len(values) - 1) * q)))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--keys", type=int, default=400)
    ap.add_argument("--idle", type=float, default=10)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--serve-runs", type=int, default=30)
    ap.add_argument("cmd", nargs="+")
    a = ap.parse_args()

    firsts, quits = [], []
    for _ in range(a.runs + 1):
        app = App(a.cmd, a.cols, a.rows)
        try:
            firsts.append(app.wait_for(GOAL_ROW) - app.started)
            time.sleep(0.2)
            quits.append(app.quit())
        finally:
            app.kill()
    firsts, quits = firsts[1:], quits[1:]
    print("first frame   median %6.1f ms  (min %.1f, max %.1f; %d runs)" % (
        1e3 * statistics.median(firsts), 1e3 * min(firsts), 1e3 * max(firsts), len(firsts)))
    print("quit          median %6.1f ms  (max %.1f)" % (
        1e3 * statistics.median(quits), 1e3 * max(quits)))

    app = App(a.cmd, a.cols, a.rows)
    try:
        app.wait_for(GOAL_ROW)
        time.sleep(0.3)
        app.key(b"2")
        time.sleep(0.3)
        lat = []
        for i in range(a.keys):
            t = app.key(b"j" if (i // 50) % 2 == 0 else b"k")
            if t is not None:
                lat.append(t)
        print("key j/k       p50 %5.2f ms  p90 %5.2f ms  p99 %5.2f ms  max %5.2f ms  (%d keys)" % (
            1e3 * pct(lat, 0.5), 1e3 * pct(lat, 0.9), 1e3 * pct(lat, 0.99), 1e3 * max(lat), len(lat)))
        t_end = app.key(b"G", quiet=0.02, timeout=10)
        rss_end = app.status("VmRSS")
        t_start = app.key(b"g", quiet=0.02, timeout=10)
        print("G (journal)   %6.1f ms, then %.1f MB resident; g back %.1f ms; peak %.1f MB" % (
            1e3 * t_end, rss_end / 1024, 1e3 * t_start, app.status("VmHWM") / 1024))
        time.sleep(1.0)
        before, ticks = app.threads(), app.cpu_ticks()
        time.sleep(a.idle)
        after, ticks_after = app.threads(), app.cpu_ticks()
        woke = {}
        for tid, (name, slices) in after.items():
            n = slices - before.get(tid, (name, 0))[1]
            key = re.sub(r"\d+$", "N", name)
            woke[key] = woke.get(key, 0) + n
        total = sum(woke.values())
        detail = ", ".join("%s %d" % (k, v) for k, v in sorted(woke.items()))
        print("idle %.0f s     %d wake-ups (%s), %d CPU ticks" % (
            a.idle, total, detail, ticks_after - ticks))
        # Left on Goals, the tab the next run's first frame looks for.
        app.key(b"1")
        commands(a, "served")
        app.quit()
    finally:
        app.kill()
    commands(a, "direct")


COMMANDS = [["goal", "list"], ["journal", "list", "--limit", "10"], ["brief"], ["remind"]]


def commands(a, how):
    """Each of COMMANDS as a separate process, spawn to exit."""
    for args in COMMANDS:
        times = []
        for _ in range(a.serve_runs + 2):
            t = time.perf_counter()
            done = subprocess.run(a.cmd + args, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t)
            assert done.returncode == 0, (args, done.returncode)
        times = times[2:]
        print("%-6s %-24s median %5.2f ms  p90 %5.2f ms" % (
            how, " ".join(args), 1e3 * statistics.median(times), 1e3 * pct(times, 0.9)))


if __name__ == "__main__":
    main()
