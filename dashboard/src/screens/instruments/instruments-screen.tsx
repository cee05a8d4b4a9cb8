// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function InstrumentsScreen() {
  return (
    <section>
      <h1>Instruments</h1>
    </section>
  );
}
