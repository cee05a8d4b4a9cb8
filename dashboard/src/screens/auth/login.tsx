// Sign-in with e-mail and password; back to the screen that asked for it.
import { useState, type FormEvent } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useMe, useSetupNeeded, useSignedIn } from '../../api/session.ts';
import { Field, FormError } from '../../ui/field.tsx';
import { useFormSubmit } from '../../ui/use-form-submit.ts';

export function LoginScreen() {
  const me = useMe();
  const setup = useSetupNeeded();
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const location = useLocation();
  const form = useFormSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  if (setup.data?.needed) return <Navigate to="/setup" replace />;
  if (me.data) return <Navigate to="/" replace />;

  const from = (location.state as { from?: string } | null)?.from ?? '/';
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      signedIn(await unwrap(api.POST('/api/auth/login', { body: { email, password } })));
      navigate(from, { replace: true });
    });
  };
  return (
    <main id="main" className="narrow">
      <h1>Sign in to Kairox</h1>
      <form onSubmit={onSubmit} noValidate>
        <Field label="E-mail" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} error={form.fieldError('email')} />
        <Field label="Password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={form.fieldError('password')} />
        <FormError error={form.formError(['email', 'password'])} />
        <button type="submit" disabled={form.pending}>Sign in</button>
      </form>
    </main>
  );
}
