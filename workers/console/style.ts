/** The console's stylesheet: system fonts, high contrast, visible focus, no animation. */
export const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1a1a1a;background:#fafafa}
nav{display:flex;gap:1.2em;align-items:center;padding:.6em 1.2em;background:#1f2937;color:#fff}
nav a{color:#e5e7eb}nav .brand{margin-right:1em}nav .region{margin-left:auto}
main{padding:1em 1.5em;max-width:1400px}
h1{font-size:1.4em;margin:.2em 0 .6em}h2{font-size:1.15em;margin:1.2em 0 .4em}
a{color:#1d4ed8}a:focus,button:focus,input:focus,select:focus,textarea:focus,summary:focus{outline:3px solid #f59e0b;outline-offset:1px}
table{border-collapse:collapse;margin:.4em 0 1em;background:#fff}
th,td{border:1px solid #d1d5db;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
code,pre,textarea{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
pre{background:#fff;border:1px solid #d1d5db;padding:.5em;overflow:auto;max-height:30em}
textarea{width:100%;min-height:12em}
input[type=text],select{padding:.2em .3em}
button{padding:.3em .8em;cursor:pointer}
button.danger{background:#b91c1c;color:#fff;border:1px solid #7f1d1d}
.error{background:#fee2e2;border:1px solid #b91c1c;padding:.5em .8em;margin:.5em 0}
.notice{background:#dcfce7;border:1px solid #15803d;padding:.5em .8em;margin:.5em 0}
.muted{color:#4b5563}
fieldset{border:1px solid #d1d5db;margin:.5em 0;padding:.5em .8em;background:#fff}
.row{display:flex;gap:1em;flex-wrap:wrap;align-items:flex-end}
.row label{display:flex;flex-direction:column}
svg text{font:12px system-ui,sans-serif}
svg.topology,.heat svg,.request-chart,.lag-chart{max-width:100%;height:auto;display:block}
nav.table-nav{background:none;color:inherit;padding:0;margin:0 0 .8em;gap:1em}nav.table-nav a{color:#1d4ed8}
svg text.strong{font-weight:bold}.partitions td{white-space:nowrap}
.fault-buttons{display:flex;gap:.3em;margin:0}.fault-buttons button{padding:.15em .5em;font-size:12px}
.fault-grid td{padding:.25em .4em}.faults-panel{margin:.4em 0 1em}.faults-panel summary{cursor:pointer;font-weight:bold}
.buttons{display:flex;gap:.3em}.fault-forms form+form{margin-top:.6em}
.heat,.requests{margin:.4em 0 1em}.flag{color:#991b1b;font-weight:bold}.charts{align-items:flex-start}
`;
