#!/usr/bin/env python3
"""Holds man/stackscope.1 to the program it documents.

  - every option `stackscope --help` lists is a tag of the man page's OPTIONS, and every option
    tagged there is in --help; the same for `stackscope demo --help`'s options (DEMO's "Demo
    options") and its scenarios (DEMO's "Scenarios");
  - .TH names the version --version prints; each scenario is described in the lesson's words
    (its MSG_DESC_* message in English);
  - every JSON key --json prints over the captures (and --conversations --json) is named in JSON;
  - each example block that opens with "$ stackscope ..." holds that command's real output
    (run from the source tree with TZ=UTC, NO_COLOR=1; "| head"/"| tail" allowed);
  - groff -ww and man -l render it without a warning; so does mandoc -T lint.
The comparisons are also run on a copy of the page with an option taken out and one added,
which must fail: a check that cannot fail checks nothing.

Usage: check_man.py STACKSCOPE MANPAGE SOURCE_DIR          (check)
       check_man.py STACKSCOPE MANPAGE SOURCE_DIR --update (rewrite the example outputs)
"""
import json
import os
import re
import shutil
import subprocess
import sys

OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][A-Za-z0-9-]*)")
NAMED = {"aq": "'", "ga": "`", "dq": '"', "rs": "\\", "mu": "\u00d7", "en": "\u2013",
         "em": "\u2014", "mc": "\u00b5", "Fo": "\u00ab", "Fc": "\u00bb", "bu": "\u2022"}


def roff_unescape(s):
    """The text a roff line shows (enough of roff for this page: fonts, \\-, \\e, \\(xx, \\[uXXXX])."""
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c != "\\" or i + 1 == len(s):
            out.append(c)
            i += 1
            continue
        n = s[i + 1]
        if n == "f":  # \fB, \fI, \fR, \fP, \f(CW, \f[...]
            if s[i + 2:i + 3] == "(":
                i += 5
            elif s[i + 2:i + 3] == "[":
                i = s.index("]", i) + 1
            else:
                i += 3
        elif n == "(":
            out.append(NAMED.get(s[i + 2:i + 4], "?"))
            i += 4
        elif n == "[":
            end = s.index("]", i)
            name = s[i + 2:end]
            out.append(chr(int(name[1:], 16)) if re.fullmatch(r"u[0-9A-F]{4,6}", name) else "?")
            i = end + 1
        elif n in "-e\\":
            out.append("\\" if n != "-" else "-")
            i += 2
        elif n in "&|^)":
            i += 2
        elif n in "~ 0":
            out.append(" ")
            i += 2
        else:
            out.append(n)
            i += 2
    return "".join(out)


def roff_escape(line):
    """A line of output as roff shows it verbatim in .EX: ASCII hyphens and quotes, any character."""
    out = []
    for c in line:
        if c == "\\":
            out.append("\\e")
        elif c == "-":
            out.append("\\-")
        elif c == "'":
            out.append("\\(aq")
        elif c == "`":
            out.append("\\(ga")
        elif ord(c) > 126 or (ord(c) < 32 and c != "\t"):
            out.append("\\[u%04X]" % ord(c))
        else:
            out.append(c)
    s = "".join(out)
    return "\\&" + s if s.startswith(".") else s


def macro_text(line):
    """The words of a macro line (".BR \\-x \", \" \\-X") without the macro, or the line."""
    if not line.startswith("."):
        return roff_unescape(line)
    parts = line.split(None, 1)
    rest = parts[1] if len(parts) > 1 else ""
    return roff_unescape(rest.replace('"', " "))


def section(lines, start, level=".SH"):
    """The lines of section start ('.SH OPTIONS' or '.SS Scenarios') up to the next of its level
    (a .SS ends at the next .SS or .SH)."""
    out, inside = [], False
    stops = (".SH",) if level == ".SH" else (".SH", ".SS")
    for line in lines:
        if inside and line.split(" ", 1)[0] in stops:
            break
        if inside:
            out.append(line)
        if line.strip('" ') == start or line.replace('"', "") == start:
            inside = True
    return out


def tags(lines):
    """The text of each .TP's tag line."""
    return [macro_text(lines[i + 1]) for i, l in enumerate(lines[:-1]) if l.strip() == ".TP"]


def man_options(lines):
    opts = set()
    for t in tags(section(lines, ".SH OPTIONS")):
        opts |= set(OPTION.findall(t))
    return opts


def man_demo(lines):
    opts, scenarios = set(), []
    for t in tags(section(lines, ".SS Demo options", ".SS")):
        opts |= set(OPTION.findall(t))
    for t in tags(section(lines, ".SS Scenarios", ".SS")):
        scenarios.append(t.split()[0])
    return opts, scenarios


def run(args, cwd=None, shell=False):
    env = dict(os.environ, TZ="UTC", NO_COLOR="1", LC_ALL="C.UTF-8")
    env.pop("CLICOLOR_FORCE", None)
    return subprocess.run(args, cwd=cwd, shell=shell, env=env, capture_output=True, text=True,
                          executable="/bin/bash" if shell else None,
                          timeout=120)


def help_options(binary):
    p = run([binary, "--help"])
    assert p.returncode == 0, "stackscope --help exited %d" % p.returncode
    kept, in_demo = [], False  # the demo's usage form is demo --help's to check
    for line in p.stdout.split("\n"):
        if "stackscope " in line:
            in_demo = "stackscope demo" in line
        if not in_demo:
            kept.append(line)
    return set(OPTION.findall("\n".join(kept)))


def help_demo(binary):
    """demo --help's options (all but the scenarios' lines) and scenarios: the line that opens
    with "scenarios:" and the indented lines that continue it."""
    p = run([binary, "demo", "--help"])
    assert p.returncode == 0, "stackscope demo --help exited %d" % p.returncode
    rest, listed, in_list = [], [], False
    for line in p.stdout.split("\n"):
        if line.startswith("scenarios:"):
            in_list, line = True, line[len("scenarios:"):]
        elif not line[:1].isspace():
            in_list = False
        (listed if in_list else rest).append(line)
    names = [w.strip() for w in " ".join(listed).replace("(default)", "").split(",")]
    return set(OPTION.findall("\n".join(rest))), [n for n in names if n]


def differences(what, in_help, in_man):
    out = []
    for o in sorted(set(in_help) - set(in_man)):
        out.append("%s %s: in --help, not documented in the man page" % (what, o))
    for o in sorted(set(in_man) - set(in_help)):
        out.append("%s %s: documented in the man page, not in --help" % (what, o))
    return out


def option_problems(binary, lines):
    demo_opts, demo_names = help_demo(binary)
    man_demo_opts, man_names = man_demo(lines)
    return (differences("option", help_options(binary), man_options(lines)) +
            differences("demo option", demo_opts, man_demo_opts) +
            differences("scenario", demo_names, man_names) +
            ([] if demo_names == man_names or set(demo_names) != set(man_names) else
             ["scenarios: the man page's order %s is not demo --help's %s" % (man_names, demo_names)]))


def version_problems(binary, lines):
    """.TH's source field names the version --version prints."""
    p = run([binary, "--version"])
    th = [l for l in lines if l.startswith(".TH ")]
    if not th or '"%s"' % p.stdout.strip() not in th[0]:
        return [".TH does not name '%s' (--version): %s" % (p.stdout.strip(), th[:1])]
    return []


def lesson_descriptions(source_dir):
    """Each scenario's description as the lesson says it in English: src/lesson/scenarios.c's
    table gives each name its MSG_DESC_* message, messages_en.c the message's text."""
    with open(os.path.join(source_dir, "src/lesson/scenarios.c"), encoding="utf-8") as f:
        table = dict((m, n) for n, m in re.findall(r'\{"([^"]+)", (MSG_DESC_\w+)', f.read()))
    with open(os.path.join(source_dir, "src/lesson/messages_en.c"), encoding="utf-8") as f:
        text = f.read()
    out = {}
    for msg, name in table.items():
        # The text: one string literal or several in a row (no '"' inside a description).
        m = re.search(r'\[%s\] =((?:\s*"[^"]*")+)' % msg, text)
        assert m, "no English text for %s" % msg
        out[name] = "".join(re.findall(r'"([^"]*)"', m.group(1)))
    return out


def scenario_text_problems(lines, source_dir):
    """Each scenario of the man page is described as the lesson describes it."""
    scenarios = section(lines, ".SS Scenarios", ".SS")
    problems = []
    for name, desc in lesson_descriptions(source_dir).items():
        body = []
        for i, l in enumerate(scenarios[:-1]):
            if l == ".TP" and macro_text(scenarios[i + 1]).strip() == name:
                for b in scenarios[i + 2:]:
                    if b.startswith((".TP", ".PP")):
                        break
                    body.append(macro_text(b).strip())
        said = " ".join(body)
        lowered = said[:1].lower() + said[1:]  # a sentence in the page, a fragment in the lesson
        if not lowered.startswith(desc[:1].lower() + desc[1:]):
            problems.append("scenario %s: the man page says %r, the lesson %r" % (name, said, desc))
    return problems


def json_keys(value, keys):
    if isinstance(value, dict):
        for k, v in value.items():
            keys.add(k)
            json_keys(v, keys)
    elif isinstance(value, list):
        for v in value:
            json_keys(v, keys)


def json_problems(binary, lines, source_dir):
    """Every key --json (and --conversations --json) prints over captures/ is named in JSON."""
    documented = set(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*",
                                " ".join(macro_text(l) for l in section(lines, ".SH JSON"))))
    captures = os.path.join(source_dir, "captures")
    keys = set()
    for name in sorted(os.listdir(captures)):
        if not name.endswith(".pcap"):
            continue
        for mode in (["--json", "-x"], ["--conversations", "--json"]):
            p = run([binary, *mode, "-r", os.path.join(captures, name)])
            assert p.returncode == 0, "%s %s: exit %d: %s" % (name, mode, p.returncode, p.stderr)
            for line in p.stdout.splitlines():
                json_keys(json.loads(line), keys)
    return ["JSON key %s: printed by --json, not named in the man page's JSON" % k
            for k in sorted(keys - documented)]


EXAMPLE = re.compile(r"^\$ stackscope (.*)$")


def example_blocks(lines):
    """(index of the command line, index of .EE) of each example that runs stackscope."""
    out = []
    for i, l in enumerate(lines):
        if l == ".EX" and i + 1 < len(lines) and EXAMPLE.match(roff_unescape(lines[i + 1])):
            end = lines.index(".EE", i)
            out.append((i + 1, end))
    return out


def example_output(binary, command_line, source_dir):
    args = EXAMPLE.match(roff_unescape(command_line)).group(1)
    p = run("set -o pipefail; '%s' %s" % (binary, args), cwd=source_dir, shell=True)
    if p.returncode != 0:
        raise AssertionError("example 'stackscope %s' exited %d: %s" % (args, p.returncode,
                                                                        p.stderr.strip()))
    return p.stdout.rstrip("\n").split("\n")


def example_problems(binary, lines, source_dir):
    problems = []
    for cmd, end in example_blocks(lines):
        want = example_output(binary, lines[cmd], source_dir)
        have = [roff_unescape(l) for l in lines[cmd + 1:end]]
        if have != want:
            bad = next(i for i in range(max(len(have), len(want)))
                       if i >= len(have) or i >= len(want) or have[i] != want[i])
            problems.append("example '%s': line %d differs: the page says %r, the program %r" % (
                roff_unescape(lines[cmd]), bad + 1, have[bad] if bad < len(have) else None,
                want[bad] if bad < len(want) else None))
    return problems


def update_examples(binary, path, source_dir):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for cmd, end in reversed(example_blocks(lines)):
        lines[cmd + 1:end] = [roff_escape(l) for l in example_output(binary, lines[cmd], source_dir)]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def render_problems(path):
    problems = []
    p = run(["groff", "-ww", "-z", "-man", path])
    if p.returncode or p.stderr:
        problems.append("groff -ww -z -man: exit %d: %s" % (p.returncode, p.stderr.strip()))
    p = subprocess.run(["man", "-l", path], capture_output=True, text=True,
                       env=dict(os.environ, MANWIDTH="80", MAN_KEEP_FORMATTING="", PAGER="cat"))
    if p.returncode or p.stderr or "STACKSCOPE(1)" not in p.stdout:
        problems.append("man -l: exit %d: %s" % (p.returncode, p.stderr.strip()))
    if shutil.which("mandoc") is None:
        problems.append("mandoc not found (apt-get install mandoc, or scripts/install-deps --test)")
    else:
        p = run(["mandoc", "-T", "lint", path])  # every level, STYLE included
        if p.returncode or p.stdout or p.stderr:
            problems.append("mandoc -T lint: " + (p.stdout + p.stderr).strip())
    return problems


def self_check(binary, lines):
    """Take an option out of the page, then add one --help lacks: each must be reported."""
    drop = [i for i, l in enumerate(lines) if l == ".BI \\-c \" count\""]
    assert drop, "self-check: the page has no '-c count' tag to take out"
    without = lines[:drop[0] - 1] + lines[drop[0] + 2:]
    assert any("-c: in --help, not documented" in p for p in option_problems(binary, without)), \
        "self-check: -c taken out of the page, and no difference reported"
    extra = lines[:drop[0] + 2] + [".TP", ".B \\-\\-no\\-such\\-option", "Nothing."] + lines[drop[0] + 2:]
    assert any("--no-such-option: documented in the man page, not in --help" in p
               for p in option_problems(binary, extra)), \
        "self-check: --no-such-option added to the page, and no difference reported"
    start = lines.index(".SS Scenarios")
    demo = [i for i, l in enumerate(lines) if l == ".B udp" and i > start]
    assert demo, "self-check: the page has no 'udp' scenario tag"
    without = lines[:demo[0] - 1] + lines[demo[0] + 2:]
    assert any("scenario udp: in --help" in p for p in option_problems(binary, without)), \
        "self-check: udp taken out of the scenarios, and no difference reported"


def main():
    if len(sys.argv) not in (4, 5):
        sys.exit(__doc__)
    binary, path, source_dir = sys.argv[1:4]
    if sys.argv[4:] == ["--update"]:
        update_examples(binary, path, source_dir)
        return
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    self_check(binary, lines)
    problems = (option_problems(binary, lines) + version_problems(binary, lines) +
                scenario_text_problems(lines, source_dir) +
                json_problems(binary, lines, source_dir) +
                example_problems(binary, lines, source_dir) + render_problems(path))
    for p in problems:
        print(p)
    if problems:
        sys.exit("%d problem(s) in %s" % (len(problems), path))
    print("man page: %d options, %d demo options, %d scenarios, %d examples checked" % (
        len(man_options(lines)), len(man_demo(lines)[0]), len(man_demo(lines)[1]),
        len(example_blocks(lines))))


if __name__ == "__main__":
    main()
