import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

function App() {
  const [status, setStatus] = useState<string>('…');
  useEffect(() => {
    fetch('/api/health')
      .then((r) => r.json() as Promise<{ status: string }>)
      .then((b) => setStatus(b.status))
      .catch(() => setStatus('error'));
  }, []);
  return (
    <main>
      <h1>Tiến độ 06</h1>
      <p data-testid="health">API: {status}</p>
    </main>
  );
}

const root = document.getElementById('root');
if (root) createRoot(root).render(<StrictMode><App /></StrictMode>);
