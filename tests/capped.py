"""Many CLI commands, each in a process of its own with a memory cap and a time limit.

Where a failure would be a hang or a memory exhaustion, a test runs the command in a
process with ``resource.setrlimit`` caps and a timeout. Starting Python and importing the
package for every such case costs more than most commands; here one parent process imports
the package once (and reads each example once, which loads what loads on first use and draws
the examples' charts) and forks a child per command. Each child sets its caps, runs the same
entry point as ``python -m regiovisie_builder`` (``cli.main``) with its own argv, working
folder, environment, stdout and stderr, and exits with the same code. The parent kills a
child that runs past its time limit, so a hang ends as a failure of that one case, by name.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from tests.conftest import ROOT

_PARENT = r"""
import json, os, resource, sys, tempfile, time, traceback

jobs = json.load(sys.stdin)
# What the commands load anyway (the package, the writers, the chart and sheet libraries):
# loaded once here, shared by the children.
import importlib
import pathlib

import matplotlib

matplotlib.use("Agg")
for module in (
    "regiovisie_builder.cli", "regiovisie_builder.pipeline", "regiovisie_builder.werkmap_build",
    "regiovisie_builder.commands.build", "regiovisie_builder.commands.reactions",
    "regiovisie_builder.consultatie.nota", "regiovisie_builder.readers.reactie_files",
    "regiovisie_builder.writers.docx", "regiovisie_builder.writers.html",
    "regiovisie_builder.versies", "regiovisie_builder.sandbox", "matplotlib.pyplot",
    "matplotlib.ticker", "PIL.Image", "defusedxml.ElementTree", "openpyxl", "docx",
):
    importlib.import_module(module)
from regiovisie_builder import cli, pipeline
from regiovisie_builder.werkmap import Werkmap

# One read of each example (which writes nothing): what loads on first use is loaded, and
# the examples' charts are drawn (``charts.drawn`` keeps them: the same data always gives
# the same SVG). A child's own input, the bad input of its case, is all read by the child.
for example in ("zuid-kennemerland-ijmond", "rotterdam-rijnmond"):
    pipeline.read(Werkmap(pathlib.Path("examples") / example))

results = {}
for job in jobs:
    sys.stdout.flush()
    sys.stderr.flush()
    begin = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            for fd, name in ((1, job["stdout"]), (2, job["stderr"])):
                target = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                os.dup2(target, fd)
                os.close(target)
            os.environ.update(job["env"])
            tempfile.tempdir = None  # TMPDIR may have changed
            for limit, value in job["limits"].items():
                resource.setrlimit(getattr(resource, limit), (value, value))
            os.chdir(job["cwd"])
            sys.argv = ["regiovisie", *job["args"]]
            try:
                cli.main()
                code = 0
            except SystemExit as end:  # what the interpreter does with it
                if end.code is None:
                    code = 0
                elif isinstance(end.code, int):
                    code = end.code
                else:
                    print(end.code, file=sys.stderr)
                    code = 1
            except BaseException:
                traceback.print_exc()
                code = 1
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
            finally:
                os._exit(code)
    deadline = begin + job["timeout"]
    status = None
    while True:
        done, waited = os.waitpid(pid, os.WNOHANG)
        if done:
            status = waited
            break
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
            break
        time.sleep(0.005)
    results[job["name"]] = {
        "returncode": None if status is None else os.waitstatus_to_exitcode(status),
        "seconds": time.monotonic() - begin,
    }
print(json.dumps(results))
"""


@dataclass
class Outcome:
    """One command's result, like ``subprocess.CompletedProcess`` plus its duration."""

    args: list[str]
    returncode: int | None  # None: killed at the time limit
    stdout: str
    stderr: str
    seconds: float


@dataclass
class Batch:
    """Commands to run capped, each under a name that a failing test shows."""

    folder: Path  # where the children's stdout and stderr go
    jobs: list[dict] = field(default_factory=list)

    def add(
        self,
        name: str,
        *args: str | Path,
        memory: int,
        timeout: float,
        file_size: int | None = None,
        cwd: Path = ROOT,
        env: dict[str, str] | None = None,
    ) -> None:
        limits = {"RLIMIT_AS": memory}
        if file_size is not None:
            limits["RLIMIT_FSIZE"] = file_size
        self.jobs.append(
            {
                "name": name,
                "args": [str(a) for a in args],
                "cwd": str(cwd),
                "env": env or {},
                "limits": limits,
                "timeout": timeout,
                "stdout": str(self.folder / f"{len(self.jobs)}.out"),
                "stderr": str(self.folder / f"{len(self.jobs)}.err"),
            }
        )

    def run(self) -> dict[str, Outcome]:
        """Run every command, one after the other; the outcomes by name."""
        environment = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
        parent = subprocess.run(
            [sys.executable, "-c", _PARENT],
            input=json.dumps(self.jobs),
            cwd=ROOT,
            env=environment,
            capture_output=True,
            text=True,
            timeout=sum(j["timeout"] for j in self.jobs) + 60,
        )
        assert parent.returncode == 0, parent.stderr
        results = json.loads(parent.stdout.splitlines()[-1])

        def read(name: str) -> str:
            return Path(name).read_text(encoding="utf-8", errors="replace")

        return {
            job["name"]: Outcome(
                job["args"],
                results[job["name"]]["returncode"],
                read(job["stdout"]),
                read(job["stderr"]),
                results[job["name"]]["seconds"],
            )
            for job in self.jobs
        }
