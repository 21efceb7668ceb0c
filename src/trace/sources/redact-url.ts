/** A connection URL without its password, for descriptions, evidence and replay commands. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}

/** `user@host:port/db` without scheme or secrets: what a timeline entry names. */
export function serverOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.username ? `${u.username}@` : ''}${u.host}${u.pathname && u.pathname !== '/' ? u.pathname : ''}`;
  } catch {
    return redactUrl(url);
  }
}
