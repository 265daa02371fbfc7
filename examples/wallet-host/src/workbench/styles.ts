// The workbench's CSS, on the kit's tokens (--cl-*) so light and dark follow the wallet. Installed
// when the workbench chunk loads: a wallet without the workbench carries none of it.
import { css } from '@chainless/ui-kit'

const CSS = `.wl-wb{display:flex;flex-direction:column;gap:0;padding:0;overflow:hidden;min-inline-size:0;container-type:inline-size}
.wl-wb-head{display:flex;align-items:center;gap:10px;padding:12px 16px 0}
.wl-wb-head .wl-h2{flex:1;min-inline-size:0}
.wl-wb-app{display:inline-flex;align-items:center;gap:6px;max-inline-size:50%;font-size:var(--cl-fs-1);color:var(--cl-text-2);font-family:var(--cl-mono);white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.wl-wb-tabs{display:flex;gap:2px;padding:8px 12px 0;overflow-x:auto;scrollbar-width:thin;border-block-end:1px solid var(--cl-border)}
.wl-wb-tab{flex:none;font:inherit;font-size:var(--cl-fs-2);font-weight:600;color:var(--cl-text-2);background:none;border:0;border-block-end:2px solid transparent;padding:8px 10px;min-block-size:40px;cursor:pointer;border-radius:var(--cl-r-1,6px) var(--cl-r-1,6px) 0 0}
.wl-wb-tab:hover{color:var(--cl-text);background:var(--cl-surface-2)}
.wl-wb-tab[aria-selected=true]{color:var(--cl-primary);border-block-end-color:var(--cl-primary)}
.wl-wb-tab:focus-visible{outline:2px solid var(--cl-focus);outline-offset:-2px}
.wl-wb-panel{display:flex;flex-direction:column;gap:12px;padding:12px 16px 16px;min-inline-size:0}
.wl-wb-panel:focus-visible{outline:2px solid var(--cl-focus);outline-offset:-2px}
.wl-wb-toolbar{display:flex;flex-wrap:wrap;align-items:center;gap:8px}
.wl-wb-toolbar .wl-input{flex:1 1 160px;min-inline-size:0}
.wl-wb-toolbar .wl-select{flex:0 1 auto}
.wl-wb-toolbar .cl-btn{min-block-size:40px;padding:6px 12px;font-size:var(--cl-fs-2)}
.wl-wb-note{margin:0;font-size:var(--cl-fs-1);color:var(--cl-text-2)}
.wl-wb-banner{margin:0;padding:8px 12px;border-radius:var(--cl-r-2);background:var(--cl-warning-bg);color:var(--cl-warning);font-size:var(--cl-fs-2);font-weight:600}
.wl-wb-log{list-style:none;margin:0;padding:0;border:1px solid var(--cl-border);border-radius:var(--cl-r-2);max-block-size:min(60vh,560px);overflow:auto;background:var(--cl-bg);contain:content}
.wl-wb-log>li{border-block-end:1px solid var(--cl-border);content-visibility:auto;contain-intrinsic-size:auto 44px}
.wl-wb-log>li:last-child{border-block-end:0}
.wl-wb-row{display:grid;grid-template-columns:auto minmax(0,1fr) auto auto;align-items:center;gap:8px;inline-size:100%;padding:8px 12px;min-block-size:44px;background:none;border:0;color:inherit;font:inherit;font-size:var(--cl-fs-2);text-align:start;cursor:pointer}
.wl-wb-row:hover{background:var(--cl-surface-2)}
.wl-wb-row:focus-visible{outline:2px solid var(--cl-focus);outline-offset:-2px}
.wl-wb-time{font-family:var(--cl-mono);font-size:var(--cl-fs-1);color:var(--cl-text-2)}
.wl-wb-method{display:flex;flex-wrap:wrap;align-items:center;gap:4px 6px;min-inline-size:0;font-family:var(--cl-mono);font-weight:600}
.wl-wb-method>span:first-child{min-inline-size:0;max-inline-size:100%;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.wl-wb-sub{font-weight:400;color:var(--cl-text-2)}
.wl-wb-dur{font-family:var(--cl-mono);font-size:var(--cl-fs-1);color:var(--cl-text-2);min-inline-size:52px;text-align:end}
.wl-wb-details{display:flex;flex-direction:column;gap:8px;padding:4px 12px 12px;background:var(--cl-surface-2)}
.wl-wb-details .wl-dl{font-size:var(--cl-fs-1)}
.wl-wb-json{margin:0;padding:8px 10px;max-block-size:240px;overflow:auto;font-family:var(--cl-mono);font-size:var(--cl-fs-1);line-height:1.45;white-space:pre-wrap;overflow-wrap:anywhere;background:var(--cl-bg);border:1px solid var(--cl-border);border-radius:var(--cl-r-2)}
.wl-wb-h4{margin:0;font-size:var(--cl-fs-1);font-weight:700;text-transform:uppercase;letter-spacing:.04em;color:var(--cl-text-2)}
.wl-wb-details .cl-btn{align-self:flex-start;min-block-size:36px;padding:6px 12px;font-size:var(--cl-fs-2)}
.wl-wb-table{list-style:none;margin:0;padding:0;border:1px solid var(--cl-border);border-radius:var(--cl-r-2);max-block-size:min(60vh,560px);overflow:auto}
.wl-wb-table>li{display:grid;grid-template-columns:auto minmax(0,1fr) auto auto;gap:4px 10px;align-items:center;padding:8px 12px;font-size:var(--cl-fs-2)}
.wl-wb-table>li+li{border-block-start:1px solid var(--cl-border)}
.wl-wb-table .wl-wb-path{font-family:var(--cl-mono);overflow-wrap:anywhere}
.wl-wb-table .wl-wb-meta{grid-column:1/-1;display:flex;flex-wrap:wrap;gap:4px 12px;font-size:var(--cl-fs-1);color:var(--cl-text-2);font-family:var(--cl-mono)}
.wl-wb-verb{font-family:var(--cl-mono);font-weight:700;font-size:var(--cl-fs-1);min-inline-size:48px}
.wl-wb-live{display:inline-flex;align-items:center;gap:6px;font-size:var(--cl-fs-1);color:var(--cl-text-2)}
.wl-wb-live .wl-dot[data-state=live]{background:var(--cl-success)}
.wl-wb-live .wl-dot[data-state=offline]{background:var(--cl-danger)}
.wl-wb-quota{display:flex;flex-direction:column;gap:4px;font-size:var(--cl-fs-2);color:var(--cl-text-2)}
.wl-wb-bar{block-size:8px;border-radius:99px;background:var(--cl-surface-2);overflow:hidden;border:1px solid var(--cl-border)}
.wl-wb-bar>span{display:block;block-size:100%;background:var(--cl-primary);border-radius:99px}
.wl-wb-bar[data-level=high]>span{background:var(--cl-warning)}
.wl-wb-bar[data-level=full]>span{background:var(--cl-danger)}
.wl-wb-kv{list-style:none;margin:0;padding:0;border:1px solid var(--cl-border);border-radius:var(--cl-r-2);overflow:hidden}
.wl-wb-kv>li{display:flex;flex-direction:column;gap:6px;padding:10px 12px}
.wl-wb-kv>li+li{border-block-start:1px solid var(--cl-border)}
.wl-wb-kvrow{display:flex;align-items:center;gap:8px;min-inline-size:0}
.wl-wb-key{flex:none;max-inline-size:40%;font-family:var(--cl-mono);font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.wl-wb-val{flex:1;min-inline-size:0;font-family:var(--cl-mono);font-size:var(--cl-fs-1);color:var(--cl-text-2);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.wl-wb-kv .cl-btn,.wl-wb-grants .cl-btn{flex:none;min-block-size:34px;padding:4px 10px;font-size:var(--cl-fs-2)}
.wl-wb-textarea{font-family:var(--cl-mono);font-size:var(--cl-fs-1);min-block-size:96px;resize:vertical;inline-size:100%;box-sizing:border-box}
.wl-wb-error{margin:0;color:var(--cl-danger);font-size:var(--cl-fs-2)}
.wl-wb-grants{list-style:none;margin:0;padding:0;display:flex;flex-direction:column;gap:8px}
.wl-wb-grants>li{display:flex;flex-direction:column;gap:8px;padding:10px 12px;border:1px solid var(--cl-border);border-radius:var(--cl-r-2)}
.wl-wb-chips{display:flex;flex-wrap:wrap;gap:6px}
.wl-wb-chip{display:inline-flex;align-items:center;gap:4px;padding:2px 4px 2px 10px;border-radius:99px;background:var(--cl-surface-2);border:1px solid var(--cl-border);font-size:var(--cl-fs-1);font-family:var(--cl-mono)}
.wl-wb-chip .cl-btn{min-block-size:28px;min-inline-size:28px;padding:2px;border:0;background:none;border-radius:99px}
.wl-wb-stats{display:grid;grid-template-columns:repeat(auto-fill,minmax(120px,1fr));gap:8px;margin:0}
.wl-wb-stat{display:flex;flex-direction:column;gap:2px;padding:10px 12px;border-radius:var(--cl-r-2);background:var(--cl-surface-2);border:1px solid var(--cl-border);min-inline-size:0}
.wl-wb-stat dt{font-size:var(--cl-fs-1);color:var(--cl-text-2);font-weight:600}
.wl-wb-stat dd{margin:0;font-size:var(--cl-fs-4);font-weight:700;font-variant-numeric:tabular-nums;overflow-wrap:anywhere}
.wl-wb-stat small{font-size:var(--cl-fs-1);color:var(--cl-text-2);font-weight:400}
.wl-wb-bars{display:flex;flex-direction:column;gap:6px;margin:0}
.wl-wb-bars>div{display:grid;grid-template-columns:44px 1fr 76px;align-items:center;gap:8px;font-size:var(--cl-fs-1)}
.wl-wb-bars dt{font-family:var(--cl-mono);color:var(--cl-text-2)}
.wl-wb-bars dd{margin:0;text-align:end;font-family:var(--cl-mono);font-variant-numeric:tabular-nums}
@container (max-width:520px){
.wl-wb-row{grid-template-columns:minmax(0,1fr) auto auto;row-gap:2px}
.wl-wb-row .wl-wb-time{grid-row:2;grid-column:1/-1}
.wl-wb-head{padding-block-start:8px}
}
.wl-wb-placeholder{margin:0;padding:24px 16px;text-align:center;color:var(--cl-text-2);font-size:var(--cl-fs-2)}`

/**
 * Installs the workbench's CSS once (after the wallet's).
 *
 * @example
 * ```ts
 * installWorkbenchCss()
 * ```
 */
export function installWorkbenchCss(): void {
  css('workbench', CSS)
}
