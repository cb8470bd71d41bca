// Staff desk entry (/desk): inject the CSS and mount the app.
import { render } from 'preact';
import { App } from './App';
import { deskCss } from './styles';

const style = document.createElement('style');
style.textContent = deskCss;
document.head.appendChild(style);
const root = document.getElementById('app');
if (root) {
  root.textContent = '';
  render(<App />, root);
}
