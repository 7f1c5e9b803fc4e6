/**
 * The page at / until the console (issue 16) replaces it: says what is here and where to go, so a
 * newcomer who opens the address `npm start` printed sees Patron, not an error.
 */
export function Home() {
  return (
    <main className="home">
      <h1>Patron</h1>
      <p>One trustworthy customer record for your dispensary, kept in step with each store's POS.</p>
      <ul>
        <li>
          <a href="/kiosk">Kiosk</a>: customers check in, sign up and look after their profile.
        </li>
        <li>
          <a href="/docs">API documentation</a>: every endpoint, tried from the browser.
        </li>
      </ul>
      <p className="home-note">The staff console comes next; until then staff work through the API.</p>
    </main>
  );
}
