import { Link } from 'react-router';

export function NotFoundScreen() {
  return (
    <section>
      <h1>Nothing here</h1>
      <p>This address is not a screen of Kairox. <Link to="/connections">Go to your connections</Link>.</p>
    </section>
  );
}
