// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function TeamScreen() {
  return (
    <section>
      <h1>Team</h1>
    </section>
  );
}
