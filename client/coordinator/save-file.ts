// Saves a file made in this tab to the user's computer (the browser's download), without it
// ever leaving the machine: the bytes go from a Blob to a blob: URL, never to a server.
export function saveFile(name: string, content: Blob): void {
  const url = URL.createObjectURL(content);
  const anchor = document.createElement("a");
  anchor.href = url;
  anchor.download = name;
  anchor.click();
  // The download has its own reference to the bytes once it started; the URL can go.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
