#!/usr/bin/env python3
"""Runs a command and reports its wall time and the peak of the summed RSS of its whole process tree
(the JVM and jsii's Node child together), sampled every 20 ms from /proc; also the CPU time of the tree and the
peak RSS of its largest single process, from the kernel's accounting of waited-for children (both move less
than wall time when other work shares the machine)."""
import os
import resource
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
    """Usage: peak_rss.py LOG_FILE COMMAND [ARG...];
    prints "<wall seconds> <peak tree KiB> <CPU seconds, user + system> <largest process peak KiB>".

    The command's standard output and error both go to LOG_FILE (jsii's JSII_DEBUG_TIMING figures come on
    standard output, the OPENHANDS_TIMING phase marks on standard error)."""
    log_file, command = sys.argv[1], sys.argv[2:]
    start = time.monotonic()
    with open(log_file, "w") as log:
        proc = subprocess.Popen(command, stdout=log, stderr=log)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, tree_rss_kib(proc.pid))
            time.sleep(0.02)
    wall = time.monotonic() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(f"{wall:.2f} {peak} {children.ru_utime + children.ru_stime:.2f} {children.ru_maxrss}")
    sys.exit(proc.returncode)


if __name__ == "__main__":
    main()
