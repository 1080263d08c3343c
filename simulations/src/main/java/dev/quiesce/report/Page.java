package dev.quiesce.report;

import java.util.List;

import static dev.quiesce.report.Html.esc;

/**
 * A self-contained HTML page of the reports being written: the head with the reports' stylesheet inline, sections,
 * tables. Nothing is loaded from elsewhere; cells and raw fragments given here must already be HTML (escape text
 * with {@link Html#esc}).
 */
final class Page {

    private static final String CSS = """
            :root { --ink: #1f2733; --muted: #5b6675; --line: #e3e7ed; --card: #fff; --bg: #f4f6f9; --accent: #3b6fb6; }
            * { box-sizing: border-box; }
            body { margin: 0; background: var(--bg); color: var(--ink); line-height: 1.45;
                   font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
            main { max-width: 1180px; margin: 0 auto; padding: 28px 24px 48px; }
            header { margin-bottom: 20px; }
            h1 { font-size: 26px; margin: 0 0 4px; letter-spacing: -0.01em; }
            h2 { font-size: 19px; margin: 0 0 12px; }
            h3 { font-size: 15px; margin: 18px 0 8px; color: var(--muted); text-transform: uppercase;
                 letter-spacing: 0.04em; }
            .sub { color: var(--muted); margin: 0; }
            section { background: var(--card); border: 1px solid var(--line); border-radius: 10px;
                      padding: 18px 20px; margin: 0 0 18px; box-shadow: 0 1px 2px rgba(20, 30, 50, 0.04); }
            p.about { color: var(--muted); margin: 0 0 12px; max-width: 80ch; }
            table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; font-size: 14px; }
            th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
            th { color: var(--muted); font-weight: 600; background: #f8f9fb; }
            td.num, th.num { text-align: right; } td.num { white-space: nowrap; }
            ul.log { margin: 10px 0 0; padding-left: 18px; color: var(--muted); font-size: 13px; }
            tbody tr:hover { background: #f6f8fc; }
            table.kv th { width: 190px; background: none; }
            code, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
            pre.replay { background: #1f2733; color: #e8edf5; padding: 12px 14px; border-radius: 8px;
                         white-space: pre-wrap; word-break: break-all; margin: 12px 0 0; }
            .badge { display: inline-block; white-space: nowrap; padding: 1px 9px; border-radius: 999px; font-size: 13px; font-weight: 600; }
            .ok { background: #ddf3e4; color: #1d6b3a; } .warn { background: #fdf0d5; color: #8a5a00; }
            .bad { background: #fbe0e0; color: #a02020; }
            figure { margin: 0 0 18px; } figcaption { font-weight: 600; margin: 0 0 6px; }
            figcaption span { font-weight: 400; color: var(--muted); }
            svg.chart { max-width: 100%; height: auto; display: block; }
            .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(340px, 1fr)); gap: 16px; }
            .grid figure { border: 1px solid var(--line); border-radius: 8px; padding: 10px; }
            .empty { display: flex; align-items: center; justify-content: center; min-height: 160px;
                     color: var(--muted); background: #f8f9fb; border-radius: 6px; }
            tr.pareto td { background: #eef6ee; }
            footer { color: var(--muted); font-size: 13px; text-align: center; margin-top: 24px; }
            """;

    private final StringBuilder b = new StringBuilder(64 * 1024);

    Page(String title, String heading, String subtitle) {
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
                .append(esc(title)).append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n")
                .append("<header><h1>").append(esc(heading)).append("</h1><p class=\"sub\">").append(subtitle)
                .append("</p></header>\n");
    }

    /** Opens a section with id {@code id} and heading {@code heading}. */
    Page section(String id, String heading) {
        b.append("<section id=\"").append(esc(id)).append("\">\n<h2>").append(esc(heading)).append("</h2>\n");
        return this;
    }

    Page endSection() {
        b.append("</section>\n");
        return this;
    }

    /** An HTML fragment as it is. */
    Page raw(String html) {
        b.append(html).append('\n');
        return this;
    }

    /** A table with id {@code id}; header cells ending in {@code #} are numeric (right-aligned), as are their columns. */
    Page table(String id, List<String> headers, List<List<String>> rows) {
        return table(id, headers, rows, List.of());
    }

    /** As {@link #table(String, List, List)}, each row with its class ({@code classes} may be shorter). */
    Page table(String id, List<String> headers, List<List<String>> rows, List<String> classes) {
        b.append("<table id=\"").append(esc(id)).append("\">\n<thead><tr>");
        for (String h : headers) {
            boolean num = h.endsWith("#");
            b.append(num ? "<th class=\"num\">" : "<th>").append(esc(num ? h.substring(0, h.length() - 1) : h))
                    .append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < rows.size(); r++) {
            String cls = r < classes.size() && !classes.get(r).isEmpty() ? " class=\"" + classes.get(r) + "\"" : "";
            b.append("<tr").append(cls).append('>');
            for (int c = 0; c < rows.get(r).size(); c++) {
                boolean num = c < headers.size() && headers.get(c).endsWith("#");
                b.append(num ? "<td class=\"num\">" : "<td>").append(rows.get(r).get(c)).append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return this;
    }

    /** A two-column table of names and values (values are HTML). */
    Page keyValues(String id, List<List<String>> pairs) {
        b.append("<table id=\"").append(esc(id)).append("\" class=\"kv\">\n<tbody>\n");
        for (List<String> p : pairs) {
            b.append("<tr><th>").append(esc(p.get(0))).append("</th><td>").append(p.get(1)).append("</td></tr>\n");
        }
        b.append("</tbody>\n</table>\n");
        return this;
    }

    /** A result as a coloured badge: done/ok green, timed-out amber, anything else red. */
    static String badge(String text, boolean ok, boolean warn) {
        return "<span class=\"badge " + (ok ? "ok" : warn ? "warn" : "bad") + "\">" + esc(text) + "</span>";
    }

    /** The finished page. */
    String finish(String footer) {
        return b.append("<footer>").append(footer).append("</footer>\n</main>\n</body>\n</html>\n").toString();
    }
}
