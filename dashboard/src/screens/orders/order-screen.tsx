// PLACEHOLDER until this screen is built (dashboard issue); replaced by its owner.
export function OrderScreen() {
  return (
    <section>
      <h1>Order</h1>
    </section>
  );
}
