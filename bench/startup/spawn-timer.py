# bench/startup's timer: starts each command as a shell does (posix_spawn from a small process; a spawn from the bench's own
# Node process, ~400 MB once it has built the bundle, adds 5-8 ms on this VM) and times it from spawn to exit; the CPU time
# and minor page faults come from wait4's rusage. Cases run interleaved, run after run, so a shared machine's noise hits all
# alike. Input (stdin, JSON): {"runs", "warmups", "cwd", "cases": [{"name", "argv", "env", "exitCode"}]}.
# Output (stdout, JSON): {"samples": {name: [[wall ms, cpu ms, minor faults], ...]}, "pageTouchMicros": float}.
import json
import mmap
import os
import sys
import time

plan = json.load(sys.stdin)
null = os.open(os.devnull, os.O_RDWR)
silent = [(os.POSIX_SPAWN_DUP2, null, 0), (os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]


def run_once(case):
    started = time.perf_counter()
    pid = os.posix_spawn(case["argv"][0], case["argv"], case["env"], file_actions=silent)
    _, status, usage = os.wait4(pid, 0)
    wall = (time.perf_counter() - started) * 1000
    code = os.waitstatus_to_exitcode(status)
    if code != case["exitCode"]:
        sys.exit(f"{case['name']} exited {code} (expected {case['exitCode']})")
    return [wall, (usage.ru_utime + usage.ru_stime) * 1000, usage.ru_minflt]


# What the first touch of a fresh memory page costs here (a minor fault: the kernel maps and zeroes it). A start-up makes
# thousands; on a virtual machine each can cost ten times what it does on bare metal.
def page_touch_micros(pages=4096):
    size = mmap.PAGESIZE
    area = mmap.mmap(-1, pages * size)
    started = time.perf_counter()
    for offset in range(0, pages * size, size):
        area[offset] = 1
    elapsed = time.perf_counter() - started
    area.close()
    return elapsed / pages * 1e6


os.chdir(plan["cwd"])
samples = {case["name"]: [] for case in plan["cases"]}
for round_index in range(plan["warmups"] + plan["runs"]):
    for case in plan["cases"]:
        result = run_once(case)
        if round_index >= plan["warmups"]:
            samples[case["name"]].append(result)
touch = sorted(page_touch_micros() for _ in range(5))[2]
json.dump({"samples": samples, "pageTouchMicros": touch}, sys.stdout)
