#!/usr/bin/env python3
"""The bash completion as a user meets it: an interactive bash in a pseudo-terminal, the
script sourced, a partial command line typed and Tab pressed; the line readline leaves must be
the completed one (the word after '=' completed in place, no space after "--option=", a space
after a whole word). test_completion.sh checks the completion function's answers; this checks
that bash, readline and COMP_WORDBREAKS put them where they belong.

Usage: readline_check.py STACKSCOPE COMPLETION_SCRIPT
"""
import os
import pty
import select
import sys
import tempfile
import time

# Typed, then Tab: the line as it must read afterwards (a trailing space is part of it).
CASES = [
    ("stackscope --color=al", "stackscope --color=always "),
    ("stackscope --follow-f", "stackscope --follow-format "),
    ("stackscope --follow-format h", "stackscope --follow-format hex "),
    ("stackscope --time-stamp-pre", "stackscope --time-stamp-precision="),
    ("stackscope --time-stamp-precision=n", "stackscope --time-stamp-precision=nano "),
    ("stackscope -Q ino", "stackscope -Q inout "),
    ("stackscope --lang f", "stackscope --lang fr "),
    ("stackscope demo lost", "stackscope demo lost-segment "),
    ("stackscope demo --rep", "stackscope demo --replay "),
    ("stackscope de", "stackscope demo "),
]


def read_until(fd, want, timeout=20.0):
    """What the terminal shows until want appears (or the time is up)."""
    out = b""
    end = time.time() + timeout
    while time.time() < end and want.encode() not in out:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                out += os.read(fd, 4096)
            except OSError:
                break
    return out.decode("utf-8", "replace")


def main():
    binary, script = (os.path.abspath(a) for a in sys.argv[1:3])
    bindir = tempfile.mkdtemp(prefix="stackscope-readline-")  # "stackscope" in PATH, as installed
    os.symlink(binary, os.path.join(bindir, "stackscope"))
    pid, fd = pty.fork()
    if pid == 0:
        env = dict(os.environ, PS1="READY> ", INPUTRC="/dev/null", TERM="dumb",
                   PATH=bindir + ":" + os.environ["PATH"], HISTFILE="/dev/null")
        os.execvpe("bash", ["bash", "--norc", "--noprofile", "-i"], env)
    failures = 0
    try:
        read_until(fd, "READY> ")
        # The terminal echoes the line typed: only bash's answer reads SOURCED_42, and the
        # prompt after it may come in the same read.
        os.write(fd, b"source '%s' && echo SOURCED_$((6 * 7))\n" % script.encode())
        shown = read_until(fd, "SOURCED_42")
        if "SOURCED_42" not in shown:
            sys.exit("FAIL: the completion script could not be sourced: %r" % shown[-300:])
        if "READY> " not in shown.split("SOURCED_42", 1)[1]:
            read_until(fd, "READY> ")
        for typed, want in CASES:
            # '@' typed after Tab lands right after what the completion left, space or not.
            os.write(fd, typed.encode() + b"\t@")
            shown = read_until(fd, want + "@")
            if want + "@" not in shown:
                print("FAIL: typed %r, Tab, '@': the terminal shows %r, not %r" % (
                    typed, shown.replace("\x07", "")[-120:], want + "@"))
                failures += 1
            os.write(fd, b"\x15")  # Ctrl-U: the line cleared for the next case
            time.sleep(0.1)
        os.write(fd, b"exit\n")
    finally:
        os.close(fd)
        os.waitpid(pid, 0)
        os.remove(os.path.join(bindir, "stackscope"))
        os.rmdir(bindir)
    if failures:
        sys.exit("%d readline completion(s) wrong" % failures)
    print("readline: %d completions as typed" % len(CASES))


if __name__ == "__main__":
    main()
