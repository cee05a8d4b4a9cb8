// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function RiskScreen() {
  return (
    <section>
      <h1>Risk</h1>
    </section>
  );
}
