// Why: `stackdeck ui` still opens something useful when the dashboard has not been built: what is missing and the command that builds it.
export function notBuiltPage(rendererDir: string | undefined): string {
  const where = rendererDir
    ? `<p>No <code>index.html</code> in <code>${escapeHtml(rendererDir)}</code>.</p>`
    : '<p>This server was started without a dashboard folder.</p>';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Stackdeck: dashboard not built</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem}code{background:#eee;padding:0 .2em}</style>
</head>
<body>
<h1>The Stackdeck dashboard is not built</h1>
${where}
<p>Build it from the project root with <code>npx vite build</code>, then reload this page.
The engine API is running: <code>POST /api/request</code> and the <code>/api/events</code> WebSocket answer already.</p>
</body>
</html>
`;
}

// Why: the folder name is the user's text and goes into HTML.
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char);
}
