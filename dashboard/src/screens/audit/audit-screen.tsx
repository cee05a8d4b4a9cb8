// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function AuditScreen() {
  return (
    <section>
      <h1>Audit trail</h1>
    </section>
  );
}
