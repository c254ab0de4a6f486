import { connect } from 'node:net';

/** Writes raw bytes to the API and resolves with what it answered before closing (or after `waitMs`). */
export function rawExchange(apiUrl: string, chunks: string[], waitMs: number): Promise<{ reply: string; closed: boolean }> {
  const url = new URL(apiUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    let reply = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ reply, closed: false });
    }, waitMs);
    socket.on('data', (data) => (reply += data.toString('utf8')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ reply, closed: true });
    });
    socket.on('error', () => undefined);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
  });
}
