/** Saves a base64 file from the host through the browser's download (works in Electron too). */
export function downloadBase64(filename: string, mime: string, base64: string): void {
  const bin = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bin], { type: mime }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Local calendar date as YYYY-MM-DD and the zone's offset east of UTC in minutes. */
export function localDay(d = new Date()): { date: string; tzOffsetMinutes: number } {
  const pad = (n: number) => String(n).padStart(2, '0');
  return {
    date: `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    tzOffsetMinutes: -d.getTimezoneOffset(),
  };
}
