// The wallet page's layout and the controls the kit does not have, on the kit's tokens (--cl-*), so
// light and dark are the sheets' palette. Installed through the kit's css(): constructable
// stylesheets, fine under a strict CSP.
import { css } from '@chainless/ui-kit'

const CSS = `[hidden]{display:none!important}
html,body{margin:0;min-block-size:100%;background:var(--cl-surface-2);color:var(--cl-text);font-family:var(--cl-font)}
body{-webkit-text-size-adjust:100%}
.wl-root a{color:var(--cl-primary);font-weight:600;text-underline-offset:2px}
.cl-root.wl-root{min-block-size:100dvh;background:var(--cl-surface-2)}
.wl-shell{display:flex;flex-direction:column;min-block-size:100dvh}
.wl-phone{position:relative;display:flex;flex-direction:column;background:var(--cl-bg);min-block-size:100dvh}
.wl-bar{position:sticky;inset-block-start:0;z-index:5;display:flex;align-items:center;gap:8px;padding:8px 12px;min-block-size:56px;background:var(--cl-bg);border-block-end:1px solid var(--cl-border)}
.wl-h1{margin:4px 0 0;font-size:var(--cl-fs-4)}
.wl-bar .wl-select{flex:1;min-inline-size:0}
.wl-logo{display:inline-flex;align-items:center;justify-content:center;inline-size:32px;block-size:32px;border-radius:10px;background:var(--cl-primary);color:var(--cl-on-primary);flex:none}
.wl-iconbtn{min-inline-size:40px;min-block-size:40px;padding:8px}
.wl-iconbtn.cl-btn{padding:8px}
.wl-select,.wl-input{font:inherit;font-size:var(--cl-fs-2);color:var(--cl-text);background:var(--cl-surface);border:1px solid var(--cl-border);border-radius:var(--cl-r-2);min-block-size:40px;padding:6px 10px;max-inline-size:100%}
.wl-select{appearance:none;-webkit-appearance:none;padding-inline-end:28px;background-image:linear-gradient(45deg,transparent 50%,var(--cl-text-2) 50%),linear-gradient(135deg,var(--cl-text-2) 50%,transparent 50%);background-position:calc(100% - 14px) 50%,calc(100% - 9px) 50%;background-size:5px 5px;background-repeat:no-repeat;font-family:var(--cl-mono)}
.wl-select:focus-visible,.wl-input:focus-visible{outline:2px solid var(--cl-focus);outline-offset:1px}
.wl-input::placeholder{color:var(--cl-text-2)}
.wl-main{flex:1;padding:12px 16px calc(80px + env(safe-area-inset-bottom));display:flex;flex-direction:column;gap:12px}
.wl-search{position:relative;display:flex}
.wl-search .wl-icon{position:absolute;inset-inline-start:12px;inset-block-start:50%;transform:translateY(-50%);color:var(--cl-text-2);pointer-events:none}
.wl-search .wl-input{inline-size:100%;padding-inline-start:40px;min-block-size:44px;font-size:var(--cl-fs-3)}
.wl-status{margin:0;font-size:var(--cl-fs-2);color:var(--cl-text-2);min-block-size:1.5em}
.wl-apps{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.wl-app{display:flex;align-items:center;gap:12px;padding:12px;border-radius:var(--cl-r-3);background:var(--cl-surface);border:1px solid var(--cl-border)}
.wl-app-icon{flex:none;border-radius:12px;object-fit:cover;display:inline-flex;align-items:center;justify-content:center;color:#fff;font-weight:700}
.wl-app-main{flex:1;min-inline-size:0;display:flex;flex-direction:column;gap:2px}
.wl-app-name{font-weight:600}
.wl-app-desc{font-size:var(--cl-fs-2);color:var(--cl-text-2);display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow:hidden}
.wl-meta{display:flex;flex-wrap:wrap;align-items:center;gap:6px;font-size:var(--cl-fs-1);color:var(--cl-text-2)}
.wl-app .cl-btn{flex:none;min-block-size:36px;padding:6px 14px}
.wl-tabs{position:fixed;inset-inline:0;inset-block-end:0;z-index:5;display:grid;grid-auto-flow:column;grid-auto-columns:minmax(0,1fr);background:var(--cl-bg);border-block-start:1px solid var(--cl-border);padding-block-end:env(safe-area-inset-bottom)}
.wl-tab.cl-btn{flex-direction:column;gap:2px;border:0;border-radius:0;background:none;color:var(--cl-text-2);font-size:var(--cl-fs-1);font-weight:600;min-block-size:56px;padding:6px 2px}
.wl-tab.cl-btn[aria-current=page]{color:var(--cl-primary)}
.wl-shell[data-workbench] .wl-tab.cl-btn{padding-inline:0;font-size:min(11px,2.65vw);letter-spacing:-.01em;white-space:nowrap}
.wl-side{display:none;flex-direction:column;gap:16px;padding:12px 16px calc(80px + env(safe-area-inset-bottom))}
.wl-card{background:var(--cl-bg);border:1px solid var(--cl-border);border-radius:var(--cl-r-3);padding:16px;display:flex;flex-direction:column;gap:12px;min-inline-size:0}
.wl-h2{display:flex;align-items:center;gap:8px;margin:0;font-size:var(--cl-fs-4)}
.wl-h3{margin:4px 0 0;font-size:var(--cl-fs-3)}
.wl-p{margin:0;font-size:var(--cl-fs-2);color:var(--cl-text-2)}
.wl-rows{list-style:none;margin:0;padding:0;border-radius:var(--cl-r-2);background:var(--cl-surface-2);overflow:hidden}
.wl-rows>li{display:flex;align-items:center;gap:12px;padding:10px 12px;min-block-size:48px;font-size:var(--cl-fs-2)}
.wl-rows>li+li{border-block-start:1px solid var(--cl-border)}
.wl-row-main{flex:1;min-inline-size:0;display:flex;flex-direction:column;gap:2px;overflow-wrap:anywhere}
.wl-row-title{font-weight:600;font-size:var(--cl-fs-3)}
.wl-row-sub{color:var(--cl-text-2);font-size:var(--cl-fs-1)}
.wl-rows .cl-btn{flex:none;min-block-size:36px;padding:6px 12px;font-size:var(--cl-fs-2)}
.wl-mono{font-family:var(--cl-mono)}
.wl-empty{margin:0;padding:16px;text-align:center;color:var(--cl-text-2);font-size:var(--cl-fs-2);background:var(--cl-surface-2);border-radius:var(--cl-r-2)}
.wl-seg{display:flex;flex-wrap:wrap;gap:6px;border:0;margin:0;padding:0;min-inline-size:0}
.wl-seg .cl-btn{min-block-size:36px;padding:6px 12px;font-size:var(--cl-fs-2)}
.wl-field{display:flex;flex-direction:column;gap:4px;font-size:var(--cl-fs-2);min-inline-size:0}
.wl-field-label{color:var(--cl-text-2);font-weight:600}
.wl-form{display:grid;grid-template-columns:repeat(auto-fill,minmax(140px,1fr));gap:8px;align-items:end}
.wl-actions{display:flex;flex-wrap:wrap;gap:8px}
.wl-dl{display:grid;grid-template-columns:max-content 1fr;gap:6px 12px;margin:0;font-size:var(--cl-fs-2)}
.wl-dl dt{color:var(--cl-text-2)}
.wl-dl dd{margin:0;overflow-wrap:anywhere}
#runner{flex:1;display:flex;flex-direction:column;min-block-size:0;background:var(--cl-bg)}
.wl-runbar{display:flex;align-items:center;gap:6px;padding:6px 8px;min-block-size:52px;border-block-end:1px solid var(--cl-border);background:var(--cl-bg);position:relative}
.wl-runtitle{flex:1;min-inline-size:0;display:flex;align-items:center;gap:8px}
.wl-runtitle strong{white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.wl-capsule{display:flex;align-items:center;border:1px solid var(--cl-border);border-radius:99px;overflow:hidden}
.wl-capsule .cl-btn{border:0;border-radius:0;min-block-size:34px;min-inline-size:40px;padding:4px 8px;background:none;color:var(--cl-text)}
.wl-capsule .cl-btn+.cl-btn{border-inline-start:1px solid var(--cl-border)}
.wl-menu{position:absolute;inset-inline-end:8px;inset-block-start:calc(100% + 4px);z-index:6;display:flex;flex-direction:column;min-inline-size:180px;padding:4px;background:var(--cl-surface);border:1px solid var(--cl-border);border-radius:var(--cl-r-2);box-shadow:0 8px 24px rgba(0,0,0,.2)}
.wl-menu .cl-btn{justify-content:flex-start;border:0;min-block-size:40px;color:var(--cl-text)}
.wl-stage{position:relative;flex:1;display:flex;min-block-size:0;background:var(--cl-bg)}
#app-container{flex:1;display:flex;min-block-size:0}
#app-container iframe{flex:1;inline-size:100%;block-size:100%;border:0;background:transparent;color-scheme:inherit}
.wl-overlay{position:absolute;inset:0;display:flex;flex-direction:column;align-items:center;justify-content:center;gap:12px;padding:24px;background:var(--cl-bg);color:var(--cl-text-2);text-align:center}
.wl-overlay .cl-state{max-inline-size:420px}
.wl-chip{display:inline-flex;align-items:center;gap:6px;font-size:var(--cl-fs-1);color:var(--cl-text-2);white-space:nowrap}
.wl-dot{inline-size:8px;block-size:8px;border-radius:50%;background:var(--cl-warning)}
.wl-dot[data-state=ready]{background:var(--cl-success)}
.wl-toastwrap{position:fixed;z-index:7}
[data-running=true] .wl-tabs,[data-running=true] .wl-phone>.wl-bar{display:none}
.wl-wb-slot{min-inline-size:0;grid-column:1/-1}
.wl-wb-drawerbar{display:none}
@media (max-width:899.98px){
  .wl-shell:not([data-tab=apps]) #launcher{display:none}
  .wl-shell:not([data-tab=apps]):not([data-running=true]) .wl-phone{display:contents}
  .wl-shell:not([data-tab=apps]):not([data-running=true]) .wl-side{display:flex}
  .wl-side>section:not(.wl-current){display:none}
  [data-running=true] .wl-phone{position:fixed;inset:0;z-index:8}
  .wl-wb-slot{display:none}
  .wl-shell[data-tab=workbench]:not([data-running=true]) .wl-wb-slot{display:block}
  .wl-shell[data-workbench=drawer][data-running=true] .wl-side{display:flex;position:fixed;inset-inline:0;inset-block-end:0;z-index:9;max-block-size:72dvh;overflow:auto;padding:0;gap:0;background:var(--cl-bg);border-block-start:1px solid var(--cl-border);border-radius:16px 16px 0 0;box-shadow:0 -12px 40px rgba(0,0,0,.28)}
  .wl-shell[data-workbench=drawer][data-running=true] .wl-side>section{display:none}
  .wl-shell[data-workbench=drawer][data-running=true] .wl-wb-slot{display:block}
  .wl-wb-slot[data-drawer=true] .wl-wb-drawerbar{position:sticky;inset-block-start:0;z-index:1;display:flex;align-items:center;justify-content:space-between;padding:4px 8px 4px 16px;background:var(--cl-bg);border-block-end:1px solid var(--cl-border)}
  .wl-wb-slot[data-drawer=true] .wl-wb{border:0;border-radius:0}
  .wl-wb-slot[data-drawer=true] .wl-wb-head{display:none}
}
@media (min-width:900px){
  .wl-shell{flex-direction:row;align-items:flex-start;gap:24px;padding:24px;max-inline-size:1440px;margin-inline:auto;box-sizing:border-box}
  .wl-phone{flex:none;inline-size:400px;block-size:min(860px,calc(100dvh - 48px));min-block-size:560px;position:sticky;inset-block-start:24px;border:1px solid var(--cl-border);border-radius:32px;overflow:hidden;box-shadow:0 20px 60px rgba(0,0,0,.18)}
  .wl-main{overflow:auto;padding-block-end:16px}
  .wl-tabs{display:none}
  #workbench-toggle{display:none}
  [data-running=true] .wl-phone>.wl-bar{display:flex}
  .wl-side{display:grid;flex:1;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));align-items:start;padding:0;min-inline-size:0}
}`

/** Installs the wallet's CSS once (after the kit's tokens). */
export function installWalletCss(): void {
  css('wallet', CSS)
}
