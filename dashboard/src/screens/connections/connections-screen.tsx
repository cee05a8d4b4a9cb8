// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function ConnectionsScreen() {
  return (
    <section>
      <h1>Connections</h1>
    </section>
  );
}
