// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function AccessScreen() {
  return (
    <section>
      <h1>API tokens and webhooks</h1>
    </section>
  );
}
