// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function SignalTimelineScreen() {
  return (
    <section>
      <h1>Signal timeline</h1>
    </section>
  );
}
