#!/usr/bin/env python3
"""unchecked.py - count the int results our C code throws away, per file.

Every fallible function of the project returns an int error code
(/work/shared/STYLE.md, rule 3).  A call whose whole statement is the call,
`f(x);`, discards that code.  This tool finds such statements in
common/, indexer/ and searcher/ and sorts them into three kinds:

  deferred   an append to a buffer with sticky errors (buf.h: buf_add,
             buf_puts, buf_putc, buf_printf, buf_u64, buf_grow, the json_* writers,
             vi_put, le_buf16/32/64), or a write of zfile.h's writer (sticky
             too, returned by zf_finish): the buffer remembers its first
             failure and is checked once with buf_error before its contents
             are used.  Not dropped, as long as the function that owns such
             a buffer checks it: appends to a buffer a function declared
             itself count as dropped unless that function hands the buffer
             to buf_error, buf_set_error, or a function that calls
             buf_error (such as output.c's write_buf).
  void       written `(void)f(x);`: discarded on purpose, in view.
  dropped    everything else: an error nobody will see.

Usage: tools/unchecked.py [-v] [FILE...]   (default: every .c file of the
three directories).  -v lists the dropped calls with their lines.  Exit
status 1 when anything is dropped, so CI can hold the count at zero.

The C is read with regular expressions, not parsed: comments and string
literals are blanked first, a statement is a call when the text before it
ends a statement (`;`, `{`, `}`, `else`, or the `)` of an if/for/while).
Functions are known to return int from their declarations
(`[static] [inline] int name(`) in the same directories.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DIRS = ["common", "indexer", "searcher"]
STICKY = {
    "buf_add", "buf_puts", "buf_putc", "buf_printf", "buf_u64", "buf_grow", "json_str", "json_str_valid", "json_esc_valid", "json_cstr",
    "json_key", "json_u64", "json_i64", "json_double", "vi_put", "le_buf16", "le_buf32",
    "le_buf64",
}
# The writer of zfile.h keeps its first error too; zf_finish returns it.
STICKY_ZF = {"zf_section_begin", "zf_write", "zf_section_end", "raw_write", "flush_wbuf"}
# Functions that return int but no error to check: they record one
# (zs_fail and buf_set_error return the code they were given), or return a
# length, a count or a code point.  (stdio's fprintf and fputs are not
# counted: every command checks its output stream once, with fflush or
# ferror, before it exits.)
NOT_ERRORS = {"zs_fail", "buf_set_error", "u8_encode", "u8_next", "vi_encode", "next_cp"}


def blank(src):
    """Comments and string/char literals replaced by spaces (newlines kept)."""
    out, i, n = [], 0, len(src)
    while i < n:
        c = src[i]
        if src.startswith("/*", i):
            j = src.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", src[i:j]))
            i = j
        elif src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and src[j] != c:
                j += 2 if src[j] == "\\" else 1
            out.append(c + " " * (j - i - 1) + c)
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def int_functions():
    names = set()
    decl = re.compile(r"^(?:static\s+)?(?:inline\s+)?int\s+(\w+)\s*\(", re.M)
    for d in DIRS:
        for f in os.listdir(os.path.join(ROOT, d)):
            if f.endswith((".c", ".h")):
                with open(os.path.join(ROOT, d, f), encoding="utf-8", errors="replace") as fh:
                    names.update(decl.findall(blank(fh.read())))
    names.discard("main")
    return names - NOT_ERRORS


def checkers(ints):
    """Functions that check a buffer they are given (their body calls
    buf_error): passing a buffer to one of them checks it."""
    names = {"buf_error", "buf_set_error"}
    defn = re.compile(r"^(?:static\s+)?(?:inline\s+)?\w+\s+\**(\w+)\s*\([^;{]*\)\s*\{", re.M)
    for d in DIRS:
        for f in os.listdir(os.path.join(ROOT, d)):
            if not f.endswith(".c"):
                continue
            with open(os.path.join(ROOT, d, f), encoding="utf-8", errors="replace") as fh:
                s = blank(fh.read())
            for m in defn.finditer(s):
                body = s[m.end() - 1:close_paren_brace(s, m.end() - 1)]
                if "buf_error" in body:
                    names.add(m.group(1))
    return names


def close_paren_brace(s, i):
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "{":
            depth += 1
        elif s[j] == "}":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def close_paren(s, i):
    """Index just past the parenthesis matching the one at s[i]."""
    depth = 0
    for j in range(i, len(s)):
        if s[j] == "(":
            depth += 1
        elif s[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(s)


def function_bodies(s):
    """(start, end) of each top-level brace block (function bodies)."""
    spans, depth, start = [], 0, 0
    for i, c in enumerate(s):
        if c == "{":
            if depth == 0:
                start = i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    return spans


def statement_start(s, i):
    """Whether a call at s[i] starts a statement, and whether it is (void)."""
    j = i - 1
    while j >= 0 and s[j].isspace():
        j -= 1
    if j < 0 or s[j] in ";{}":
        return True, False
    if s[j] == ":" and not re.search(r"\?[^;]*$", s[max(0, j - 200):j]):
        return True, False  # a label or case
    if s[j - 3:j + 1] == "else" and (j < 4 or not (s[j - 4].isalnum() or s[j - 4] == "_")):
        return True, False
    if s[j] == ")":
        k = j
        depth = 0
        while k >= 0:
            if s[k] == ")":
                depth += 1
            elif s[k] == "(":
                depth -= 1
                if depth == 0:
                    break
            k -= 1
        inner = s[k + 1:j].strip()
        if inner == "void":
            return True, True
        m = re.search(r"(\w+)\s*$", s[:k])
        if m and m.group(1) in ("if", "for", "while"):
            return True, False
    return False, False


def scan(path, ints, checks):
    with open(path, encoding="utf-8", errors="replace") as fh:
        s = blank(fh.read())
    call = re.compile(r"\b([A-Za-z_]\w*)\s*\(")
    found = {"deferred": [], "void": [], "dropped": []}
    bodies = function_bodies(s)
    for m in call.finditer(s):
        name = m.group(1)
        if name not in ints:
            continue
        end = close_paren(s, m.end() - 1)
        if not re.match(r"\s*;", s[end:]):
            continue
        starts, is_void = statement_start(s, m.start())
        if not starts:
            continue
        line = s.count("\n", 0, m.start()) + 1
        arg = s[m.end():end - 1].split(",")[0].strip()
        if is_void:
            found["void"].append((line, name, arg))
        elif name in STICKY_ZF:
            found["deferred"].append((line, name, arg))
        elif name in STICKY:
            body = next((b for b in bodies if b[0] <= m.start() < b[1]), (0, len(s)))
            text = s[body[0]:body[1]]
            local = arg.startswith("&") and re.search(
                r"\bbuf\s+(?:\w+\s*,\s*)*" + re.escape(arg[1:]) + r"\b", text)
            checked = any(
                c.group(1) in checks and re.search(re.escape(arg) + r"\b", c.group(2))
                for c in re.finditer(r"\b(\w+)\s*\((?=([^;]*))", text))
            kind = "dropped" if local and not checked else "deferred"
            found[kind].append((line, name, arg))
        else:
            found["dropped"].append((line, name, arg))
    return found


def main(argv):
    verbose = "-v" in argv
    files = [a for a in argv if a != "-v"]
    if not files:
        files = sorted(os.path.join(d, f) for d in DIRS
                       for f in os.listdir(os.path.join(ROOT, d)) if f.endswith(".c"))
    ints = int_functions()
    checks = checkers(ints)
    totals = {"deferred": 0, "void": 0, "dropped": 0}
    print("%-28s %8s %6s %8s" % ("file", "deferred", "void", "dropped"))
    for f in files:
        r = scan(os.path.join(ROOT, f), ints, checks)
        for k in totals:
            totals[k] += len(r[k])
        if any(r.values()):
            print("%-28s %8d %6d %8d" % (f, len(r["deferred"]), len(r["void"]), len(r["dropped"])))
        if verbose:
            for line, name, arg in r["dropped"]:
                print("    %s:%d: %s(%s...)" % (f, line, name, arg))
    print("%-28s %8d %6d %8d" % ("total", totals["deferred"], totals["void"], totals["dropped"]))
    return 1 if totals["dropped"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
