/** The kiosk at /kiosk (placeholder shell: replaced by the kiosk's screens). */
export function KioskApp() {
  return (
    <main className="kiosk">
      <h1>This kiosk is not set up</h1>
    </main>
  );
}
