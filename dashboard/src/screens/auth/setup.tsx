// First visit: create the owner (and their workspace), who is then signed in.
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client.ts';
import { useSetupNeeded, useSignedIn } from '../../api/session.ts';
import { Field, FormError } from '../../ui/field.tsx';
import { useFormSubmit } from '../../ui/use-form-submit.ts';

const FIELDS = ['email', 'password', 'name', 'workspaceName'] as const;

export function SetupScreen() {
  const setup = useSetupNeeded();
  const signedIn = useSignedIn();
  const navigate = useNavigate();
  const form = useFormSubmit();
  const [values, setValues] = useState({ email: '', password: '', name: '', workspaceName: '' });
  // Set when this visit created the owner: from then on set-up is no longer needed, but this page
  // goes on to Connect Brokers & Exchanges, not to sign-in.
  const [created, setCreated] = useState(false);
  if (setup.data && !setup.data.needed && !created) return <Navigate to="/login" replace />;

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void form.submit(async () => {
      const body = { email: values.email, password: values.password, ...(values.name && { name: values.name }), ...(values.workspaceName && { workspaceName: values.workspaceName }) };
      const answer = await unwrap(api.POST('/api/setup', { body }));
      setCreated(true);
      signedIn(answer);
      navigate('/connections/new', { replace: true });
    });
  };
  const set = (key: keyof typeof values) => (event: { target: { value: string } }) => setValues({ ...values, [key]: event.target.value });
  return (
    <main id="main" className="narrow">
      <h1>Set up Kairox</h1>
      <p>No one uses this Kairox yet. Create its owner: you manage the workspace, its members and its broker connections.</p>
      <form onSubmit={onSubmit} noValidate>
        <Field label="E-mail" type="email" autoComplete="username" required value={values.email} onChange={set('email')} error={form.fieldError('email')} />
        <Field label="Password" type="password" autoComplete="new-password" required value={values.password} onChange={set('password')} error={form.fieldError('password')} hint="At least 12 characters." />
        <Field label="Your name (optional)" autoComplete="name" value={values.name} onChange={set('name')} error={form.fieldError('name')} />
        <Field label="Workspace name (optional)" value={values.workspaceName} onChange={set('workspaceName')} error={form.fieldError('workspaceName')} />
        <FormError error={form.formError(FIELDS)} />
        <button type="submit" disabled={form.pending}>Create the owner</button>
      </form>
    </main>
  );
}
