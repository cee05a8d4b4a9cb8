// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function OrdersScreen() {
  return (
    <section>
      <h1>Orders</h1>
    </section>
  );
}
