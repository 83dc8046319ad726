#!/usr/bin/env python3
"""`numaplan apply PLAN --emit powershell`: the script tokenizes as
PowerShell (a small tokenizer: strings, here-free comments, variables,
operators, balanced brackets), uses only the cmdlets it should, checks
every precondition before the first change, and holds exactly the plan's
steps in the plan's order, with Stop-VM/Start-VM only under -AllowStop.

test-powershell.py NUMAPLAN SRCDIR (SRCDIR: tests/)
"""

import json
import os
import re
import subprocess
import sys
import tempfile

CMDLETS = {
    "Get-VMHost", "Get-VMHostNumaNode", "Sort-Object", "Get-VM", "Get-VMMemory",
    "Get-VMProcessor", "Set-VMHost", "Set-VMMemory", "Set-VMProcessor", "Stop-VM",
    "Start-VM", "Write-Warning", "Get-CimInstance", "Invoke-CimMethod", "Start-Sleep",
    "Set-StrictMode", "Get-NumaplanSystemSettings", "Set-NumaplanVirtualNuma",
}
KEYWORDS = {"param", "function", "if", "elseif", "else", "while", "throw"}
WRITES = {"Set-VMHost", "Set-VMMemory", "Set-VMProcessor", "Set-NumaplanVirtualNuma",
          "Stop-VM", "Start-VM"}


class TokenError(Exception):
    pass


def tokenize(text):
    """(kind, value, line) tokens; kinds: word, var, str, num, op, punct,
    newline. Raises TokenError on what PowerShell would not parse."""
    tokens, i, line, stack = [], 0, 1, []
    pairs = {")": "(", "}": "{", "]": "["}
    while i < len(text):
        c = text[i]
        if c == "\n":
            tokens.append(("newline", "\n", line))
            line += 1
            i += 1
        elif c in " \t\r":
            i += 1
        elif text.startswith("<#", i):
            end = text.find("#>", i)
            if end < 0:
                raise TokenError("line %d: unterminated block comment" % line)
            line += text.count("\n", i, end)
            i = end + 2
        elif c == "#":
            while i < len(text) and text[i] != "\n":
                i += 1
        elif c == "'":
            j, value = i + 1, []
            while True:
                if j >= len(text):
                    raise TokenError("line %d: unterminated string" % line)
                if text[j] == "'":
                    if text.startswith("''", j):
                        value.append("'")
                        j += 2
                        continue
                    break
                if text[j] == "\n":
                    line += 1
                value.append(text[j])
                j += 1
            tokens.append(("str", "".join(value), line))
            i = j + 1
        elif c == '"':
            j, value = i + 1, []
            while True:
                if j >= len(text):
                    raise TokenError("line %d: unterminated string" % line)
                if text[j] == "`":
                    value.append(text[j + 1])
                    j += 2
                    continue
                if text[j] == '"':
                    if text.startswith('""', j):
                        value.append('"')
                        j += 2
                        continue
                    break
                if text.startswith("$(", j):
                    raise TokenError("line %d: subexpression in a string" % line)
                value.append(text[j])
                j += 1
            tokens.append(("str", "".join(value), line))
            i = j + 1
        elif c == "$":
            m = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*").match(text, i)
            if not m:
                raise TokenError("line %d: bad variable" % line)
            tokens.append(("var", m.group(0), line))
            i = m.end()
        elif c.isdigit():
            m = re.compile(r"\d+(MB|GB|KB)?\b").match(text, i)
            if not m:
                raise TokenError("line %d: bad number" % line)
            tokens.append(("num", m.group(0), line))
            i = m.end()
        elif c == "-" and re.compile(r"-[A-Za-z]").match(text, i):
            m = re.compile(r"-[A-Za-z][A-Za-z0-9]*").match(text, i)
            tokens.append(("op", m.group(0), line))
            i = m.end()
        elif c.isalpha():
            m = re.compile(r"[A-Za-z][A-Za-z0-9_.]*(-[A-Za-z][A-Za-z0-9]*)?").match(text, i)
            tokens.append(("word", m.group(0), line))
            i = m.end()
        elif c in "({[":
            stack.append((c, line))
            tokens.append(("punct", c, line))
            i += 1
        elif c in ")}]":
            if not stack or stack[-1][0] != pairs[c]:
                raise TokenError("line %d: unbalanced %s" % (line, c))
            stack.pop()
            tokens.append(("punct", c, line))
            i += 1
        elif text.startswith("::", i):
            tokens.append(("punct", "::", line))
            i += 2
        elif c in "=+/,;.@|":
            tokens.append(("punct", c, line))
            i += 1
        else:
            raise TokenError("line %d: unexpected %r" % (line, c))
    if stack:
        raise TokenError("line %d: %s never closed" % (stack[-1][1], stack[-1][0]))
    return tokens


def statements(tokens):
    """The tokens of each line."""
    out, cur = [], []
    for t in tokens:
        if t[0] == "newline":
            if cur:
                out.append(cur)
            cur = []
        else:
            cur.append(t)
    if cur:
        out.append(cur)
    return out


def check_script(text, plan):
    """Raises AssertionError (or TokenError) when the script is not the plan's."""
    tokens = tokenize(text)
    words = [t[1] for t in tokens if t[0] == "word" and "-" in t[1]]
    unknown = set(words) - CMDLETS
    assert not unknown, "unexpected commands %s" % sorted(unknown)
    lines = statements(tokens)
    # every statement starts with a variable, a keyword, a command or a brace
    for toks in lines:
        kind, value, line = toks[0]
        assert kind == "var" or value in KEYWORDS or value in CMDLETS or value in "{}", \
            "line %d starts with %r" % (line, value)
    # the plan's steps, in order
    expected = []
    for host in plan["hosts"]:
        if host["spanning"] is not None:
            expected.append(("spanning", host["name"]))
        for vm in host["vms"]:
            parts = ["memory", "processor", "system"]
            if vm["system"]["recorded"]["VirtualNumaEnabled"] and \
                    not vm["system"]["target"]["VirtualNumaEnabled"]:
                parts.reverse()
            for part in parts:
                if vm[part]["recorded"] != vm[part]["target"]:
                    expected.append((part, vm["id"]))
    found, current_vm, first_write, last_throw = [], None, None, 0
    guarded = []  # conditions of the if blocks we are in
    for toks in lines:
        line = toks[0][2]
        values = [t[1] for t in toks]
        if values[:4] == ["$vm", "=", "Get-VM", "-Id"]:
            current_vm = toks[4][1]
        in_function = values[0] == "function" or any(g[0] == "function" for g in guarded)
        if "throw" in values and not in_function:
            last_throw = max(last_throw, line)
        if values[0] == "}" and guarded:
            guarded.pop()
        if values[-1] == "{" and values[0] in ("if", "}", "function", "while"):
            guarded.append(values)
        for t in toks:
            if t[1] not in WRITES or t[0] != "word" or in_function:
                continue
            if t[1] in ("Stop-VM", "Start-VM"):
                cond = values if values[0] == "if" else (guarded[-1] if guarded else [])
                assert "$AllowStop" in cond or "$stopped" in cond, \
                    "line %d: %s not under -AllowStop" % (line, t[1])
                assert "-Force" not in values and "-TurnOff" not in values, \
                    "line %d: a forced stop" % line
                continue
            first_write = first_write or line
            part = {"Set-VMHost": "spanning", "Set-VMMemory": "memory",
                    "Set-VMProcessor": "processor", "Set-NumaplanVirtualNuma": "system"}[t[1]]
            if t[1] == "Set-VMHost":
                found.append(("spanning", plan["hosts"][0]["name"]))
            else:
                found.append((part, current_vm))
    assert found == expected, "script steps %s, plan steps %s" % (found, expected)
    if expected:
        assert last_throw < first_write, "a precondition (throw) after the first change"
    for host in plan["hosts"]:
        assert "'%s'" % host["name"].replace("'", "''") in text
        for vm in host["vms"]:
            assert "Get-VM -Id '%s'" % vm["id"] in text


def main():
    numaplan, srcdir = sys.argv[1], sys.argv[2]
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("edited.yaml", "edited-saved.yaml", "unchanged.yaml"):
            plan_path = os.path.join(tmp, name + ".json")
            subprocess.run([numaplan, "plan", os.path.join(srcdir, "data", "plan", name),
                            "-o", plan_path], check=True)
            script = subprocess.run([numaplan, "apply", plan_path, "--emit", "powershell"],
                                    check=True, capture_output=True, text=True).stdout
            with open(plan_path) as f:
                plan = json.load(f)
            try:
                check_script(script, plan)
                print("ok %s" % name)
            except (AssertionError, TokenError) as e:
                print("FAIL %s: %s" % (name, e))
                failures += 1
            # the checks can fail: a broken copy must be caught
            if plan["hosts"]:
                for broken in (script.replace("'Off'", "'Off", 1),
                               script.replace("Set-VMProcessor", "Set-VMProcessor -Force; "
                                              "Stop-VM -VM $vm -TurnOff\nSet-VMProcessor", 1),
                               script.replace("if ($vm.Name -cne", "Set-VMHost -NumaSpanningEnabled $true\nif ($vm.Name -cne", 1)):
                    try:
                        check_script(broken, plan)
                        print("FAIL %s: a broken script passed" % name)
                        failures += 1
                    except (AssertionError, TokenError):
                        pass
        # the output file, written whole
        out = os.path.join(tmp, "plan.ps1")
        subprocess.run([numaplan, "apply", os.path.join(tmp, "edited.yaml.json"), "--emit",
                        "powershell", "-o", out], check=True)
        if "Set-VMProcessor" not in open(out).read():
            print("FAIL: -o wrote no script")
            failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
