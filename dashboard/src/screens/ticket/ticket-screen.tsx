// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function TicketScreen() {
  return (
    <section>
      <h1>Order ticket</h1>
    </section>
  );
}
