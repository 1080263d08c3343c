package dev.quiesce.report;

import dev.quiesce.host.CpuSummary;
import dev.quiesce.host.HostReport;
import dev.quiesce.json.JsonWriter;
import dev.quiesce.seed.Seed;

/**
 * The JSON form of a host run: {@code seed}, {@code traceHash}, {@code cpus[]} with the table's fields.
 */
public final class ReportJson {

    private ReportJson() {
    }

    public static String toJson(HostReport r) {
        return toJson(r, null);
    }

    /** With {@code apply} (a JSON object, or null) as the {@code apply} field. */
    public static String toJson(HostReport r, String apply) {
        StringBuilder b = new StringBuilder(256 + 200 * r.cpus().size());
        b.append("{\n");
        b.append("  \"seed\": \"").append(Seed.format(r.seed())).append("\",\n");
        b.append("  \"traceHash\": ").append(JsonWriter.quote(r.traceHash())).append(",\n");
        b.append("  \"durationNs\": ").append(r.durationNs()).append(",\n");
        b.append("  \"quantumNs\": ").append(r.quantumNs()).append(",\n");
        b.append("  \"events\": ").append(r.events()).append(",\n");
        b.append("  \"buildId\": ").append(JsonWriter.quote(r.buildId())).append(",\n");
        b.append("  \"cpus\": [");
        for (int i = 0; i < r.cpus().size(); i++) {
            CpuSummary c = r.cpus().get(i);
            b.append(i == 0 ? "\n" : ",\n");
            b.append("    {\"cpu\": ").append(c.cpu())
                    .append(", \"instructions\": ").append(c.instructions())
                    .append(", \"quiescencePoints\": ").append(c.quiescencePoints())
                    .append(", \"irqs\": ").append(c.irqs())
                    .append(", \"nmis\": ").append(c.nmis())
                    .append(", \"mces\": ").append(c.mces())
                    .append(", \"lostInterrupts\": ").append(c.lostInterrupts())
                    .append(", \"longestGapUs\": ").append(ReportTable.gapMicros(c))
                    .append(", \"faults\": ").append(c.faults())
                    .append(", \"fault\": ").append(JsonWriter.quote(c.fault())).append("}");
        }
        b.append("\n  ]");
        if (apply != null) {
            b.append(",\n  \"apply\": ").append(apply);
        }
        b.append("\n}\n");
        return b.toString();
    }
}
