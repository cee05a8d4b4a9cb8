// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function ConnectionScreen() {
  return (
    <section>
      <h1>Connection</h1>
    </section>
  );
}
