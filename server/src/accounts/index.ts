export { PasswordHasher } from './passwords.ts';
export { registerOwner, addMember, type RegisterDeps, type RegisterInput, type RegisteredOwner, type RegisterMode, type MemberInput, type AddedMember } from './register.ts';
export { addUserAsOperator, createTokenAsOperator, type OperatorUserInput, type OperatorAddedUser, type OperatorTokenInput, type OperatorToken } from './operator.ts';
export { checkPassword, INVALID_CREDENTIALS_MESSAGE, type LoginDeps, type SignedIn } from './login.ts';
export { SessionStore, type ActiveSession, type NewSession } from './sessions.ts';
export { ApiTokens, type ApiTokenView, type TokenPrincipal, type TokenActor, type TokenDeps } from './tokens.ts';
export { emailSchema, newPasswordSchema, nameSchema, check, PASSWORD_MIN, PASSWORD_MAX } from './credentials.ts';
export type { AuditRecorder } from './ports.ts';
