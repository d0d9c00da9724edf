#!/usr/bin/env python3
"""Runs a command and reports its wall time and the peak of the summed RSS of its whole process tree
(the JVM and jsii's Node child together), sampled every 20 ms from /proc."""
import os
import subprocess
import sys
import time


def tree_rss_kib(root_pid):
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
        stack.extend(children.get(pid, []))
    return total


def main():
    """Usage: peak_rss.py STDERR_FILE COMMAND [ARG...]; prints "<wall seconds> <peak KiB>"."""
    stderr_file, command = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    with open(stderr_file, "w") as err:
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.02)
    wall = time.monotonic() - start
    print(f"{wall:.2f} {peak}")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
