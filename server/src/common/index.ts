export { loadConfig, ConfigError, type Config, type Env } from './config.ts';
export { createLogger, componentLogger, REDACT_PATHS, type Logger, type LoggerOptions } from './logger.ts';
export { systemClock, ManualClock, type Clock } from './clock.ts';
export {
  KairoxError,
  ValidationError,
  BadRequest,
  Unauthorized,
  Forbidden,
  NotFound,
  Conflict,
  PayloadTooLarge,
  RateLimited,
  type ErrorCode,
} from './errors.ts';
export { newId, isId, base32, randomIdBytes, type IdPrefix } from './ids.ts';
export { randomSecret, sha256Hex, safeEqual } from './secrets.ts';
export { canonicalJson } from './canonical-json.ts';
export { KeyedTurns } from './keyed-turns.ts';
