package io.koopcredit.report;

/**
 * The page's inline stylesheet: system fonts only (no downloads), a readable measure, quiet tables with
 * right-aligned tabular numbers, figures shown at their natural size (shrunk to narrow windows, never
 * blown up), and callouts for "how to read this" and for warnings. Also prints cleanly. The page's own
 * colours differ from the bar colours of the charts, so a screenshot tells images and page apart.
 */
final class PageStyle {
    /** The stylesheet, placed in a {@code <style>} element. */
    static final String CSS = """
            :root {
              --text: #1f2328; --muted: #59636e; --line: #d1d9e0; --soft: #f6f8fa; --accent: #0b5cad;
              --warn: #b42318; --warn-bg: #fef3f2; --ok: #1a7f37; --info-bg: #eef4fa;
            }
            * { box-sizing: border-box; }
            html { -webkit-text-size-adjust: 100%; }
            body {
              margin: 0; color: var(--text); background: #fff;
              font: 15px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
            }
            .page { max-width: 1240px; margin: 0 auto; padding: 28px 32px 64px; }
            header.page-header { border-bottom: 1px solid var(--line); padding-bottom: 16px; margin-bottom: 24px; }
            h1 { font-size: 28px; line-height: 1.25; margin: 0 0 8px; }
            h2 { font-size: 23px; margin: 0 0 6px; padding-top: 8px; }
            h3 { font-size: 18px; margin: 32px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            h4 { font-size: 15px; margin: 18px 0 8px; }
            p { margin: 8px 0; max-width: 78em; }
            a { color: var(--accent); }
            code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
              font-size: 13px; }
            .lede { color: var(--muted); }
            nav.toc { background: var(--soft); border: 1px solid var(--line); border-radius: 8px;
              padding: 12px 20px; margin: 0 0 28px; }
            nav.toc h2 { font-size: 16px; margin: 0 0 4px; padding: 0; }
            nav.toc ol { margin: 4px 0; padding-left: 22px; }
            nav.toc ol ol { columns: 2; font-size: 14px; }
            section.analysis { border-top: 3px solid var(--accent); padding-top: 12px; margin-top: 40px; }
            .note { font-style: italic; color: var(--muted); }
            .cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0; }
            .card { flex: 1 1 170px; border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; }
            .card .k { color: var(--muted); font-size: 13px; }
            .card .v { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; }
            .card .s { color: var(--muted); font-size: 13px; }
            .callout { border-left: 4px solid var(--accent); background: var(--info-bg); padding: 10px 16px;
              margin: 14px 0; border-radius: 0 6px 6px 0; }
            .callout h4 { margin: 2px 0 6px; }
            .callout.warn { border-left-color: var(--warn); background: var(--warn-bg); }
            .callout.warn h4 { color: var(--warn); }
            .table-wrap { overflow-x: auto; margin: 10px 0; border: 1px solid var(--line); border-radius: 6px; }
            table { border-collapse: collapse; font-size: 13px; width: 100%; }
            th, td { padding: 5px 9px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: top; }
            th { background: var(--soft); font-weight: 600; white-space: nowrap; position: sticky; top: 0; }
            tbody tr:nth-child(even) td { background: #fbfcfd; }
            tbody tr:last-child td { border-bottom: none; }
            td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            td.name { font-weight: 600; white-space: nowrap; }
            td.mono { white-space: nowrap; }
            td .sub { display: block; color: var(--muted); font-size: 12px; font-weight: normal; }
            td.bad { color: var(--warn); font-weight: 600; }
            .na { color: var(--muted); }
            .badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600;
              border: 1px solid currentColor; }
            .badge.ok { color: var(--ok); }
            .badge.degenerate, .badge.failed { color: var(--warn); }
            table.kv th { position: static; text-align: left; width: 19em; white-space: normal; }
            .figures { display: flex; flex-wrap: wrap; gap: 18px; margin: 12px 0; }
            figure { margin: 0; flex: 0 1 auto; max-width: 100%; border: 1px solid var(--line); border-radius: 6px;
              padding: 8px; background: #fff; }
            figure img { display: block; width: auto; max-width: 100%; height: auto; }
            figcaption { color: var(--muted); font-size: 13px; padding: 6px 4px 0; }
            details { margin: 8px 0; }
            summary { cursor: pointer; color: var(--accent); }
            .files a { margin-right: 14px; }
            .timings { margin-top: 18px; border: 1px dashed var(--line); border-radius: 6px; padding: 4px 14px 10px;
              background: var(--soft); }
            .timings h4 { color: var(--muted); }
            footer { margin-top: 48px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line);
              padding-top: 12px; }
            @media print {
              .page { max-width: none; padding: 0; }
              nav.toc { display: none; }
              figure, table { break-inside: avoid; }
            }
            """;

    private PageStyle() {
    }
}
