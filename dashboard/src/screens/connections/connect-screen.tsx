// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function ConnectScreen() {
  return (
    <section>
      <h1>Connect Brokers & Exchanges</h1>
    </section>
  );
}
