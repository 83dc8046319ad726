#!/usr/bin/env python3
"""`numaplan plan` and `numaplan apply` as a user runs them, against the
fake WinRM endpoint's write side: README's "Applying a plan" sequence
(import, edit, plan, apply --dry-run, apply, apply again: nothing to do)
and the exit statuses of scenario.md §3 and §5 — a bad plan or a refused
option is 2 with nothing sent, a refused precondition 2 with nothing
written, a failure part-way 3 naming the journal, and the rerun 0.

test-apply-cli.py NUMAPLAN SRCDIR (SRCDIR: tests/)
"""

import json
import os
import subprocess
import sys
import tempfile
import time

FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL " + what)


class Fake:
    def __init__(self, srcdir, tmp, *extra):
        self.dir = tempfile.mkdtemp(dir=tmp)
        self.log = os.path.join(self.dir, "log")
        self.state = os.path.join(self.dir, "state.json")
        port = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen(
            [sys.executable, os.path.join(srcdir, "hyperv", "fake-winrm.py"), "--data",
             os.path.join(srcdir, "hyperv", "data", "host-2node.json"), "--port-file", port,
             "--log", self.log, "--writes", "--state", self.state, "--job-polls", "1",
             "--max-seconds", "300"] + list(extra))
        for _ in range(600):
            if os.path.exists(port):
                break
            time.sleep(0.05)
        self.url = "http://127.0.0.1:%s/wsman" % open(port).read().strip()

    def requests(self):
        if not os.path.exists(self.log):
            return []
        return [line.split("\t") for line in open(self.log).read().splitlines()]

    def writes(self):
        return [r for r in self.requests() if r[0] == "Invoke"]

    def host(self):
        return json.load(open(self.state))

    def stop(self):
        self.proc.kill()
        self.proc.wait()


def run(numaplan, *args, cwd=None):
    env = dict(os.environ, NUMAPLAN_PASSWORD="secret", no_proxy="*", NO_PROXY="*")
    return subprocess.run([numaplan] + list(args), cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def live(fake):
    return ["--wsman", fake.url, "--user", "admin", "--allow-unencrypted"]


def edit(imported, edited):
    """The README's edit: web1 from two vNUMA nodes to one"""
    text = open(imported).read()
    old = '"hv-4vcpu-4096mb-numa2": {vcpus: 4, memory_mb: 4096, extra_specs: {"hw:numa_nodes": "2"}}'
    new = '"hv-4vcpu-4096mb-numa2": {vcpus: 4, memory_mb: 4096, extra_specs: {"hw:numa_nodes": "1"}}'
    check(old in text, "the import has web1's flavor")
    open(edited, "w").write(text.replace(old, new))


def readme_sequence(numaplan, srcdir, tmp):
    fake = Fake(srcdir, tmp)
    try:
        r = run(numaplan, "import", *live(fake), "-o", "hv01.yaml", cwd=tmp)
        check(r.returncode == 0, "import: %s" % r.stderr)
        edit(os.path.join(tmp, "hv01.yaml"), os.path.join(tmp, "hv01-edited.yaml"))
        r = run(numaplan, "plan", "hv01-edited.yaml", "-o", "plan.json", cwd=tmp)
        check(r.returncode == 0, "plan: %s" % r.stderr)
        plan = json.load(open(os.path.join(tmp, "plan.json")))
        check(len(plan["hosts"]) == 1 and [v["name"] for v in plan["hosts"][0]["vms"]] == ["web1"],
              "the plan changes web1 only")
        r = run(numaplan, "apply", "plan.json", *live(fake), "--dry-run", cwd=tmp)
        check(r.returncode == 0, "dry run: %s" % r.stderr)
        check("would call ModifyResourceSettings" in r.stdout and "web1" in r.stdout,
              "the dry run names each call: %s" % r.stdout)
        check(not fake.writes(), "the dry run wrote")
        check(not os.path.exists(os.path.join(tmp, "plan.json.journal")), "a dry-run journal")
        r = run(numaplan, "apply", "plan.json", *live(fake), cwd=tmp)
        check(r.returncode == 0, "apply: %s" % r.stderr)
        web1 = fake.host()["vms"]["6B8A2D8E-0C55-4E37-9A0B-3C1C2B1E0F01"]
        check(web1["processor"]["MaxProcessorsPerNumaNode"] == 4
              and web1["memory"]["MaxMemoryBlocksPerNumaNode"] == 4096, "web1 changed")
        journal = open(os.path.join(tmp, "plan.json.journal")).read().splitlines()
        check([json.loads(l)["step"] for l in journal] == ["memory", "processor"],
              "the journal: %s" % journal)
        writes = len(fake.writes())
        r = run(numaplan, "apply", "plan.json", *live(fake), cwd=tmp)
        check(r.returncode == 0 and "nothing to do" in r.stdout, "second apply: %s" % r.stdout)
        check(len(fake.writes()) == writes, "the second apply wrote")
        # the plan of the import as it is: empty, and apply does nothing
        r = run(numaplan, "plan", "hv01.yaml", "-o", "empty.json", cwd=tmp)
        check(r.returncode == 0 and json.load(open(os.path.join(tmp, "empty.json")))["hosts"] == [],
              "an unedited import plans nothing")
    finally:
        fake.stop()


def bad_plans(numaplan, srcdir, tmp):
    """exit 2, PLAN:LINE:COLUMN, nothing sent"""
    fake = Fake(srcdir, tmp)
    good = run(numaplan, "plan", os.path.join(srcdir, "data", "plan", "edited.yaml")).stdout
    cases = {
        "not-json.json": ("{\"numaplan_plan\": 1,\n  \"hosts\": [}\n", ":2:"),
        "version.json": ('{"numaplan_plan": 2, "hosts": []}\n', ':1:19: "numaplan_plan" must be 1'),
        "no-version.json": ('{"hosts": []}\n', ':1:1: not a numaplan plan'),
        "missing.json": (good.replace('"name": "web1",\n', ""), 'missing "name"'),
        "type.json": (good.replace('"VirtualQuantity": 2048', '"VirtualQuantity": "2048"', 1),
                      '"VirtualQuantity" must be an integer'),
        "unknown.json": (good.replace('"spanning":', '"spaning": null, "spanning":', 1),
                         'unknown member "spaning"'),
    }
    try:
        for name, (text, needle) in cases.items():
            path = os.path.join(tmp, name)
            open(path, "w").write(text)
            r = run(numaplan, "apply", path, *live(fake))
            line = r.stderr.strip().splitlines()[-1] if r.stderr.strip() else ""
            check(r.returncode == 2 and path + ":" in line and needle in line,
                  "%s: exit %d: %s" % (name, r.returncode, r.stderr))
            r = run(numaplan, "apply", path, "--emit", "powershell")
            check(r.returncode == 2, "%s --emit: exit %d" % (name, r.returncode))
        # refused options and password files: nothing sent either
        plan = os.path.join(tmp, "good.json")
        open(plan, "w").write(good)
        pw = os.path.join(tmp, "pw")
        open(pw, "w").write("secret\n")
        os.chmod(pw, 0o644)
        for args in (["--password-file", pw], ["--auth", "kerberos"], ["--emit", "bash"],
                     ["--output", "x.ps1"], ["--job-timeout", "0"]):
            r = run(numaplan, "apply", plan, *live(fake), *args)
            check(r.returncode == 2, "apply %s: exit %d %s" % (args, r.returncode, r.stderr))
        r = run(numaplan, "apply", plan)
        check(r.returncode == 2 and "--wsman" in r.stderr, "apply without a host")
        check(fake.requests() == [], "a refused run sent %s" % fake.requests())
        # a running VM without --allow-stop: refused, nothing written
        r = run(numaplan, "apply", plan, *live(fake))
        check(r.returncode == 2 and "is running" in r.stderr, "running: %s" % r.stderr)
        check(not fake.writes(), "a refused plan wrote")
        check(not os.path.exists(plan + ".journal") or open(plan + ".journal").read() == "",
              "a refused plan journaled")
    finally:
        fake.stop()


def failure_and_rerun(numaplan, srcdir, tmp):
    """exit 3 naming the journal; --journal FILE; the rerun is 0"""
    fake = Fake(srcdir, tmp, "--fail-invoke", "4:fault")
    try:
        plan = os.path.join(tmp, "rerun.json")
        journal = os.path.join(tmp, "elsewhere.journal")
        r = run(numaplan, "plan", os.path.join(srcdir, "data", "plan", "edited.yaml"), "-o", plan)
        check(r.returncode == 0, "plan")
        r = run(numaplan, "apply", plan, *live(fake), "--allow-stop", "--journal", journal)
        check(r.returncode == 3 and journal in r.stderr, "failure: %d %s" % (r.returncode, r.stderr))
        check(not os.path.exists(plan + ".journal"), "--journal was not used")
        steps = [json.loads(l)["step"] for l in open(journal).read().splitlines()]
        check(steps == ["spanning", "shutdown", "stopped", "memory", "failed"], "journal %s" % steps)
        r = run(numaplan, "apply", plan, *live(fake), "--allow-stop", "--journal", journal)
        check(r.returncode == 0, "rerun: %s" % r.stderr)
        host = fake.host()
        check(host["vms"]["0F2C4A6E-8B1D-4C3E-A5F7-091B2D3E4F02"]["EnabledState"] == 2,
              "db running again")
    finally:
        fake.stop()


def main():
    numaplan, srcdir = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory() as tmp:
        readme_sequence(numaplan, srcdir, tmp)
        bad_plans(numaplan, srcdir, tmp)
        failure_and_rerun(numaplan, srcdir, tmp)
    print("%d failures" % len(FAILURES))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
