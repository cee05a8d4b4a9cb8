// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function PositionsScreen() {
  return (
    <section>
      <h1>Positions and P&L</h1>
    </section>
  );
}
