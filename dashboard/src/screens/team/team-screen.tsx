// The workspace's members and their roles. Everyone sees who is in it and what each role may do;
// only an owner adds members, changes roles and removes members (the buttons are not shown to
// the others). The server keeps one owner at least: its refusal is shown as it words it.
import { useId, useState, type FormEvent } from 'react';
import { useMe } from '../../api/session.ts';
import { ROLE_EXPLANATIONS, ROLES, useMemberWrites, useMembers, type Member } from '../../api/team.ts';
import type { Role } from '../../api/types.ts';
import { Loaded } from '../../ui/async.tsx';
import { Field, FormError } from '../../ui/field.tsx';
import { useFormSubmit } from '../../ui/use-form-submit.ts';
import { formatTime } from './format.ts';
import './team.css';

export function TeamScreen() {
  const me = useMe().data;
  const isOwner = me?.workspace.role === 'owner';
  const members = useMembers();
  const rows = useFormSubmit();
  return (
    <section className="team">
      <h1>Team</h1>
      <section className="panel" aria-labelledby="roles-heading">
        <h2 id="roles-heading">Roles</h2>
        <dl className="roles">
          {ROLES.map((role) => <div key={role}><dt>{role}</dt><dd>{ROLE_EXPLANATIONS[role]}</dd></div>)}
        </dl>
        {isOwner ? null : <p className="muted">You are a {me?.workspace.role}: only an owner manages members.</p>}
      </section>
      <section className="panel" aria-labelledby="members-heading">
        <h2 id="members-heading">Members of {me?.workspace.name}</h2>
        <FormError error={rows.formError([])} />
        <Loaded query={members}>
          {(list) => (
            <div className="table-wrap">
              <table>
                <caption className="visually-hidden">Members</caption>
                <thead><tr><th scope="col">E-mail</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Joined</th>{isOwner ? <th scope="col">Manage</th> : null}</tr></thead>
                <tbody>
                  {list.map((m) => <MemberRow key={m.userId} member={m} isOwner={isOwner} submission={rows} isMe={m.userId === me?.user.id} />)}
                </tbody>
              </table>
            </div>
          )}
        </Loaded>
      </section>
      {isOwner ? <AddMember /> : null}
    </section>
  );
}

function MemberRow({ member, isOwner, isMe, submission }: { member: Member; isOwner: boolean; isMe: boolean; submission: ReturnType<typeof useFormSubmit> }) {
  const writes = useMemberWrites();
  const [role, setRole] = useState<Role>(member.role);
  const [confirming, setConfirming] = useState(false);
  const selectId = useId();
  return (
    <tr>
      <td>{member.email}{isMe ? <span className="muted"> (you)</span> : null}</td>
      <td>{member.name ?? <span className="muted">—</span>}</td>
      <td>{member.role}</td>
      <td>{formatTime(member.joinedAt)}</td>
      {isOwner ? (
        <td>
          <div className="member-actions">
            <label htmlFor={selectId} className="visually-hidden">Role of {member.email}</label>
            <select id={selectId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
              {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
            </select>
            <button type="button" className="secondary" disabled={submission.pending || role === member.role}
              onClick={() => void submission.submit(() => writes.changeRole(member.userId, role))}>Change role<span className="visually-hidden"> of {member.email}</span></button>
            {confirming ? (
              <span className="confirm">
                <button type="button" className="danger" disabled={submission.pending}
                  onClick={() => void submission.submit(async () => {
                    setConfirming(false);
                    await writes.remove(member.userId);
                  })}>Confirm removing {member.email}</button>
                <button type="button" className="secondary" onClick={() => setConfirming(false)}>Keep<span className="visually-hidden"> {member.email}</span></button>
              </span>
            ) : (
              <button type="button" className="danger" onClick={() => { submission.clear(); setConfirming(true); }}>Remove<span className="visually-hidden"> {member.email}</span></button>
            )}
          </div>
        </td>
      ) : null}
    </tr>
  );
}

function AddMember() {
  const writes = useMemberWrites();
  const form = useFormSubmit();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [added, setAdded] = useState('');
  const roleId = useId();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setAdded('');
    void form.submit(async () => {
      const answer = await writes.add({ email, role, ...(password !== '' && { password }), ...(name !== '' && { name }) });
      setAdded(`${answer.member.email} added as ${answer.member.role}${answer.newAccount ? ' with a new account: give them the password privately.' : '.'}`);
      setEmail('');
      setPassword('');
      setName('');
    });
  };
  return (
    <section className="panel" aria-labelledby="add-heading">
      <h2 id="add-heading">Add a member</h2>
      <form onSubmit={onSubmit} noValidate className="inline-form">
        <Field label="E-mail" type="email" required autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={form.fieldError('email')} />
        <div className="field">
          <label htmlFor={roleId}>Role</label>
          <select id={roleId} value={role} onChange={(e) => setRole(e.target.value as Role)}>
            {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </div>
        <Field label="First password (new accounts)" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={form.fieldError('password')}
          hint="At least 12 characters. Leave empty when the e-mail already has a Kairox account." />
        <Field label="Name (new accounts, optional)" value={name} onChange={(e) => setName(e.target.value)} error={form.fieldError('name')} />
        <FormError error={form.formError(['email', 'password', 'name', 'role'])} />
        <button type="submit" disabled={form.pending}>Add member</button>
        <p role="status" aria-live="polite" className="muted">{added}</p>
      </form>
    </section>
  );
}
