// Answers shared by several areas. Where the OpenAPI document describes an answer, its type is
// taken from the generated schema (AnswerOf); an area's own answers live in its api/<area>.ts.
import type { AnswerOf } from './client.ts';

export type Me = AnswerOf<'/api/me', 'get'>;
export type Role = Me['workspace']['role'];
export type SignedIn = AnswerOf<'/api/auth/login', 'post'>;
