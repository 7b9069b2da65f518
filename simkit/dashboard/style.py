"""The dashboard's look: large type for a projector, a clean app frame, no notebook chrome."""

CSS = """
<style>
:root { --sk-red: #b71c1c; --sk-ink: #1b1b1b; --sk-muted: #5f6368; --sk-bg: #f4f1ea; }
/* page-wide rules only in Voila (body[data-voila]); in JupyterLab the app stays in its cell */
body[data-voila], body[data-voila] .jp-Notebook { background: var(--sk-bg) !important; }
body[data-voila] .jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"],
body[data-voila] .jp-OutputArea-output pre { display: none !important; }
.sk-app { font-family: "DejaVu Sans", "Noto Sans", Arial, sans-serif; color: var(--sk-ink);
  width: 100%; background: var(--sk-bg); border-radius: 8px; font-size: 18px; }
.sk-app .widget-label, .sk-app .widget-readout, .sk-app .widget-html-content,
.sk-app .widget-toggle-button, .sk-app .widget-button, .sk-app select, .sk-app input,
.sk-app .widget-dropdown > select, .sk-app .lm-TabBar-tabLabel, .sk-app .widget-checkbox
  { font-size: 17px !important; }
.sk-header { background: var(--sk-red); color: #fff; padding: 6px 18px; border-radius: 8px;
  align-items: center; margin-bottom: 8px; flex-shrink: 0; }
.sk-header .sk-title { font-size: 27px; font-weight: 700; line-height: 1.15; color: #fff; }
.sk-header .sk-sub { font-size: 17px; opacity: .92; color: #fff; }
.sk-header .widget-toggle-buttons .widget-toggle-button { background: #fff; color: var(--sk-red);
  font-weight: 700; min-width: 56px; }
.sk-header .widget-toggle-buttons .widget-toggle-button.mod-active { background: #ffd54f;
  color: #000; }
.sk-sidebar { background: #fff; border-radius: 8px; padding: 8px 12px; box-shadow: 0 1px 3px #0002;
  max-height: calc(100vh - 110px); overflow-y: auto !important; overflow-x: hidden !important; }
.sk-sidebar > *, .sk-control > *, .sk-main > *, .sk-play > * { flex-shrink: 0 !important; }
.sk-section { font-size: 19px !important; font-weight: 700; color: var(--sk-red);
  border-bottom: 2px solid #eee; margin-top: 10px; padding-bottom: 2px; }
.sk-section .widget-html-content { font-size: 19px !important; }
.sk-label .widget-html-content { font-size: 17px !important; font-weight: 600; line-height: 1.2; }
.sk-help .widget-html-content, .sk-small .widget-html-content { font-size: 14px !important;
  color: var(--sk-muted); line-height: 1.2; }
.sk-app .widget-slider .noUi-handle { width: 22px; height: 22px; top: -8px; border-radius: 50%; }
.sk-app .widget-readout { min-width: 52px; font-weight: 700; }
.sk-toggle, .sk-speed { display: flex !important; flex-wrap: nowrap !important; width: 100%; }
.sk-toggle > div, .sk-speed > div { display: flex; flex: 1 1 auto; gap: 3px; }
.sk-toggle .widget-toggle-button, .sk-speed .widget-toggle-button { width: auto !important;
  min-width: 0 !important; flex: 1 1 0 !important; padding: 0 4px; height: 36px;
  white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.sk-toggle .widget-toggle-button.mod-active, .sk-speed .widget-toggle-button.mod-active
  { background: #37474f; color: #fff; }
.sk-speed { width: 320px; }
.sk-pick > div { display: flex; flex-wrap: wrap; gap: 4px; }
.sk-pick .widget-toggle-button { width: auto !important; padding: 0 12px; height: 38px; }
.sk-pick .widget-toggle-button.mod-active { background: #37474f; color: #fff; }
.sk-stale { opacity: 0.45; transition: opacity .2s; }
.sk-check label, .sk-check .widget-label-basic, .sk-check span { font-size: 16px !important; }
.sk-check input[type=checkbox] { width: 18px; height: 18px; }
.sk-small .widget-html-content { font-size: 15px !important; color: var(--sk-ink); }
.sk-cell.mod-active { background: var(--sk-red) !important; color: #fff; }
.sk-run { background: var(--sk-red) !important; color: #fff !important; font-size: 22px !important;
  font-weight: 700; height: 52px !important; border-radius: 8px; }
.sk-reset { height: 52px !important; border-radius: 8px; }
.sk-main { padding-left: 14px; }
.sk-status .widget-html-content { font-size: 16px !important; color: var(--sk-muted); }
.sk-msg-error { background: #fdecea; border-left: 6px solid #c62828; padding: 10px 14px;
  border-radius: 6px; font-size: 18px; white-space: pre-wrap; line-height: 1.35; }
.sk-msg-warn { background: #fff8e1; border-left: 6px solid #f9a825; padding: 8px 14px;
  border-radius: 6px; font-size: 16px; white-space: pre-wrap; }
.sk-cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(250px, 1fr));
  gap: 10px; }
.sk-card { background: #fff; border-radius: 10px; padding: 4px 14px 6px;
  box-shadow: 0 1px 3px #0002;
  border-left: 10px solid #9e9e9e; }
.sk-card.sk-good { border-left-color: #2e7d32; } .sk-card.sk-warn { border-left-color: #f9a825; }
.sk-card.sk-bad { border-left-color: #c62828; }
.sk-card-label { font-size: 16px; color: var(--sk-muted); font-weight: 600; white-space: nowrap;
  overflow: hidden; text-overflow: ellipsis; }
.sk-card-value { font-size: 36px; font-weight: 800; line-height: 1.1; white-space: nowrap; }
.sk-card-value .sk-day { font-size: 20px; font-weight: 700; color: var(--sk-muted); }
.sk-card-sub { font-size: 14px; color: var(--sk-muted); white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.sk-note { font-size: 14px; color: var(--sk-muted); margin-top: 4px; }
.sk-chart img { width: 100%; height: auto; max-height: calc(100vh - 480px); object-fit: contain;
  background: #fff; border-radius: 8px; }
.sk-compare { border-collapse: collapse; width: 100%; background: #fff; font-size: 19px; }
.sk-compare th { background: #37474f; color: #fff; text-align: left; padding: 8px 12px; }
.sk-compare td { padding: 8px 12px; border-bottom: 1px solid #e0e0e0; }
.sk-compare td.sk-worse { color: #c62828; font-weight: 700; }
.sk-compare td.sk-better { color: #2e7d32; font-weight: 700; }
.sk-compare td.sk-ci { color: var(--sk-muted); font-size: 16px; }
.sk-floor svg { width: 100%; height: auto; max-height: calc(100vh - 250px); display: block;
  border-radius: 8px; }
.sk-play .widget-play button { height: 44px; min-width: 52px; font-size: 20px; }
.sk-downloads a { display: inline-block; margin: 6px 10px 6px 0; padding: 12px 18px;
  background: #37474f; color: #fff !important; border-radius: 8px; font-size: 18px;
  text-decoration: none; }
.sk-downloads a:hover { background: var(--sk-red); }
.sk-app .lm-TabBar { min-height: 44px; }
.sk-app .lm-TabBar-tab { min-height: 42px; padding: 8px 18px; font-size: 19px !important;
  flex: 0 0 auto !important; max-width: none !important; }
.sk-app .lm-TabBar-tabLabel { font-size: 19px !important; font-weight: 600; }
.sk-app .lm-TabBar-tab.lm-mod-current { border-top: 4px solid var(--sk-red); }
.sk-app .widget-tab-contents { background: transparent; padding: 10px 2px; }
</style>
"""
