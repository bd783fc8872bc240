import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { watchActivity } from './api/session';
import { App } from './app';
import './styles.css';

watchActivity(window);
const root = document.getElementById('root');
if (root)
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
