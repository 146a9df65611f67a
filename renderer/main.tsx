import '@xterm/xterm/css/xterm.css';
import './styles/theme.css';
import './styles/base.css';
import './styles/shell.css';
import './styles/services.css';
import './styles/logs.css';
import './styles/config.css';
import './styles/agents.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { MissingToken } from './app/MissingToken.tsx';
import { pickTransport, type PageHost } from './app/pick-transport.ts';

// The entry point: choose the transport (the Electron preload's bridge, else the web transport with the URL's token) and render.
const choice = pickTransport(window as unknown as PageHost);
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    {choice.kind === 'missing-token' ? <MissingToken /> : <App transport={choice.transport} browserNotifications={choice.kind === 'web'} />}
  </StrictMode>,
);
