// Why: opened without its token (a bookmark, a copied URL), the page says how to get a working one instead of failing silently.
export function MissingToken() {
  return (
    <main className="missing-token">
      <h1>Stackdeck needs its access token</h1>
      <p>
        This page was opened without the <code>?token=</code> part of its address. Open the exact URL printed by{' '}
        <code>npx stackdeck ui</code> (it opens by itself unless started with <code>--no-open</code>).
      </p>
    </main>
  );
}
