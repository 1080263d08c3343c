/*
 * The programs the workload runs. Each sees `cpu` and `iter` (bound by the workload before it)
 * and binds `result`. The probes each show one behaviour that a fix in fixes/ changes.
 */
#include "textlib.h"

const struct tl_input tl_inputs[] = {
    { "net",
      "# a network stack's tunables\n"
      "let base_mtu = 1500;\n"
      "section net {\n"
      "    mtu = base_mtu - 8 * (cpu % 3);\n"
      "    payload = mtu - 40;\n"
      "    section tcp {\n"
      "        rto_ms = 200 + iter % 7 * 25;\n"
      "        backoff = 1.5;\n"
      "        retries = 5;\n"
      "    }\n"
      "    window = payload * 44;\n"
      "}\n"
      "fn worst(rto, k, n) = if n == 0 then rto else rto * k ^ n + worst(rto, k, n - 1);\n"
      "let result = round(worst(net.tcp.rto_ms, net.tcp.backoff, net.tcp.retries) / 1000);\n"
      "assert net.window > 60000, \"window too small\";\n" },
    { "stats",
      "let samples = [12.5, 9.75, 14.0, 11.25, 8.5, 13.0, 10.5 + cpu, 7.25 * (iter % 4 + 1)];\n"
      "let mean = avg(samples);\n"
      "fn sq(x) = x * x;\n"
      "fn var(xs, m, i) = if i == len(xs) then 0 else sq(xs[i] - m) + var(xs, m, i + 1);\n"
      "let sd = sqrt(var(samples, mean, 0) / (len(samples) - 1));\n"
      "let result = str(round(mean * 100) / 100) + \" +- \" + str(floor(sd * 1000) / 1000);\n" },
    { "names",
      "let host = \"node-\" + str(cpu) + \"-\" + str(iter % 10);\n"
      "section service {\n"
      "    name = upper(host);\n"
      "    short = substr(name, 0, 4);\n"
      "    dot = find(host, \"-\");\n"
      "    tags = [\"edge\", lower(\"ZONE-\" + str(cpu % 2)), short];\n"
      "}\n"
      "let result = join(service.tags, \",\") + \"@\" + str(service.dot);\n" },
    { "fib",
      "fn fib(n) = if n < 2 then n else fib(n - 1) + fib(n - 2);\n"
      "fn gcd(a, b) = if b == 0 then a else gcd(b, a % b);\n"
      "let n = 6 + (cpu + iter) % 4;\n"
      "let result = [fib(n), gcd(fib(n), fib(n - 3)), 2 ^ n, 2 ^ -2];\n" },
    { "money",
      "let rate = 0.0325 + cpu * 0.0005;\n"
      "let principal = 25000 + iter % 5 * 1000;\n"
      "fn grow(p, r, years) = if years == 0 then p else grow(p * (1 + r), r, years - 1);\n"
      "section loan {\n"
      "    total = grow(principal, rate, 8);\n"
      "    interest = total - principal;\n"
      "    monthly = round(total / 96 * 100) / 100;\n"
      "}\n"
      "let result = [loan.monthly, floor(loan.interest), clamp(rate * 100, 3, 3.5)];\n" },
    { "ranges",
      "let xs = range(1, 13 + cpu % 4);\n"
      "let odd = [xs[0] % 2 == 1, xs[-1], len(xs)];\n"
      "fn tri(n) = if n == 0 then 0 else n + tri(n - 1);\n"
      "let result = [sum(xs), tri(min(len(xs), 9)), min(xs), max(3, 17, iter % 23), odd[1] * 1.25];\n" },
    { "logic",
      "let a = cpu % 2 == 0;\n"
      "let b = iter % 3 != 0;\n"
      "let c = not a or b and not (a and b);\n"
      "let label = if c then \"mixed\" else \"plain\";\n"
      "let result = label + \":\" + type(c) + \":\" + type(1.5) + \":\" + type([]) + \":\" + str(nil == nil);\n" },
    { "physics",
      "let g = 9.80665;\n"
      "section drop {\n"
      "    height = 20 + cpu;\n"
      "    t = sqrt(2 * height / g);\n"
      "    v = g * t;\n"
      "}\n"
      "let energy = 0.5 * 2.0 * drop.v ^ 2;\n"
      "let result = [drop.t, drop.v, energy, 1.0e-7 * (iter % 9 + 1), 6.02214076e23];\n" },
    { "broken",
      "let limit = 10;\n"
      "section quota {\n"
      "    used = 7 + iter % 5;\n"
      "}\n"
      "assert quota.used < limit, \"quota exceeded\";\n"
      "let result = \"within quota\";\n" },
};

const unsigned tl_input_count = sizeof tl_inputs / sizeof tl_inputs[0];

const struct tl_input tl_probes[] = {
    { "mod", "let result = [-7 % 3, 7 % -3, -9 % 4];" },
    { "err", "let result = 1 @ 2;" },
    { "esc", "let result = len(\"col\\tval\") + len(\"\\n\");" },
    { "sub", "let result = substr(\"config\", -3, 2);" },
    { "round", "let result = [round(-2.5), round(2.5), round(-0.4)];" },
    { "pp", "section net {\n mtu = 1500;\n section tcp { rto = 200; }\n}\nlet result = net.tcp.rto;\n" },
};

const unsigned tl_probe_count = sizeof tl_probes / sizeof tl_probes[0];
