#!/usr/bin/env python3
"""The attacker's re-probe of quiesce's inputs (issue 16, docs/reliability.md "Probed as an attacker").

Runs the built launcher (./quiesce with QUIESCE_NO_BUILD=1, so build it first:
  ./mvnw -B -q -o -pl cli -am package -DskipTests) once per probe, each in a fresh empty working directory, with a
timeout (10 s) and a heap bound (QUIESCE_JAVA_OPTS=-Xmx256m), and classifies each probe:

  clean  the exit status is 2 (or the command's documented status: `payload verify` 1 for invalid, the host shell
         0/1/2 as xen-livepatch), stderr is exactly one line starting with `error: ` (the host shell: its documented
         xen-livepatch lines), no Java exception class names, stack frames or SLF4J lines, no terminal control
         characters, no usage text, no hang, nothing written that was not asked for, the fixtures unchanged.
  not clean  anything else; the reason is printed.

  scripts/probe-hostile-input.py [--family NAME] [--jobs N] [--json FILE] [--verbose]

Prints one line per probe that is not clean and a table per family (cases, clean, not clean); exit 1 if any probe
is not clean. Deterministic: the probes are a fixed list; only the working directories are random.
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# QUIESCE_PROBE_LAUNCHER: another launcher (e.g. a copy of an earlier build, to measure "before")
LAUNCHER = os.environ.get("QUIESCE_PROBE_LAUNCHER", os.path.join(ROOT, "quiesce"))
TIMEOUT = 10

EXCEPTION = re.compile(r"\b[A-Z][A-Za-z0-9]*(?:Exception|Error)\b|^\s+at [\w.$]+\(|\bSLF4J\b|Caused by:"
                       r"|\b(?:java|javax|jdk|sun|org|com|picocli)\.[a-z]+\.[\w.$]+", re.M)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\x80-\x9f\u202a-\u202e\u2066-\u2069]")


class Probe:
    """One probe: a family, the arguments, the files its working directory starts with, what clean means."""

    def __init__(self, family, args, files=None, expect="error", ok=(), allow=(), stdin=None, name=None):
        self.family = family
        self.args = list(args)
        self.files = files or {}
        self.expect = expect      # error | any | host
        self.ok = tuple(ok)       # further documented exit statuses
        self.allow = tuple(allow)  # names the probe may create in its working directory
        self.stdin = stdin
        self.name = name or " ".join(self.args)


# ---------------------------------------------------------------------------------------------------------------
# Fixtures: made once with the launcher itself (samples, a key pair, a signed envelope) and by hand.

def make_fixtures(fx):
    def q(*a):
        subprocess.run([LAUNCHER, *a], cwd=fx, check=True, stdout=subprocess.DEVNULL, env=env())
    q("payload", "samples", "-o", "pl")
    q("payload", "keygen", "-o", "k")
    q("payload", "keygen", "-o", "other")
    q("payload", "sign", "pl/xen_hello_world.livepatch", "--key", "k.key", "-o", "hello.signed")
    os.makedirs(os.path.join(fx, "keys"))
    shutil.copy(os.path.join(fx, "k.pub"), os.path.join(fx, "keys", "k.pub"))
    # a replay file of a short run (quick to re-run on a loaded machine)
    run = subprocess.run([LAUNCHER, "run", "--set", "duration=300us"], cwd=fx, check=True, capture_output=True,
                         env=env(), text=True).stdout
    digest = re.search(r"trace-hash=([0-9a-f]{64})", run).group(1)
    with open(os.path.join(fx, "good.replay"), "w") as f:
        f.write("scenario: xen-default\nseed: 0x5eed\nset: duration=300us\ntrace-hash: %s\n" % digest)
    with open(os.path.join(fx, "model.json"), "w") as f:
        json.dump(MODEL, f)


MODEL = {"format": "quiesce-model", "version": 1, "classes": [
    {"name": "web", "calibration": "probe", "quiescenceGapNs": [4, 5, 44], "irqRatePerMs": 5.9,
     "irqDurationNs": [3, 92], "nmiRatePerMs": 0.0, "nmiDurationNs": [0], "stallNsPerIteration": 1.25}]}


def env():
    e = dict(os.environ)
    e["QUIESCE_NO_BUILD"] = "1"
    e["QUIESCE_JAVA_OPTS"] = "-Xmx256m"
    e["TERM"] = "dumb"
    return e


# ---------------------------------------------------------------------------------------------------------------
# The probes, family by family. {F} is the fixtures directory, {C} the probe's working directory.

BAD_INT = ["", "abc", "-1", "99999999999999999999"]
BAD_DURATION = ["", "-5ms", "99999999999999999999ms", "5parsecs"]
BAD_WORD = ["", "bogus", "\x1b[31mred"]


def option_probes():
    p = []
    fam = "options"
    # command, base arguments (kept fast if a value is accepted), options: name -> kind
    table = [
        (["run"], ["--duration=300us"], {"--cpus": "count", "--duration": "duration", "--at": "duration",
                                         "--timeout": "duration", "--store-spacing": "duration", "--seed": "seed",
                                         "--threads": "count", "--granularity": "word", "--nmi-policy": "word",
                                         "--xmc": "word", "--oracles": "word", "--protocol": "word",
                                         "--apply": "word", "--retry": "retry"}),
        (["sweep", "xen-default"], ["--seeds=1", "--set=duration=300us", "--out={C}/o"],
         {"--seeds": "count", "--threads": "count", "--vary": "vary"}),
        (["hunt", "mixed-versions-unsafe"], ["--oracle=NoMixedVersions", "--budget=3", "--set=duration=200us"],
         {"--budget": "count", "--depth": "count", "--hunt-seed": "seed", "--strategy": "word",
          "--threads": "count"}),
        (["hunt", "xen-default"], ["--budget=3", "--set=duration=300us"], {"--oracle": "word"}),
        (["replay", "xen-default"], ["--set=duration=300us"], {"--expect-hash": "word", "--seed": "seed"}),
        (["shrink", "xen-default"], ["--oracle=NoTornFetch", "--set=duration=300us"],
         {"--max-runs": "count", "--seed": "seed"}),
        (["calibrate", "xen-default"], ["-o", "{C}/m.json", "--seeds=1", "--set=host.cpus=2"],
         {"--seeds": "count", "--threads": "count", "--max-samples": "count", "--duration": "duration",
          "--class": "name"}),
        (["fleet", "fleet-10k"], ["--set=hosts=20", "--set=canaries.emulated=0"], {"--nodes": "count", "--timeout": "duration",
                                                      "--journal": "word", "--join": "hostport",
                                                      "--rollout-id": "name"}),
        (["node"], [], {"--port": "port", "--host": "word", "--seed-nodes": "hostport", "--journal": "word"}),
        (["history", "run"], ["--short", "--threads=1", "no-such-case"],
         {"--seeds": "count", "--hunts": "count", "--count": "count", "--threads": "count"}),
        (["bench", "fleet"], ["--hosts=10", "--warmup=0"], {"--cpus": "count", "--threads": "count",
                                                            "--model": "word", "--scenario": "word"}),
        (["payload", "build"], ["--name=x", "--depends-on-image=base", "--base={F}/pl", "--patched={F}/pl"],
         {"--name": "name", "--depends": "word", "--xen-depends": "word"}),
        (["payload", "keygen"], [], {"-o": "path"}),
        (["payload", "samples"], [], {"-o": "path"}),
        (["payload", "sign", "{F}/pl/xen_nop.livepatch"], ["--key={F}/k.key", "-o", "{C}/x.signed"],
         {"--name": "name", "--meta": "meta"}),
        (["payload", "inspect", "{F}/pl/xen_nop.livepatch"], [], {"--check-against": "word"}),
        (["host"], ["--exec=list"], {"--seed": "seed", "--payloads": "dir", "--trust": "path",
                                     "--require-signed": "bool"}),
    ]
    values = {"count": BAD_INT + ["0"], "duration": BAD_DURATION, "seed": ["", "abc", "0x", "0xZZ",
                                                                            "99999999999999999999999"],
              "word": BAD_WORD, "name": BAD_WORD, "retry": ["", "fixed(", "fixed(-1,2s)", "fixed(99999999999,1ms)",
                                          "exponential(1ms,0,16ms,2,5)", "adaptive(a,b,c,d)", "bogus(1)"],
              "vary": ["", "=", "cpus", "bogus=1", "host.cpus=", "host.cpus=0,abc", "duration=-1ms",
                       "seed=1," + ",".join(str(i) for i in range(2000))],
              "hostport": ["", ":", "host", "127.0.0.1:99999", "127.0.0.1:-1", "[::1", "a:b:c"],
              "port": BAD_INT + ["65536", "70000"], "path": ["", "/proc/x", "/proc/x/y"], "dir": ["/proc/x", "/dev/zero", "/nope"],
              "meta": ["", "=", "novalue"], "bool": ["", "maybe", "2"]}
    for cmd, base, opts in table:
        for opt, kind in opts.items():
            for v in values[kind]:
                # "any": a value that may be valid (e.g. --seed=-1); otherwise the value must be refused
                p.append(Probe(fam, cmd + base + [opt + "=" + v],
                               expect="any" if kind == "name" else "error", allow=("o", "m.json", "x.signed")))
            p.append(Probe(fam, cmd + base + [opt], name=" ".join(cmd + [opt, "(no value)"])))
    for cmd in [["run"], ["sweep"], ["hunt"], ["replay"], ["shrink"], ["calibrate"], ["fleet"], ["node"],
                ["bench"], ["payload"], ["host"], ["history"], ["history", "run"], ["payload", "sign"],
                ["payload", "verify"], ["payload", "inspect"], ["payload", "build"], ["bench", "fleet"]]:
        p.append(Probe(fam, cmd + ["--no-such-option"]))
        p.append(Probe(fam, cmd + ["-Z"]))
    for cmd in [["bogus"], ["payload", "bogus"], ["bench", "bogus"], ["history", "bogus"], ["run", "a", "b"],
                ["replay"], ["hunt", "xen-default"], ["shrink"], ["payload", "sign"], ["payload", "verify"],
                ["calibrate", "xen-default"], ["node"], ["payload", "inspect"], ["sweep"], ["fleet"],
                ["run", "--cpus=4", "--cpus=5"], ["run", "--", "--cpus"], ["run", "@{C}/nofile"],
                ["run", "@/dev/zero"], ["payload", "build", "--name=x", "--base=a", "--patched=b"]]:
        p.append(Probe(fam, cmd))
    return p


SET_BAD = ["", "=", "novalue", "=5", "bogus=1", "host.bogus=1", "host=5", "cpus=abc", "host.cpus=abc",
           "host.cpus=0", "host.cpus=-1", "host.cpus=257", "host.cpus=99999999999999", "host.cpus=1e9",
           "duration=-5ms", "duration=abc", "duration=0", "barrier.timeout=-1ms", "barrier.timeout=abc",
           "seed=abc", "seed=0xZZ", "protocol=nope", "protocol=5", "retry=bogus", "nmi-policy=bogus",
           "payloads=[nope]", "payloads=5", "payloads={}", "actions=5", "actions=[5]",
           "actions=[{at=1ms,action=bogus}]", "actions=[{at=-1ms,action=apply,payload=xen_hello_world}]",
           "actions=[{action=apply}]", "actions=[{at=1ms,action=apply,payload=nope}]", "x=${y}", "x=${x}",
           "include \"/etc/passwd\"", "a..b=1", ".a=1", "a.=1", "host.interrupts.nmi-rate-per-ms=-1",
           "host.interrupts.nmi-rate-per-ms=1e308", "host.interrupts.nmi-rate-per-ms=NaN", "oracles=bogus",
           "granularity=bogus", "xmc=bogus", "name=" + "\x1b[31m", "duration=" + "9" * 400 + "ms",
           "host.cpus=" + "[" * 3000, "plugins=/proc/x", "plugins=/dev/zero", "store-spacing=-1ns",
           "host.interrupts=5", "barrier=5", "actions=[{at=1ms,action=apply,payload=xen_hello_world,bogus=1}]"]


def set_probes():
    p = []
    for v in SET_BAD:
        p.append(Probe("--set", ["run", "--set", "duration=300us", "--set", v], name="run --set " + repr(v)[:60]))
    for v in ["", "bogus=1", "host=5", "host.cpus=abc", "x=${y}", "hosts=-1", "hosts=0", "hosts=abc",
              "hosts=99999999999", "classes=5", "classes=[]", "rollout.canary-size=-1",
              "rollout.failure-threshold=2", "rollout.growth-factor=0", "canaries.emulated=-1",
              "model-file=/dev/zero", "model-file=/proc/x", "threads=0", "threads=-1", "rollout=5",
              "models=5", "payloads=[nope]", "protocol=nope", "rollout.pause=-1s"]:
        p.append(Probe("--set", ["fleet", "fleet-10k", "--set", "hosts=20", "--set", "canaries.emulated=0", "--set", v],
                       name="fleet --set " + repr(v)[:60]))
    for cmd in [["sweep", "xen-default", "--seeds=1", "--out={C}/o"], ["hunt", "xen-default", "--oracle=NoTornFetch",
                                                                      "--budget=2"],
                ["calibrate", "xen-default", "-o", "{C}/m.json", "--seeds=1"], ["replay", "xen-default"],
                ["shrink", "xen-default", "--oracle=NoTornFetch"]]:
        for v in ["bogus=1", "host=5", "host.cpus=0", "duration=abc", "x=${y}", "novalue"]:
            p.append(Probe("--set", cmd + ["--set", v], name=cmd[0] + " --set " + v))
    return p


def scenario_probes():
    base = open(os.path.join(ROOT, "scenarios", "xen-default.conf")).read()
    files = {
        "empty": b"",
        "comments": b"# nothing\n",
        "unclosed": b"host { cpus = 8\n",
        "stray-brace": b"}\n",
        "binary": bytes(range(256)) * 4,
        "nul": b"name = a\x00b\n",
        "utf16": "name = x\n".encode("utf-16"),
        "bad-utf8": b"name = \xff\xfe\n",
        "deep-object": b"a = " + b"{b = " * 3000 + b"1" + b"}" * 3000,
        "deep-array": b"a = " + b"[" * 3000 + b"]" * 3000,
        "cycle": b"a = ${b}\nb = ${a}\n",
        "unresolved": b"a = ${nope}\n",
        "include-missing": b"include \"nope.conf\"\n",
        "include-url": b"include url(\"http://127.0.0.1:1/x\")\n",
        "include-file-abs": b"include file(\"/etc/passwd\")\n",
        "include-self": b"include \"s.conf\"\n",
        "include-zero": b"include file(\"/dev/zero\")\n",
        "include-classpath": b"include classpath(\"reference.conf\")\n",
        "include-dir": b"include \"d\"\n",
        "env-subst": b"name = ${HOME}\n",
        "long-key": b"a" * 100000 + b" = 1\n",
        "many-keys": b"".join(b"k%d = %d\n" % (i, i) for i in range(50000)),
        "huge-string": b"name = \"" + b"a" * 900000 + b"\"\n",
    }
    wrong = {
        "cpus-string": "host { cpus = abc }", "cpus-zero": "host { cpus = 0 }", "cpus-huge": "host { cpus = 1000000 }",
        "cpus-neg": "host { cpus = -4 }", "cpus-float": "host { cpus = 1.5 }", "cpus-list": "host { cpus = [1] }",
        "duration-neg": "duration = -1ms", "duration-word": "duration = soon", "duration-huge":
            "duration = 999999999999999999999ms", "seed-bad": "seed = \"0xZZ\"", "seed-obj": "seed { a = 1 }",
        "protocol-unknown": "protocol = nope", "protocol-list": "protocol = [a]", "timeout-neg":
            "barrier.timeout = -1ms", "retry-bad": "retry = \"fixed(x)\"", "nmi-bad": "nmi-policy = maybe",
        "payloads-unknown": "payloads = [nope]", "payloads-string": "payloads = xen_hello_world",
        "actions-obj": "actions = {}", "actions-bad": "actions = [ { at = soon, action = apply } ]",
        "actions-unknown-payload": "actions = [ { at = 1us, action = apply, payload = nope } ]",
        "actions-after-end": "duration = 1ms\nactions = [ { at = 2s, action = apply, payload = xen_hello_world } ]",
        "unknown-key": "bogus = 1", "unknown-host-key": "host { bogus = 1 }", "host-string": "host = 5",
        "irq-neg": "host { interrupts { irq-rate-per-ms = -1 } }", "irq-huge":
            "host { interrupts { irq-rate-per-ms = 1e308 } }", "name-escape": "name = \"\\u001b[31mred\"",
        "oracles-bad": "oracles = [nope]", "xmc-bad": "xmc = maybe", "granularity-bad": "granularity = maybe",
        "plugins-missing": "plugins = [/proc/x]",
    }
    p = []
    maybe = {"empty", "comments", "huge-string", "include-classpath", "env-subst", "actions-after-end"}
    for n, b in files.items():
        extra = {"d": "DIR"} if n == "include-dir" else {}
        p.append(Probe("scenario files", ["run", "{C}/s.conf", "--duration=300us"],
                       files={"s.conf": b, **extra}, name="scenario " + n,
                       expect="any" if n in maybe else "error"))
    for n, line in wrong.items():
        text = (base + "\n" + line + "\n").replace("duration = 5ms", "duration = 300us", 1)
        p.append(Probe("scenario files", ["run", "{C}/s.conf"], files={"s.conf": text.encode()},
                       name="scenario " + n, expect="any" if n in maybe else "error"))
    for n, spec in {"missing": None, "dir": "DIR", "fifo": "FIFO", "devzero": "/dev/zero", "sparse": "SPARSE",
                    "symlink-zero": "LINK:/dev/zero", "unreadable-proc": "/proc/self/mem"}.items():
        arg = {"missing": "{C}/nope.conf", "devzero": "/dev/zero", "unreadable-proc": "/proc/self/mem"}.get(n, "{C}/s.conf")
        files = {"s.conf": spec} if spec and not spec.startswith("/") else {}
        for cmd in [["run"], ["sweep"], ["hunt", "--oracle=NoTornFetch"], ["calibrate", "-o", "{C}/m.json"]]:
            p.append(Probe("scenario files", [cmd[0], arg] + cmd[1:], files=files,
                           name=cmd[0] + " scenario " + n))
    return p


def fleet_probes():
    base = open(os.path.join(ROOT, "scenarios", "fleet-10k.conf")).read().replace("hosts = 10000", "hosts = 20").replace(
        "emulated = 2", "emulated = 0")
    wrong = {"hosts-neg": "hosts = -1", "hosts-zero": "hosts = 0", "hosts-huge": "hosts = 99999999999",
             "hosts-str": "hosts = many", "share-sum": "classes = [ { name = web, share = 0.3, cpus = 32, model = web } ]",
             "share-neg": "classes = [ { name = web, share = -1, cpus = 32, model = web } ]",
             "classes-empty": "classes = []", "class-model-missing":
                 "classes = [ { name = web, share = 1, cpus = 32, model = nope } ]",
             "class-cpus-zero": "classes = [ { name = web, share = 1, cpus = 0, model = web } ]",
             "model-gap-empty": "models.web.quiescence-gap = []", "model-gap-neg": "models.web.quiescence-gap = [-1us]",
             "model-rate-huge": "models.web.irq-rate-per-ms = 1e308", "model-rate-nan": "models.web.irq-rate-per-ms = NaN",
             "canaries-many": "canaries.emulated = 100000", "canaries-class": "canaries.classes = [nope]",
             "rollout-threshold": "rollout.failure-threshold = -0.5", "growth-zero": "rollout.growth-factor = 0",
             "max-concurrent-zero": "rollout.max-concurrent = 0", "canary-size-neg": "rollout.canary-size = -3",
             "unknown": "bogus = 1", "model-file-missing": "model-file = nope.json",
             "model-file-zero": "model-file = /dev/zero", "stragglers-bad":
                 "classes = [ { name = web, share = 1, cpus = 32, model = web, stragglers = { share = 2 } } ]"}
    p = []
    for n, line in wrong.items():
        p.append(Probe("fleet scenarios and models", ["fleet", "{C}/f.conf"],
                       files={"f.conf": (base + "\n" + line + "\n").encode()}, name="fleet " + n))
    for n, b in {"garbage": b"{{{", "deep": b"a = " + b"[" * 3000 + b"]" * 3000,
                 "cycle": b"a = ${b}\nb = ${a}\n"}.items():
        p.append(Probe("fleet scenarios and models", ["fleet", "{C}/f.conf"], files={"f.conf": b},
                       name="fleet file " + n))
    models = {
        "empty": b"", "not-json": b"{nope", "array": b"[]", "deep": b"[" * 5000 + b"]" * 5000,
        "wrong-format": json.dumps({**MODEL, "format": "nope"}).encode(),
        "version-99": json.dumps({**MODEL, "version": 99}).encode(),
        "no-classes": json.dumps({"format": "quiesce-model", "version": 1}).encode(),
        "classes-string": json.dumps({**MODEL, "classes": "x"}).encode(),
        "nan": json.dumps(MODEL).replace("5.9", "NaN").encode(),
        "rate-huge": json.dumps(MODEL).replace("5.9", "1e308").encode(),
        "rate-neg": json.dumps(MODEL).replace("5.9", "-1").encode(),
        "gap-neg": json.dumps(MODEL).replace("[4, 5, 44]", "[-4, 5, 44]").encode(),
        "gap-unsorted": json.dumps(MODEL).replace("[4, 5, 44]", "[44, 5, 4]").encode(),
        "gap-empty": json.dumps(MODEL).replace("[4, 5, 44]", "[]").encode(),
        "gap-huge": json.dumps(MODEL).replace("[4, 5, 44]", "[1e30]").encode(),
        "gap-string": json.dumps(MODEL).replace("[4, 5, 44]", "[\"a\"]").encode(),
        "name-missing": json.dumps(MODEL).replace("\"name\": \"web\", ", "").encode(),
        "dup-key": json.dumps(MODEL).replace("{\"format\"", "{\"format\": 1, \"format\"").encode(),
        "trailing": json.dumps(MODEL).encode() + b" garbage",
        "big-number": json.dumps(MODEL).replace("5.9", "1" + "0" * 5000).encode(),
        "long-string": json.dumps(MODEL).replace("probe", "a" * 20000000).encode(),
        "bad-escape": json.dumps(MODEL).replace("probe", "\\uZZZZ").encode(),
        "nul": json.dumps(MODEL).encode().replace(b"probe", b"pr\x00be"),
    }
    for n, b in models.items():
        files = {"m.json": b, "f.conf": (base + "\nmodel-file = m.json\n").encode()}
        p.append(Probe("fleet scenarios and models", ["fleet", "{C}/f.conf"], files=files, name="model " + n))
        p.append(Probe("fleet scenarios and models", ["calibrate", "xen-default", "--append", "-o", "{C}/m.json",
                                                     "--seeds=1", "--duration=300us"],
                       files={"m.json": b}, name="calibrate --append " + n))
    for n, spec in {"fifo": "FIFO", "dir": "DIR", "sparse": "SPARSE", "zero-link": "LINK:/dev/zero"}.items():
        files = {"m.json": spec, "f.conf": (base + "\nmodel-file = m.json\n").encode()}
        p.append(Probe("fleet scenarios and models", ["fleet", "{C}/f.conf"], files=files, name="model " + n))
    return p


def replay_probes(fx):
    good = open(os.path.join(fx, "good.replay")).read()
    digest = re.search(r"trace-hash: (\w+)", good).group(1)
    variants = {
        "empty": "", "garbage": "\x01\x02\x03", "no-colon": "scenario mixed\n", "no-scenario": good.split("\n", 1)[1],
        "no-seed": good.replace("seed: 0x5eed\n", ""), "no-hash": good.replace("trace-hash", "x-hash"),
        "oracle-no-message": good + "oracle: NoTornFetch\n", "bad-seed": good.replace("0x5eed", "0xZZ"),
        "huge-seed": good.replace("0x5eed", "9" * 50), "bad-hash": good.replace(digest, "zz" + digest[2:]),
        "short-hash": good.replace(digest, digest[:4]),
        "unknown-scenario": good.replace("xen-default", "nope"),
        "scenario-devzero": good.replace("xen-default", "/dev/zero"),
        "unknown-oracle": good + "oracle: Nope\nmessage: x\n", "unknown-key": good + "bogus: 1\n",
        "dup-seed": good + "seed: 0x9\n", "bad-set": good + "set: novalue\n", "set-host": good + "set: host=5\n",
        "set-unknown": good + "set: bogus=1\n", "set-subst": good + "set: x=${y}\n",
        "long-line": "scenario: " + "a" * 900000 + "\n", "escape": good + "oracle: NoTornFetch\nmessage: \x1b[2J\n",
        "crlf": good.replace("\n", "\r\n"), "nul": good.replace("seed", "se\x00ed"),
        "bom": "\ufeff" + good, "mismatched-hash": good.replace(digest, "0" * 64),
    }
    p = []
    for n, text in variants.items():
        # a wrong hash is a documented failure of replay (it does not reproduce): exit 1
        ok = (1,) if n in ("mismatched-hash", "escape", "unknown-oracle") else ()
        fine = n in ("crlf", "bom")  # a file edited on another system is still read
        for cmd in (["replay"], ["shrink", "--max-runs=2"]):
            p.append(Probe("replay files", [cmd[0], "{C}/r.replay"] + cmd[1:], files={"r.replay": text.encode()},
                           ok=ok if cmd[0] == "replay" else (), name=cmd[0] + " replay " + n,
                           expect="any" if fine and cmd[0] == "replay" else "error"))
    for n, spec in {"fifo": "FIFO", "dir": "DIR", "sparse": "SPARSE", "zero-link": "LINK:/dev/zero"}.items():
        for cmd in ("replay", "shrink"):
            p.append(Probe("replay files", [cmd, "{C}/r.replay"], files={"r.replay": spec}, name=cmd + " " + n))
    p.append(Probe("replay files", ["replay", "xen-default", "--expect-hash=zz"]))
    p.append(Probe("replay files", ["replay", "{C}/nope.replay"]))
    return p


def elf_variants(fx):
    elf = open(os.path.join(fx, "pl", "xen_hello_world.livepatch"), "rb").read()
    env_ = open(os.path.join(fx, "hello.signed"), "rb").read()
    v = {"empty": b"", "random": bytes((i * 7919 + 13) % 256 for i in range(4096)), "magic-only": b"\x7fELF",
         "wrong-magic": b"\x7fELG" + elf[4:], "text": b"hello\n"}
    for cut in (16, 52, 64, 100, len(elf) // 2, len(elf) - 1):
        v["elf-cut-%d" % cut] = elf[:cut]
    for off, val, tag in ((0x28, b"\xff" * 8, "shoff-huge"), (0x3c, b"\xff\xff", "shnum-huge"),
                          (0x3e, b"\xff\xff", "shstrndx-huge"), (0x3a, b"\x00\x00", "shentsize-0"),
                          (0x3a, b"\xff\xff", "shentsize-huge"), (4, b"\x01", "class-32"), (5, b"\x02", "big-endian"),
                          (0x12, b"\x03\x00", "machine-386"), (0x10, b"\x02\x00", "type-exec")):
        b = bytearray(elf)
        b[off:off + len(val)] = val
        v["elf-" + tag] = bytes(b)
    for i, pos in enumerate(range(64, len(elf), max(1, len(elf) // 8))):
        b = bytearray(elf)
        b[pos] ^= 0xff
        v["elf-flip-%02d" % i] = bytes(b)
    for cut in (4, 8, 20, 40, len(env_) // 2, len(env_) - 1):
        v["env-cut-%d" % cut] = env_[:cut]
    for i, pos in enumerate(range(0, min(len(env_), 200), 25)):
        b = bytearray(env_)
        b[pos] ^= 0xff
        v["env-flip-%02d" % i] = bytes(b)
    for pos in range(0, 64, 16):
        b = bytearray(env_)
        b[pos:pos + 4] = b"\xff\xff\xff\x7f"
        v["env-len-%02d" % pos] = bytes(b)
    v["env-wrong-magic"] = b"NOPE" + env_[4:]
    return v


def payload_probes(fx):
    p = []
    fam = "payloads and envelopes"
    for n, b in elf_variants(fx).items():
        f = {"p.bin": b}
        p.append(Probe(fam, ["payload", "inspect", "{C}/p.bin"], files=f, expect="any", name="inspect " + n))
        p.append(Probe(fam, ["payload", "verify", "{C}/p.bin", "--pubkey={F}/k.pub"], files=f, ok=(1,),
                       name="verify " + n))
        if "flip" in n or "len" in n:
            continue
        p.append(Probe(fam, ["host", "--exec", "upload p {C}/p.bin; apply p"], files=f, expect="host",
                       name="host upload " + n))
        if n.startswith(("env-cut", "random", "empty")):
            p.append(Probe(fam, ["payload", "sign", "{C}/p.bin", "--key={F}/k.key", "-o", "{C}/o.signed"], files=f,
                           expect="any", allow=("o.signed",), name="sign " + n))
    for n, spec in {"fifo": "FIFO", "dir": "DIR", "sparse": "SPARSE", "zero-link": "LINK:/dev/zero"}.items():
        f = {"p.bin": spec}
        for cmd in (["payload", "inspect", "{C}/p.bin"], ["payload", "verify", "{C}/p.bin", "--pubkey={F}/k.pub"],
                    ["payload", "sign", "{C}/p.bin", "--key={F}/k.key", "-o", "{C}/o.signed"],
                    ["payload", "inspect", "{F}/pl/xen_nop.livepatch", "--check-against=base,{C}/p.bin"]):
            p.append(Probe(fam, cmd, files=f, name=" ".join(cmd[:2]) + " " + n))
        p.append(Probe(fam, ["host", "--exec", "upload p {C}/p.bin"], files=f, expect="host", name="host upload " + n))
    for v in ["", ",", "nope", "base,nope", "base,,", "base," + "x," * 3000, "/dev/zero", "base,/dev/zero"]:
        p.append(Probe(fam, ["payload", "inspect", "{F}/pl/xen_nop.livepatch", "--check-against=" + v]))
    p.append(Probe(fam, ["payload", "build", "--name=x", "--depends-on-image=base", "--base={C}/a.o",
                         "--patched={C}/a.o"], files={"a.o": b"junk"}, ok=(3,)))
    p.append(Probe(fam, ["payload", "build", "--name=x", "--depends-on-image=base", "--base=/dev/zero",
                         "--patched=/dev/zero"]))
    p.append(Probe(fam, ["payload", "build", "--name=x", "--depends-on-image=nope", "--base={C}/d",
                         "--patched={C}/d"], files={"d": "DIR"}))
    return p


def key_probes(fx):
    pem = open(os.path.join(fx, "k.pub"), "rb").read()
    key = open(os.path.join(fx, "k.key"), "rb").read()
    rsa = subprocess.run(["openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:1024"],
                         capture_output=True).stdout
    ec = subprocess.run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"],
                        capture_output=True).stdout
    rsapub = subprocess.run(["openssl", "pkey", "-pubout"], input=rsa, capture_output=True).stdout
    v = {"empty": b"", "garbage": b"\x00\x01\x02" * 50, "pem-no-body": b"-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
         "pem-bad-b64": b"-----BEGIN PRIVATE KEY-----\n!!!!\n-----END PRIVATE KEY-----\n",
         "pem-truncated": key[:len(key) // 2], "public-as-private": pem, "private-as-public": key, "rsa": rsa,
         "ec": ec, "rsa-pub": rsapub, "pem-huge-line": b"-----BEGIN PRIVATE KEY-----\n" + b"A" * 60000 + b"\n-----END PRIVATE KEY-----\n",
         "two-keys": key + key, "pem-der-garbage": b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
         "pub-header-priv-body": key.replace(b"PRIVATE", b"PUBLIC")}
    p = []
    fam = "key files"
    for n, b in v.items():
        f = {"k": b}
        # the right key in the right place (a public key to verify, a private one to sign) is fine
        pub_ok = "any" if n == "public-as-private" else "error"
        p.append(Probe(fam, ["payload", "sign", "{F}/pl/xen_nop.livepatch", "--key={C}/k", "-o", "{C}/o.signed"],
                       files=f, name="sign --key " + n, expect="any" if n == "private-as-public" else "error",
                       allow=("o.signed",) if n == "private-as-public" else ()))
        p.append(Probe(fam, ["payload", "verify", "{F}/hello.signed", "--pubkey={C}/k"], files=f, ok=(1,),
                       name="verify --pubkey " + n, expect=pub_ok))
        p.append(Probe(fam, ["host", "--trust={C}/k", "--exec=list"], files=f, name="host --trust " + n, expect=pub_ok))
        p.append(Probe(fam, ["host", "--trust={C}/d", "--exec=list"], files={"d": "DIR", "d/a.pub": b},
                       name="host --trust dir/" + n, expect=pub_ok))
    for n, spec in {"fifo": "FIFO", "dir-empty": "DIR", "sparse": "SPARSE", "zero-link": "LINK:/dev/zero"}.items():
        f = {"k": spec}
        p.append(Probe(fam, ["payload", "sign", "{F}/pl/xen_nop.livepatch", "--key={C}/k", "-o", "{C}/o.signed"],
                       files=f, name="sign --key " + n))
        p.append(Probe(fam, ["payload", "verify", "{F}/hello.signed", "--pubkey={C}/k"], files=f, name="verify --pubkey " + n))
        p.append(Probe(fam, ["host", "--trust={C}/k", "--exec=list"], files=f, name="host --trust " + n))
    p.append(Probe(fam, ["host", "--trust={C}/d", "--exec=list"], files={"d": "DIR", "d/a.pub": "FIFO"}, name="host --trust dir/fifo"))
    p.append(Probe(fam, ["payload", "verify", "{F}/hello.signed", "--pubkey={F}/other.pub"], ok=(1,)))
    return p


def host_probes():
    lines = ["bogus", "", ";;;", "upload", "upload x", "upload x y z", "upload ../x {F}/pl/xen_nop.livepatch",
             "upload " + "n" * 300 + " {F}/pl/xen_nop.livepatch", "upload 'a\x1b[2Jb' {F}/pl/xen_nop.livepatch",
             "upload x /nope", "upload x {C}", "upload x /dev/zero", "upload x /proc/self/mem", "upload 'x",
             "upload \"x", "upload x \\", "apply", "apply nope", "apply x --bogus", "revert nope", "replace nope",
             "unload nope", "load", "load /nope", "load {C}", "load /dev/zero", "info extra", "list extra",
             "dmesg 5", "upload x {F}/pl/xen_nop.livepatch; upload x {F}/pl/xen_nop.livepatch",
             "upload x {F}/pl/xen_nop.livepatch; apply x; apply x; revert x; revert x; unload x; unload x",
             "load {F}/pl/xen_expectations_fail.livepatch", "load {F}/pl/xen_prepost_hooks_fail.livepatch",
             "load {F}/pl/xen_bye_world.livepatch", "upload x {F}/hello.signed; apply x --nodeps --nodeps",
             "\x1b[31m", "upload $(id) {F}/pl/xen_nop.livepatch", "upload x `id`", "exit", "quit", "help",
             "upload x {F}/pl/xen_nop.livepatch > /tmp/x", "upload x {F}/k.key", "upload x {F}/k.pub",
             "a" * 70000, "upload é {F}/pl/xen_nop.livepatch", "upload '' {F}/pl/xen_nop.livepatch",
             "load {F}/pl/xen_hello_world.livepatch; replace xen_hello_world"]
    p = []
    for ln in lines:
        p.append(Probe("host shell", ["host", "--exec", ln], expect="host", name="--exec " + repr(ln)[:60]))
    for ln in ["bogus\n", "upload x\n" * 100, "\x00" * 100, "a" * 200000 + "\n", "upload 'x\nlist\n", "\xff\xfe\n"]:
        p.append(Probe("host shell", ["host"], stdin=ln.encode("latin-1"), expect="host",
                       name="stdin " + repr(ln)[:40]))
    for opt in ["--payloads=/nope", "--payloads=/dev/zero", "--seed=abc"]:
        p.append(Probe("host shell", ["host", opt, "--exec=list"]))
    p.append(Probe("host shell", ["host", "--payloads={C}", "--exec", "upload x ../../../../etc/passwd"], expect="host"))
    return p


def output_probes():
    fam = "output paths"
    p = []
    targets = {
        "existing-file": ("o", b"keep"), "directory": ("o", "DIR"), "proc": ("/proc/x", None),
        "proc-parent": ("/proc/x/y", None), "fifo": ("o", "FIFO"), "private-key": ("o", b"-----BEGIN PRIVATE KEY-----\nx\n"),
        "long-name": ("n" * 300, None), "file-as-parent": ("f/o", None), "chardev": ("o", "CHARDEV"),
        "symlink-to-fixture": ("o", "LINK:{F}/k.pub"),
    }
    cmds = {
        "run --json": ["run", "--duration=300us", "--json={T}"],
        "run --record": ["run", "--duration=300us", "--record={T}"],
        "run --report": ["run", "--duration=300us", "--report={T}"],
        "sweep --out": ["sweep", "xen-default", "--seeds=1", "--set=duration=300us", "--out={T}"],
        "hunt --save": ["hunt", "mixed-versions-unsafe", "--oracle=NoMixedVersions", "--budget=20", "--save={T}"],
        "calibrate -o": ["calibrate", "xen-default", "--seeds=1", "--duration=300us", "-o", "{T}"],
        "fleet --report": ["fleet", "fleet-10k", "--set=hosts=20", "--set=canaries.emulated=0", "--report={T}"],
        "payload sign -o": ["payload", "sign", "{F}/pl/xen_nop.livepatch", "--key={F}/k.key", "-o", "{T}"],
        "payload samples -o": ["payload", "samples", "-o", "{T}"],
        "payload keygen -o": ["payload", "keygen", "-o", "{T}"],
        "history run --report": ["history", "run", "--short", "--report={T}", "nope"],
    }
    dirs = {"run --report", "sweep --out", "fleet --report", "payload samples -o", "history run --report"}
    for cn, args in cmds.items():
        for tn, (target, spec) in targets.items():
            if cn == "payload keygen -o" and tn not in ("proc", "proc-parent", "long-name", "file-as-parent"):
                continue
            t = target if target.startswith("/") else "{C}/" + target
            files = {}
            if spec is not None:
                files[target] = spec
            if tn == "file-as-parent":
                files["f"] = b"x"
            files.setdefault("keep", b"keep")
            # an empty directory is a fine place for a command that writes into a directory
            fine = cn in dirs and tn == "directory"
            p.append(Probe(fam, [a.replace("{T}", t) for a in args], files=files, name=cn + " " + tn,
                           expect="any" if fine else "error", allow=("o",) if fine else ()))
    p.append(Probe(fam, ["payload", "keygen", "-o", "{C}/k"], files={"k.key": b"x", "keep": b"k"}, name="keygen over k.key"))
    p.append(Probe(fam, ["payload", "keygen", "-o", "{C}/k"], files={"k.pub": "FIFO"}, name="keygen over a FIFO k.pub"))
    # asked-for outputs must not overwrite inputs
    p.append(Probe(fam, ["payload", "sign", "{C}/p.livepatch", "--key={C}/k.key", "-o", "{C}/k.key"],
                   files={"p.livepatch": "COPY:pl/xen_nop.livepatch", "k.key": "COPY:k.key"}, name="sign -o KEY"))
    p.append(Probe(fam, ["payload", "sign", "{C}/p.livepatch", "--key={C}/k.key", "-o", "{C}/p.livepatch", "--force"],
                   files={"p.livepatch": "COPY:pl/xen_nop.livepatch", "k.key": "COPY:k.key"}, name="sign -o INPUT --force"))
    p.append(Probe(fam, ["calibrate", "{C}/s.conf", "--seeds=1", "-o", "{C}/s.conf", "--force"],
                   files={"s.conf": b"host { cpus = 2 }\n"}, name="calibrate -o SCENARIO --force"))
    p.append(Probe(fam, ["hunt", "{C}/r.replay", "--oracle=NoMixedVersions", "--save={C}/r.replay", "--force"],
                   files={"r.replay": b"scenario: x\n"}, name="hunt --save over its own scenario"))
    return p


def history_probes():
    p = []
    for cases in (["nope"], ["../../etc/passwd"], ["\x1b[2J"], ["a" * 5000], [""], ["xen-abort-skips-nmi-unmask", "nope"],
                  ["XEN-ABORT-SKIPS-NMI-UNMASK"], ["scenarios/history/xen-abort-skips-nmi-unmask.conf"]):
        p.append(Probe("history", ["history", "run", "--short"] + cases, name="history run " + repr(cases)[:50]))
    p.append(Probe("history", ["history", "nope"]))
    p.append(Probe("history", ["history", "run", "--find-seed", "--count=-1", "nope"]))
    return p


def all_probes(fx):
    return (option_probes() + set_probes() + scenario_probes() + fleet_probes() + replay_probes(fx)
            + payload_probes(fx) + key_probes(fx) + host_probes() + output_probes() + history_probes())


# ---------------------------------------------------------------------------------------------------------------

def materialise(cwd, fx, files):
    for name, spec in files.items():
        path = os.path.join(cwd, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if isinstance(spec, bytes):
            with open(path, "wb") as f:
                f.write(spec)
        elif spec == "DIR":
            os.makedirs(path, exist_ok=True)
        elif spec == "FIFO":
            os.mkfifo(path)
        elif spec == "SPARSE":
            with open(path, "wb") as f:
                f.truncate(3 << 30)
        elif spec == "CHARDEV":
            os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # a private /dev/null
        elif spec.startswith("LINK:"):
            os.symlink(spec[5:].replace("{C}", cwd).replace("{F}", fx), path)
        elif spec.startswith("COPY:"):
            shutil.copy(os.path.join(fx, spec[5:]), path)
        else:
            raise ValueError(spec)


def snapshot(d):
    out = {}
    for base, dirs, files in os.walk(d):
        for n in dirs + files:
            path = os.path.join(base, n)
            st = os.lstat(path)
            digest = ""
            if stat.S_ISREG(st.st_mode) and st.st_size < (1 << 24):
                with open(path, "rb") as f:
                    digest = hashlib.sha256(f.read()).hexdigest()
            out[os.path.relpath(path, d)] = (st.st_mode, st.st_size, digest)
    return out


def run(probe, fx):
    cwd = tempfile.mkdtemp(prefix="probe-")
    try:
        materialise(cwd, fx, probe.files)
        before, fx_before = snapshot(cwd), snapshot(fx)
        args = [a.replace("{C}", cwd).replace("{F}", fx) for a in probe.args]
        proc = subprocess.Popen([LAUNCHER, *args], cwd=cwd, env=env(), stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = proc.communicate(probe.stdin or b"", timeout=TIMEOUT)
            rc = proc.returncode
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return probe, ["hang: no answer in %d s" % TIMEOUT], None, "", ""
        out, err = out.decode("utf-8", "replace"), err.decode("utf-8", "replace")
        reasons = judge(probe, rc, out, err)
        after, fx_after = snapshot(cwd), snapshot(fx)
        made = sorted(k for k in after if k not in before and k.split("/")[0] not in probe.allow)
        changed = sorted(k for k in before if k in after and before[k] != after[k] and k not in probe.allow)
        if made:
            reasons.append("wrote %s" % made[:3])
        if changed:
            reasons.append("changed %s" % changed[:3])
        if fx_before != fx_after:
            reasons.append("changed the fixtures")
        return probe, reasons, rc, out, err
    finally:
        shutil.rmtree(cwd, ignore_errors=True)


def judge(probe, rc, out, err):
    reasons = []
    both = out + err
    if EXCEPTION.search(both):
        reasons.append("Java names: %r" % EXCEPTION.search(both).group(0))
    if CONTROL.search(both):
        reasons.append("control character %r in the output" % CONTROL.search(both).group(0))
    if "MC4CAQAwBQYDK2Vw" in both:  # the base64 of every Ed25519 PKCS#8 private key begins so
        reasons.append("a private key in the output")
    if "Usage:" in both:
        reasons.append("usage text")
    if len(both) > 200000:
        reasons.append("%d characters of output" % len(both))
    err_lines = err.splitlines()
    one_error = rc == 2 and len(err_lines) == 1 and err_lines[0].startswith("error: ")
    if probe.expect == "host":
        if rc not in (0, 1, 2):
            reasons.append("exit %d" % rc)
        elif rc == 2 and err_lines and err_lines[0].startswith("error: ") and len(err_lines) > 1:
            reasons.append("%d error lines" % len(err_lines))
    elif probe.expect == "any":
        progress = all(not ln.startswith("error") for ln in err_lines)  # sweep's progress lines go to stderr
        if not (one_error or (rc in (0,) + probe.ok and (not err.strip() or progress))
                or (rc in probe.ok and len(err_lines) == 1 and err_lines[0].startswith("error: "))):
            reasons.append("exit %d, %d stderr lines: %r" % (rc, len(err_lines), (err_lines or [""])[0][:120]))
    else:
        if rc in probe.ok and rc != 0:
            pass
        elif not one_error:
            reasons.append("exit %d, %d stderr lines: %r" % (rc, len(err_lines), (err_lines or [""])[0][:120]))
    return reasons


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--family")
    ap.add_argument("--match", help="only probes whose name contains this")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json")
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--only-not-clean", metavar="JSON", help="only the probes not clean in an earlier --json")
    a = ap.parse_args()
    if not os.path.exists(os.path.join(os.path.dirname(LAUNCHER), "cli", "target", "quiesce.jar")):
        sys.exit("error: build the launcher first: ./mvnw -B -q -o -pl cli -am package -DskipTests")
    fx = tempfile.mkdtemp(prefix="probe-fixtures-")
    try:
        make_fixtures(fx)
        probes = [p for p in all_probes(fx) if (not a.family or p.family == a.family)
                  and (not a.match or a.match in p.name)]
        if a.only_not_clean:
            with open(a.only_not_clean) as f:
                earlier = {(r["family"], r["name"]) for r in json.load(f) if not r["clean"]}
            probes = [p for p in probes if (p.family, p.name) in earlier]
        results = []
        with concurrent.futures.ThreadPoolExecutor(a.jobs) as ex:
            for probe, reasons, rc, out, err in ex.map(lambda p: run(p, fx), probes):
                results.append({"family": probe.family, "name": probe.name, "exit": rc, "clean": not reasons,
                                "reasons": reasons, "stderr": err[:400]})
                if reasons:
                    print("NOT CLEAN [%s] %s: %s" % (probe.family, probe.name[:100], "; ".join(reasons)), flush=True)
                elif a.verbose:
                    print("clean [%s] %s: %s" % (probe.family, probe.name[:100], err.strip()[:150]), flush=True)
        fams = {}
        for r in results:
            f = fams.setdefault(r["family"], [0, 0])
            f[0] += 1
            f[1] += r["clean"]
        print("\n| family | cases | clean | not clean |\n|---|---|---|---|")
        for f, (n, c) in fams.items():
            print("| %s | %d | %d | %d |" % (f, n, c, n - c))
        total, clean = len(results), sum(r["clean"] for r in results)
        print("| all | %d | %d | %d |" % (total, clean, total - clean))
        if a.json:
            with open(a.json, "w") as f:
                json.dump(results, f, indent=1)
        sys.exit(0 if clean == total else 1)
    finally:
        shutil.rmtree(fx, ignore_errors=True)


if __name__ == "__main__":
    main()
