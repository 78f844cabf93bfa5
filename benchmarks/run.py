"""Run every benchmark and print the results as markdown tables, ready for README's "Measured".

Run from the project's root:  .venv/bin/python benchmarks/run.py

Takes about a minute (most of it building the 10,000-entry index and timing autocomplete on it).
The benchmarks are not part of the test run; each can also be run alone (latency.py, accuracy.py,
startup.py).
"""

from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import accuracy
import latency
import startup


def machine() -> str:
    """Describe the CPU, the core count and Python, as ``lscpu`` and the interpreter report them."""
    model = platform.processor() or platform.machine()
    cores = ""
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=True).stdout
        fields = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
        model = fields.get("Model name", model).strip()
        cores = fields.get("CPU(s)", "").strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    cpus = f"{cores} × " if cores else ""
    return f"{cpus}{model}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    """Run the benchmarks in turn and print their tables."""
    print(f"Machine: {machine()}. Command: `.venv/bin/python benchmarks/run.py`.\n")
    print("Answer latency, in process:\n")
    timings = latency.measure()
    print("\n".join(latency.report(timings)))
    print()
    print("\n".join(latency.verdict(timings)))
    print("\nAccuracy against simple baselines:\n")
    print("\n".join(accuracy.report(accuracy.measure())))
    print("\nCold start and memory:\n")
    print("\n".join(startup.report(startup.measure())))


if __name__ == "__main__":
    main()
