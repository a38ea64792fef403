#!/usr/bin/env python3
"""Runs every shell command of the documentation, so that none goes stale.

Reads the fenced blocks of README.md, docs/*.md and models/README.md (or the
files given) and, for each ```sh, ```bash or ```console block, either runs
its commands or checks the marker that says why it is not run. The
convention, documented in docs/testing.md ("Commands in the documentation"):

  ```sh / ```bash   every line is a command (a trailing backslash continues it;
                    # starts a comment); each must exit with status 0.
  ```console        lines starting with "$ " are commands, the lines after
                    one are output it must print: each, in order, must equal a
                    whole line of its stdout and stderr (other lines may come
                    between), "..." standing for any text.
  any other block   holding a line that starts with "$ " is an error: a
                    transcript must be a ```console block.

HTML comments right above a block (blank lines allowed between) adjust it:

  <!-- doc-test: fails -->                every command must exit non-zero
  <!-- doc-test: requires ../x -->        run only where ../x exists, else
                                          reported as skipped
  <!-- doc-test: file NAME -->            (any non-shell block) written to
                                          NAME before the document's commands
  <!-- doc-test: file NAME from PATH -->  source file PATH copied to NAME
  <!-- doc-test: output -->               (non-shell block) what every
                                          command of the previous run block
                                          prints, matched as above
  <!-- doc-test: slow, covered by PATH -->      not run: too slow (training,
  <!-- doc-test: installs, covered by PATH -->  the whole suite, building) or
                                          installing / writing outside the
                                          sandbox; PATH (a test or script,
                                          or several: "A and B") must contain
                                          each command or its core
  <!-- doc-test: benchmark -->            not run: part of the documented
                                          benchmark, scripts/run-benchmarks.sh,
                                          which must contain the cores

A command's core is its program (the script for "bash x.sh" and "python3
x.py", the file name for a path; none for a shell variable) and the names of
its long options (--name, or -name of two letters or more).

Each document runs in its own sandbox: a copy of the source tree (without
build folders) in a temporary folder, with build/bin and build/lib linking to
the build under test, build/test holding a lit.site.cfg.py of its own (so a
documented lit run writes its Output there), and mlir-opt-22 on the PATH
being the stock mlir-opt of the build's LLVM. Nothing is written into the
source or build trees.
"""

import argparse
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

BENCHMARK_SCRIPT = "scripts/run-benchmarks.sh"
SHELL_LANGUAGES = {"sh", "bash", "shell"}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})\s*(?P<lang>[^`\s]*)\s*$")
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test:\s*(?P<body>.*?)\s*-->\s*$")
COMMAND_TIMEOUT = 300
# Words that start shell syntax rather than a program: no core to check.
SHELL_SYNTAX = {"for", "do", "done", "if", "then", "else", "fi", "while",
                "case", "esac", "set", "cd", "export", "echo", "{", "}"}
WRAPPERS = {"nice", "time", "env", "sudo"}
INTERPRETERS = {"bash", "sh", "python", "python3"}


class Block:
    def __init__(self, doc, line, lang, lines):
        self.doc, self.line, self.lang, self.lines = doc, line, lang, lines
        self.directives = {}
        self.files = []  # (name, source path or None)
        self.errors = []

    @property
    def where(self):
        return f"{self.doc}:{self.line}"

    @property
    def is_shell(self):
        return self.lang in SHELL_LANGUAGES | {"console"}


class Failure(Exception):
    pass


# --- Parsing ---------------------------------------------------------------

def parse_directives(texts, block):
    for text in texts:
        for clause in (c.strip() for c in text.split(",")):
            parse_clause(clause, block)


def parse_clause(clause, block):
    d = block.directives
    if clause in ("slow", "installs", "benchmark", "fails", "output"):
        d[clause] = True
    elif m := re.fullmatch(r"covered by (\S+(?: and \S+)*)", clause):
        d["covered"] = m.group(1).split(" and ")
    elif m := re.fullmatch(r"requires (\S+)", clause):
        d.setdefault("requires", []).append(m.group(1))
    elif m := re.fullmatch(r"file (\S+)(?: from (\S+))?", clause):
        block.files.append((m.group(1), m.group(2)))
    else:
        block.errors.append(f"unknown doc-test clause '{clause}'")


def read_blocks(root, doc):
    """The fenced blocks of `doc`, with the directives right above each."""
    lines = (root / doc).read_text().splitlines()
    blocks, pending, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        if m := DIRECTIVE.match(line):
            pending.append(m.group("body"))
        elif (m := FENCE.match(line)):
            indent, fence = len(m.group("indent")), m.group("fence")
            body, i = [], i + 1
            while i < len(lines) and not re.match(
                    r"^[ \t]*" + re.escape(fence[0]) + "{%d,}\\s*$" % len(fence), lines[i]):
                body.append(lines[i][indent:] if lines[i][:indent].strip() == "" else lines[i])
                i += 1
            block = Block(doc, i - len(body), m.group("lang").lower(), body)
            parse_directives(pending, block)
            blocks.append(block)
            pending = []
        elif line.strip():
            pending = []
        i += 1
    return blocks


def join_continuations(lines):
    """Physical lines to logical ones: a trailing backslash continues."""
    joined, current = [], None
    for line in lines:
        current = line if current is None else current + "\n" + line
        if not line.endswith("\\"):
            joined.append(current)
            current = None
    if current is not None:
        joined.append(current)
    return joined


def shell_commands(block):
    """[(command, expected output lines)] of a shell or console block."""
    if block.lang != "console":
        return [(c, []) for c in join_continuations(block.lines)
                if c.strip() and not c.lstrip().startswith("#")]
    commands, i = [], 0
    lines = block.lines
    while i < len(lines):
        if not lines[i].startswith("$ "):
            if lines[i].strip():
                raise Failure(f"{block.where}: console output before any '$ ' command")
            i += 1
            continue
        command = [lines[i][2:]]
        while command[-1].endswith("\\") and i + 1 < len(lines):
            i += 1
            command.append(lines[i])
        expected = []
        i += 1
        while i < len(lines) and not lines[i].startswith("$ "):
            expected.append(lines[i])
            i += 1
        commands.append(("\n".join(command), expected))
    return commands


# --- Cores of commands, for the ones that are not run ----------------------

def words(command):
    text = command.replace("\\\n", " ")
    try:
        return shlex.split(text, comments=True)
    except ValueError:
        return text.split()


def core(command):
    """(program or None, [long option names]); None if the line is syntax."""
    tokens = words(command)
    while tokens and re.fullmatch(r"[A-Za-z_][A-Za-z_0-9]*=.*", tokens[0]):
        tokens = tokens[1:]  # VAR=value prefixes
    while tokens and tokens[0] in WRAPPERS:
        tokens = tokens[1:]
        while tokens and tokens[0].startswith("-"):
            tokens = tokens[2:] if tokens[0] == "-n" else tokens[1:]
    if not tokens or tokens[0] in SHELL_SYNTAX:
        return None
    program = tokens[0]
    if program in INTERPRETERS and len(tokens) > 1:
        program = tokens[1]
    elif program.startswith("$"):
        program = None
    elif "/" in program:
        program = os.path.basename(program)
    options = []
    for token in tokens[1:]:
        m = re.match(r"^(--?[A-Za-z][A-Za-z0-9_-]+)", token)
        if m and (token.startswith("--") or len(m.group(1)) > 2):
            options.append(m.group(1))
    return program, options


def normalize(text):
    return " ".join(text.replace("\\\n", " ").split())


def missing_from(command, text):
    """What of `command` the text of a covering file lacks ([] if nothing)."""
    command = re.sub(r"\s+#.*$", "", command)
    if normalize(command) in normalize(text):
        return []
    parts = core(command)
    if parts is None:
        return []
    program, options = parts
    wanted = ([program] if program else []) + options
    return [w for w in wanted if not re.search(
        r"(?<![\w-])" + re.escape(w) + r"(?![\w-])", text)]


def check_covered(block, root, notes):
    """A block that is not run: each of its commands, or its core, must be in
    one of the files that cover it."""
    benchmark = block.directives.get("benchmark")
    paths = [BENCHMARK_SCRIPT] if benchmark else block.directives.get("covered")
    if not paths:
        raise Failure(f"{block.where}: 'slow' and 'installs' need 'covered by <path>'")
    for path in paths:
        if (root / path).is_file():
            continue
        if benchmark:
            notes.append(f"{block.where}: {path} does not exist (yet): "
                         "its benchmark commands are unchecked")
            return f"benchmark, NOT CHECKED: {path} is missing"
        raise Failure(f"{block.where}: covered by {path}, which does not exist")
    texts = {path: (root / path).read_text() for path in paths}
    uncovered = []
    for command, _ in shell_commands(block):
        missing = {path: missing_from(command, text) for path, text in texts.items()}
        if all(missing.values()):
            lacks = "; ".join(f"{p} lacks {', '.join(m)}" for p, m in missing.items())
            uncovered.append(f"{lacks}, of\n    {command}")
    if uncovered:
        raise Failure(f"{block.where}: not covered: " + "\n".join(uncovered))
    kind = "benchmark" if benchmark else (
        "slow" if block.directives.get("slow") else "installs")
    return f"{kind}, covered by {' and '.join(paths)}"


# --- Running ----------------------------------------------------------------

def wildcard_regex(line):
    return re.compile(".*".join(re.escape(p) for p in line.rstrip().split("...")))


def match_output(expected, output):
    """The first expected line that is missing from `output` (in order)."""
    actual = [l.rstrip() for l in output.splitlines()]
    position = 0
    for line in (l for l in expected if l.strip()):
        pattern = wildcard_regex(line)
        while position < len(actual) and not pattern.fullmatch(actual[position]):
            position += 1
        if position == len(actual):
            return line
        position += 1
    return None


def run_command(command, sandbox, env, expect_failure):
    started = time.monotonic()
    try:
        result = subprocess.run(["bash", "-o", "pipefail", "-c", command],
                                cwd=sandbox, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True,
                                timeout=COMMAND_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise Failure(f"timed out after {COMMAND_TIMEOUT} s:\n    {command}")
    failed = result.returncode != 0
    if failed != expect_failure:
        raise Failure(f"exit status {result.returncode} (expected "
                      f"{'non-zero' if expect_failure else '0'}):\n    {command}\n"
                      + indent(result.stdout))
    return result.stdout, time.monotonic() - started


def indent(text, limit=4000):
    text = text if len(text) <= limit else "...\n" + text[-limit:]
    return "".join("    | " + l + "\n" for l in text.splitlines())


class Sandbox:
    """A copy of the source tree for one document, wired to the build."""

    def __init__(self, args, work, doc):
        self.root = work / re.sub(r"[^A-Za-z0-9]+", "-", str(doc))
        self.cwd = self.root / args.source_root.name
        shutil.copytree(args.source_root, self.cwd, symlinks=True,
                        ignore=self.ignore_top_level(args.source_root))
        build = self.cwd / "build"
        build.mkdir()
        for name in ("bin", "lib"):
            (build / name).symlink_to(args.build_root / name)
        self.write_lit_config(args.build_root, build)
        tools = self.root / "doc-test-bin"
        tools.mkdir()
        for name in ("mlir-opt-22", "mlir-opt"):
            (tools / name).symlink_to(args.stock_mlir_opt)
        self.env = dict(os.environ, PATH=f"{tools}{os.pathsep}{os.environ['PATH']}")
        self.source_root = args.source_root

    @staticmethod
    def ignore_top_level(source_root):
        def ignore(folder, names):
            if pathlib.Path(folder) != source_root:
                return []
            return [n for n in names if n.startswith("build") or n == ".git"]
        return ignore

    @staticmethod
    def write_lit_config(build_root, build):
        """lit.site.cfg.py files pointing at the sandbox's build folder."""
        for folder, subfolders, files in os.walk(build_root / "test"):
            # Output holds what tests write, this script's sandboxes among it.
            subfolders[:] = [f for f in subfolders if f not in ("Output", "CMakeFiles")]
            if "lit.site.cfg.py" not in files:
                continue
            site = pathlib.Path(folder) / "lit.site.cfg.py"
            copy = build / site.relative_to(build_root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(site.read_text().replace(
                f'"{build_root}', f'"{build}'))

    def require(self, path):
        """Whether `path` (relative to the source root) exists; a path that
        leaves the source tree is linked into the sandbox."""
        real = (self.source_root / path).resolve()
        if not real.exists():
            return False
        parts = pathlib.PurePosixPath(path).parts
        if parts and parts[0] == "..":
            link = self.root / parts[1]
            if not link.exists():
                link.symlink_to(self.source_root.parent / parts[1])
        return True

    def add_file(self, name, text=None, source=None):
        target = self.cwd / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if source is not None:
            shutil.copyfile(self.source_root / source, target)
        else:
            target.write_text("\n".join(text) + "\n")


def run_block(block, sandbox):
    expect_failure = bool(block.directives.get("fails"))
    for path in block.directives.get("requires", []):
        if not sandbox.require(path):
            return f"SKIPPED: requires {path}, which does not exist here", []
    outputs, seconds = [], 0
    for command, expected in shell_commands(block):
        output, elapsed = run_command(command, sandbox.cwd, sandbox.env, expect_failure)
        seconds += elapsed
        if (line := match_output(expected, output)) is not None:
            raise Failure(f"the output of\n    {command}\nlacks the line\n"
                          f"    {line}\nIt printed:\n" + indent(output))
        outputs.append((command, output))
    return f"ran {len(outputs)} command(s) in {seconds:.1f} s", outputs


def check_output_block(block, last_outputs):
    if not last_outputs:
        raise Failure(f"{block.where}: 'output' follows no block that was run")
    for command, output in last_outputs:
        if (line := match_output(block.lines, output)) is not None:
            raise Failure(f"{block.where}: the output of\n    {command}\nlacks "
                          f"the line\n    {line}\nIt printed:\n" + indent(output))
    return f"output of the {len(last_outputs)} command(s) above"


def validate(block):
    d = block.directives
    if block.errors:
        raise Failure(f"{block.where}: " + "; ".join(block.errors))
    not_run = [k for k in ("slow", "installs", "benchmark") if d.get(k)]
    if len(not_run) > 1:
        raise Failure(f"{block.where}: choose one of {', '.join(not_run)}")
    if not block.is_shell and (not_run or d.get("fails") or d.get("requires")):
        raise Failure(f"{block.where}: only ```sh, ```bash and ```console blocks "
                      "are run or marked as not run")
    if block.is_shell and d.get("output"):
        raise Failure(f"{block.where}: 'output' marks a non-shell block")
    if block.is_shell and any(source is None for _, source in block.files):
        raise Failure(f"{block.where}: 'file NAME' marks a non-shell block "
                      "(here: 'file NAME from PATH')")
    if (d.get("slow") or d.get("installs")) and not d.get("covered"):
        raise Failure(f"{block.where}: 'slow' and 'installs' need 'covered by <path>'")
    if d.get("covered") and not (d.get("slow") or d.get("installs")):
        raise Failure(f"{block.where}: 'covered by' goes with 'slow' or 'installs'")
    if not block.is_shell and any(l.startswith("$ ") for l in block.lines):
        raise Failure(f"{block.where}: a transcript ('$ ' lines) must be a "
                      "```console block")
    if block.is_shell:
        shell_commands(block)  # catches malformed console blocks


class Reporter:
    """Prints a line per block; counts failures and collects notes."""

    def __init__(self):
        self.failures, self.notes = 0, []

    def ok(self, block, status):
        print(f"ok      {block.where} ```{block.lang}: {status}")
        sys.stdout.flush()

    def problem(self, block, error, report_only=False):
        message = str(error)
        if block and not message.startswith(block.where):
            message = f"{block.where}: {message}"
        if report_only:
            self.notes.append(f"{message} (report only)")
            print(f"note    {message}")
        else:
            self.failures += 1
            print(f"FAIL    {message}")
        sys.stdout.flush()


NOT_RUN = {"slow", "installs", "benchmark"}


def check_report_only(blocks, args, reporter):
    """A document whose owner has yet to mark it: its problems are notes, and
    nothing of it runs."""
    problems = len(reporter.notes)
    for block in (b for b in blocks if b.is_shell):
        try:
            if not block.directives.keys() & NOT_RUN:
                raise Failure("not run, and not marked as covered elsewhere: "
                              "mark it, or make it runnable and drop --report-only")
            reporter.ok(block, check_covered(block, args.source_root, reporter.notes))
        except Failure as error:
            reporter.problem(block, error, report_only=True)
    if len(reporter.notes) == problems and blocks:
        reporter.notes.append(f"{blocks[0].doc}: no problem left: drop "
                              "--report-only for it")


def make_sandbox(blocks, args, work, doc):
    """The document's sandbox, with its files; None if nothing runs."""
    runs = any(b.is_shell and not b.directives.keys() & NOT_RUN for b in blocks)
    if not runs or args.list:
        return None
    sandbox = Sandbox(args, work, doc)
    for block in blocks:
        for name, source in block.files:
            sandbox.add_file(name, block.lines if source is None else None, source)
    return sandbox


def check_document(doc, args, work, reporter, report_only):
    blocks = read_blocks(args.source_root, doc)
    invalid = False
    for block in blocks:
        try:
            validate(block)
        except Failure as error:
            reporter.problem(block, error, report_only)
            invalid = True
    if invalid:
        return
    if report_only:
        return check_report_only(blocks, args, reporter)
    sandbox, last_outputs = make_sandbox(blocks, args, work, doc), []
    for block in blocks:
        if not block.is_shell and not block.directives.get("output"):
            continue
        try:
            if block.directives.keys() & NOT_RUN:
                status = check_covered(block, args.source_root, reporter.notes)
            elif args.list:
                status = "would run" if block.is_shell else "output check"
            elif block.is_shell:
                status, outputs = run_block(block, sandbox)
                last_outputs = outputs or last_outputs
            else:
                status = check_output_block(block, last_outputs)
            reporter.ok(block, status)
        except Failure as error:
            reporter.problem(block, error)


def default_documents(root):
    docs = [pathlib.Path("README.md")]
    docs += sorted(p.relative_to(root) for p in (root / "docs").glob("*.md"))
    if (root / "models" / "README.md").is_file():
        docs.append(pathlib.Path("models/README.md"))
    return docs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source-root", type=pathlib.Path, required=True)
    parser.add_argument("--build-root", type=pathlib.Path, required=True,
                        help="the build under test (holds bin/ and lib/)")
    parser.add_argument("--stock-mlir-opt", type=pathlib.Path, required=True,
                        help="what mlir-opt-22 runs in the documented commands")
    parser.add_argument("--work-dir", type=pathlib.Path,
                        help="where the sandboxes go (default: a temporary folder)")
    parser.add_argument("--report-only", action="append", default=[],
                        metavar="DOC", help="run nothing of DOC and report its "
                        "problems as notes, not failures (for a document whose "
                        "owner has yet to mark its blocks)")
    parser.add_argument("--list", action="store_true",
                        help="classify the blocks without running anything")
    parser.add_argument("documents", nargs="*", type=pathlib.Path,
                        help="relative to the source root (default: README.md, "
                        "docs/*.md, models/README.md)")
    args = parser.parse_args()
    for name in ("source_root", "build_root", "stock_mlir_opt"):
        setattr(args, name, getattr(args, name).resolve())

    documents = args.documents or default_documents(args.source_root)
    report_only = {pathlib.Path(p) for p in args.report_only}
    work = args.work_dir or pathlib.Path(tempfile.mkdtemp(prefix="doc-commands-"))
    if args.work_dir:
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
    started, reporter = time.monotonic(), Reporter()
    try:
        for doc in documents:
            try:
                check_document(doc, args, work, reporter, doc in report_only)
            except Failure as error:
                reporter.problem(None, f"{doc}: {error}")
    finally:
        if not args.work_dir:
            shutil.rmtree(work, ignore_errors=True)
    print(f"{len(documents)} document(s), {reporter.failures} failure(s), "
          f"{len(reporter.notes)} note(s), {time.monotonic() - started:.1f} s")
    for note in reporter.notes:
        print(f"NOTE    {note}")
    return 1 if reporter.failures else 0


if __name__ == "__main__":
    sys.exit(main())
