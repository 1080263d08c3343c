package dev.quiesce.cli.payload;

import dev.quiesce.text.Untrusted;
import dev.quiesce.payload.Expectation;
import dev.quiesce.payload.HookKind;
import dev.quiesce.payload.Payload;
import dev.quiesce.payload.PatchFunction;
import dev.quiesce.payload.envelope.Keys;
import dev.quiesce.payload.envelope.PayloadSigner;
import dev.quiesce.payload.envelope.SignedPayload;

import java.io.PrintWriter;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The text {@code quiesce payload inspect} prints about one payload: name, build-ids, functions,
 * hooks, metadata and signature status, one {@code key: value} line per item (the "display
 * build-ids" item of the Xen livepatch wiki's TODO list; compare {@code xen-livepatch list}).
 */
final class PayloadDescription {

    private PayloadDescription() {
    }

    static void print(PayloadFile f, PrintWriter out) {
        Payload p = f.payload();
        out.println("file:        " + f.path() + " (" + f.kind() + ", " + p.bytes().length + " bytes of ELF)");
        out.println("name:        " + Untrusted.show(f.name()));
        out.println("build-id:    " + p.buildId().hex());
        out.println("depends:     " + p.depends().hex());
        out.println("xen_depends: " + p.xenDepends().map(b -> b.hex())
                .orElse("none (Xen refuses the upload with -EINVAL: build it with --xen-depends)"));
        out.println("functions:   " + p.functions().size());
        for (PatchFunction fn : p.functions()) {
            out.println("  " + Untrusted.show(function(fn), 1000));
        }
        out.println("hooks:       " + (p.hooks().isEmpty() ? "none" : count(p.hooks().size(), "kind")));
        for (Map.Entry<HookKind, List<String>> h : p.hooks().entrySet()) {
            out.println("  " + h.getKey().name().toLowerCase(java.util.Locale.ROOT) + ": "
                    + (h.getValue().isEmpty() ? "(NULL)" : Untrusted.show(String.join(", ", h.getValue()), 1000)));
        }
        out.println("modinfo:     " + (p.modinfo().isEmpty() ? "none" : Untrusted.show(String.join(" | ", p.modinfo()), 1000)));
        Map<String, String> meta = f.envelope().map(SignedPayload::metadata).orElse(Map.of());
        out.println("metadata:    " + (meta.isEmpty() ? "none" : count(meta.size(), "entry")));
        meta.forEach((k, v) -> out.println("  " + Untrusted.show(k) + "=" + Untrusted.show(v)));
        out.println("signature:   " + signature(f));
    }

    private static String count(int n, String what) {
        return n + " " + (n == 1 ? what : what.endsWith("y") ? what.substring(0, what.length() - 1) + "ies" : what + "s");
    }

    /** One function entry: old symbol, sizes, JMP or NOP, expectation. */
    static String function(PatchFunction fn) {
        StringBuilder s = new StringBuilder(fn.displayName());
        if (fn.oldSymbol() != null) {
            s.append(" (old_addr = ").append(fn.oldSymbol()).append(fn.oldAddr() == 0 ? "" : "+0x" + Long.toHexString(fn.oldAddr()))
                    .append(", relocated at load)");
        } else if (fn.oldAddr() != 0) {
            s.append(" (old_addr 0x").append(Long.toHexString(fn.oldAddr())).append(", prelinked)");
        }
        s.append(": old_size ").append(fn.oldSize()).append(", new_size ").append(fn.newSize());
        s.append(fn.isNop() ? ", NOP " + fn.newSize() + " bytes" : ", JMP to " + fn.newSymbol());
        s.append(", expect ").append(expectation(fn.expect()));
        if (fn.version() != 2) {
            s.append(", version ").append(fn.version());
        }
        return s.toString();
    }

    static String expectation(Expectation e) {
        if (!e.enabled()) {
            return "none";
        }
        byte[] data = e.data();
        int n = Math.min(e.length(), data.length);
        return e.length() + " bytes " + HexFormat.ofDelimiter(" ").formatHex(data, 0, n)
                + (e.reserved() != 0 ? " (reserved bits " + e.reserved() + ": Xen refuses to apply)" : "");
    }

    /** What is said of a format-1 envelope wherever it is reported. */
    static final String FORMAT_1 = "signature covers only the ELF (envelope format 1): re-sign with quiesce payload sign";

    static String signature(PayloadFile f) {
        if (f.envelope().isEmpty()) {
            return "none (bare payload; wrap and sign it with quiesce payload sign FILE --key KEY)";
        }
        SignedPayload e = f.envelope().get();
        if (!e.isSigned()) {
            return "none (unsigned envelope; sign it with quiesce payload sign FILE --key KEY)";
        }
        String key = Keys.fingerprint(e.publicKey().orElseThrow());
        if (!PayloadSigner.verifyEmbedded(e)) {
            return "Ed25519 by " + key + ", INVALID: " + (e.signsOnlyElf() ? "the ELF bytes changed after signing"
                    : "the name, build-ids, metadata or ELF changed after signing, or the signature is damaged")
                    + "; a host refuses it (-EPERM)";
        }
        return e.signsOnlyElf() ? "Ed25519 by " + key + ", intact, but the " + FORMAT_1
                : "Ed25519 by " + key + " over name, build-ids, metadata and ELF (envelope format 2), intact "
                + "(check the signer with quiesce payload verify --pubkey PUB)";
    }
}
