// widget.js entry: mount the chat widget in a shadow root on whatever page includes the script.
import { render } from 'preact';
import { readConfig } from './config';
import { widgetCss } from './styles';
import { App } from './ui/App';

declare global {
  interface Window {
    __lawlineWidget?: { host: HTMLElement };
  }
}

function mount(script: HTMLScriptElement | null) {
  if (window.__lawlineWidget) return; // included twice: one widget only
  const config = readConfig({ ...(script?.dataset ?? {}) }, script?.src ?? null, location.href);
  const host = document.createElement('lawline-widget');
  host.setAttribute('data-lawline', '');
  document.body.appendChild(host);
  const root = host.attachShadow({ mode: 'open' });
  const css = widgetCss(config.color, config.zIndex, config.position);
  // A constructed stylesheet is not an inline style, so host pages with a strict CSP (no
  // 'unsafe-inline' styles) still render the widget; older browsers get a <style> element.
  let adopted = false;
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
    adopted = true;
  } catch {
    /* no constructable stylesheets */
  }
  if (!adopted) {
    const style = document.createElement('style');
    style.textContent = css;
    root.appendChild(style);
  }
  const container = document.createElement('div');
  root.appendChild(container);
  render(<App config={config} />, container);
  window.__lawlineWidget = { host };
}

const script = document.currentScript as HTMLScriptElement | null;
if (document.body) mount(script);
else document.addEventListener('DOMContentLoaded', () => mount(script));
